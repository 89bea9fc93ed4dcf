"""Real headless Chromium for the tests: Debian's /usr/bin/chromium driven by Playwright.

Playwright's own browser download does not work here, so the system Chromium is launched with
`executable_path`. When Chromium or axe-core is missing, tests skip on a developer machine
but fail under CI=true, where `make test` must have installed them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parent.parent / "node_modules/axe-core/axe.min.js"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
                         "is_mobile": True, "has_touch": True}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
VIEWPORTS: dict[str, dict[str, Any]] = {"desktop": DESKTOP, "phone": PHONE}


def require(path: str | Path, what: str) -> None:
    """Skip (developer machine) or fail (CI) when a tool the browser tests need is missing."""
    if Path(path).exists() or shutil.which(str(path)):
        return
    message = f"{what} not found at {path}: run `make test`, which installs it"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def tab_to(page: Any, target: Any, presses: int, what: str) -> None:
    """Press Tab until `target` (a Playwright locator) has the focus, at most `presses` times;
    fail the test saying `what` could not be reached."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"{what} could not be reached with Tab")
