"""Take full-page screenshots of a running Shortlist with headless Chromium, to look at the pages.

    python scripts/screenshots.py http://127.0.0.1:8000 /app/ "/w/{ws}/profile/" --width 390

Logs in as the demo user; ``{ws}`` in a path becomes the demo workspace id. PNGs go to
var/screenshots/. A development aid, not part of the app.
"""

import argparse
import re
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--email", default="demo@shortlist.localhost")
    parser.add_argument("--password", default="genetics-demo-2027")
    parser.add_argument("--anonymous", action="store_true")
    parser.add_argument("--out", default="var/screenshots")
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        page = browser.new_page(viewport={"width": options.width, "height": 900})
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        workspace = ""
        if not options.anonymous:
            page.goto(f"{options.base_url}/accounts/login/")
            page.fill("#id_login", options.email)
            page.fill("#id_password", options.password)
            page.click("button[type=submit]")
            page.wait_for_load_state()
            match = re.search(r"/w/([0-9a-f-]{36})/", page.url)
            workspace = match.group(1) if match else ""
        for path in options.paths:
            page.goto(options.base_url + path.replace("{ws}", workspace))
            name = re.sub(r"[^a-z0-9]+", "-", path.replace("{ws}", "ws").lower()).strip("-") or "root"
            target = out / f"{name}-{options.width}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target)
        if errors:
            print("console errors:", *errors, sep="\n  ")
        browser.close()


if __name__ == "__main__":
    main()
