"""The demo login printed by `make run` (local demo data only; no Django imports here)."""

DEMO_EMAIL = "demo@shortlist.localhost"
DEMO_PASSWORD = "genetics-demo-2027"  # noqa: S105 - shown on screen by `make run`; local demo data
