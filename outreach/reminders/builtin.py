"""The reminder sources outreach provides itself (registered in ``OutreachConfig.ready``)."""

from ..choices import ReminderKind
from .registry import ReminderSource
from .sources_calendar import deadline_due, deadline_still_due, fact_check_due, fact_check_still_due
from .sources_outreach import event_due, event_still_due, follow_up_due, follow_up_still_due

BUILTIN_SOURCES = (
    ReminderSource(
        kind=ReminderKind.FOLLOW_UP,
        label=ReminderKind.FOLLOW_UP.label,
        description="An email with no reply after the workspace's “no reply” days, and once more later.",
        find_due=follow_up_due,
        still_due=follow_up_still_due,
        order=10,
    ),
    ReminderSource(
        kind=ReminderKind.EVENT,
        label=ReminderKind.EVENT.label,
        description="Open houses, webinars, interviews and second looks: the day before and one hour before.",
        find_due=event_due,
        still_due=event_still_due,
        order=20,
    ),
    ReminderSource(
        kind=ReminderKind.DEADLINE,
        label=ReminderKind.DEADLINE.label,
        description="ERAS and NRMP dates of your season: 14 days, 3 days and 1 day before.",
        find_due=deadline_due,
        still_due=deadline_still_due,
        order=30,
    ),
    ReminderSource(
        kind=ReminderKind.FACT_CHECK,
        label=ReminderKind.FACT_CHECK.label,
        description="Stale or unconfirmed visa and cut-off facts on programs you pursue: before "
        "applications and before the rank list deadline.",
        find_due=fact_check_due,
        still_due=fact_check_still_due,
        order=40,
    ),
)
