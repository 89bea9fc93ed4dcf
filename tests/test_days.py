"""The private log of days done (days.js): the printed sheet's 7-day grid, ticked on finishing.

The clock is fixed (page.clock) and the time zone set, so "today" is a known local date; the
service worker is blocked so that every request seen is the page's own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser import AXE, DESKTOP, PHONE, require
from tests.static_server import serve

SITTING = "routines/mid-back-sitting/"
STANDING = "routines/mid-back-standing/"
ZONE = "America/New_York"
# 02:30 UTC on Monday 10 March 2025 is still Sunday 9 March in New York: the local date counts.
SUNDAY = datetime(2025, 3, 10, 2, 30, tzinfo=UTC)


def at(day: int, hour: int = 12) -> datetime:
    """Noon in New York on `day` March 2025 (16:00 UTC: daylight saving time began on the 9th)."""
    return datetime(2025, 3, day, hour + 4, tzinfo=UTC)


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    contexts = []

    def make(**options: Any) -> Page:
        settings = {**DESKTOP, "timezone_id": ZONE, "service_workers": "block", **options}
        context = browser.new_context(**settings)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(f"{e} {e.stack}"))
        page.sg_errors = errors  # type: ignore[attr-defined]
        return page

    yield make
    for context in contexts:
        context.close()


def finish(page: Page, routine: str = "mid-back-sitting") -> None:
    """What the player does at the end of a routine."""
    page.evaluate("r => document.dispatchEvent(new CustomEvent('sg:finished', "
                  "{detail: {routine: r}}))", routine)


def grid(page: Page) -> list[tuple[str, bool, bool]]:
    """Each column: its heading's text (lines joined by ' / '), ticked, marked today."""
    return [(" / ".join(th.inner_text().split("\n")), td.inner_text() == "✓",
              th.get_attribute("aria-current") == "date")
            for th, td in zip(page.locator(".sg-days th").all(),
                              page.locator(".sg-days td").all(), strict=True)]


def stored(page: Page, routine: str = "mid-back-sitting") -> Any:
    raw = page.evaluate("k => localStorage.getItem(k)", f"sg-days:{routine}")
    return None if raw is None else json.loads(raw)


def test_finishing_ticks_today_and_it_survives_a_reload(open_page: Callable[..., Page],
                                                         base_url: str) -> None:
    page = open_page()
    page.clock.set_fixed_time(SUNDAY)
    page.goto(base_url + SITTING)
    days = page.locator(".sg-days")
    assert days.is_visible()
    assert days.get_by_role("heading", name="Your days").is_visible()
    assert days.locator("caption").inner_text() == "Ticked when you finish the routine"
    assert [h for h, _, _ in grid(page)] == [f"Day {n}" for n in range(1, 8)]
    assert "today is ticked here as Day 1" in days.inner_text()
    assert "never sent anywhere" in days.inner_text()
    assert not page.locator(".sg-days button").first.is_visible()  # nothing to clear
    finish(page)
    for _ in range(2):  # as ticked, then after a reload
        columns = grid(page)
        assert columns[0] == ("Day 1 / Sun / Mar 9 / Today", True, True)
        assert columns[1] == ("Day 2 / Mon / Mar 10", False, False)
        assert columns[6][0] == "Day 7 / Sat / Mar 15"
        assert stored(page) == ["2025-03-09"]
        assert "Done on 1 of 7 days." in page.locator(".sg-days").inner_text()
        page.reload()
    assert page.sg_errors == []  # type: ignore[attr-defined]


def test_the_grid_is_seven_days_from_the_first_finish(open_page: Callable[..., Page],
                                                      base_url: str) -> None:
    page = open_page()
    page.clock.set_fixed_time(at(9))
    page.goto(base_url + SITTING)
    finish(page)
    finish(page)  # twice the same day is one tick
    for day in (11, 15):
        page.clock.set_fixed_time(at(day))
        finish(page)
    page.reload()
    assert [ticked for _, ticked, _ in grid(page)] == [True, False, True, False, False, False,
                                                       True]
    assert [today for _, _, today in grid(page)] == [False] * 6 + [True]
    assert stored(page) == ["2025-03-09", "2025-03-11", "2025-03-15"]
    page.clock.set_fixed_time(at(17))  # the grid's seven days are past: still shown
    page.reload()
    assert [ticked for _, ticked, _ in grid(page)] == [True, False, True, False, False, False,
                                                       True]
    assert not any(today for _, _, today in grid(page))
    assert "the next time you finish the routine starts a new one" in page.locator(
        ".sg-days").inner_text()
    finish(page)  # starts a new grid on the 17th
    columns = grid(page)
    assert columns[0] == ("Day 1 / Mon / Mar 17 / Today", True, True)
    assert [ticked for _, ticked, _ in columns[1:]] == [False] * 6
    assert stored(page) == ["2025-03-17"]  # nothing older is kept


def test_other_routines_keep_their_own_days(open_page: Callable[..., Page],
                                            base_url: str) -> None:
    page = open_page()
    page.clock.set_fixed_time(SUNDAY)
    page.goto(base_url + SITTING)
    finish(page, "mid-back-standing")  # another routine's player, finishing elsewhere
    assert not any(ticked for _, ticked, _ in grid(page))
    finish(page)
    page.goto(base_url + STANDING)
    assert not any(ticked for _, ticked, _ in grid(page))
    assert page.locator(".sg-days").get_attribute("data-routine") == "mid-back-standing"
    assert stored(page, "mid-back-standing") is None
    assert stored(page) == ["2025-03-09"]


def test_clear_asks_first_and_keyboard_only_works(open_page: Callable[..., Page],
                                                  base_url: str) -> None:
    page = open_page()
    page.clock.set_fixed_time(SUNDAY)
    page.goto(base_url + SITTING)
    finish(page)
    clear = page.get_by_role("button", name="Clear your days")
    clear.focus()
    page.keyboard.press("Enter")
    keep = page.get_by_role("button", name="Keep them")
    assert page.evaluate("document.activeElement.textContent") == "Keep them"  # the safe one
    assert "Clear every ticked day of this routine?" in page.locator(".sg-days").inner_text()
    page.keyboard.press("Escape")
    assert not keep.is_visible() and clear.is_visible()
    assert page.evaluate("document.activeElement.textContent") == "Clear your days"
    assert stored(page) == ["2025-03-09"]
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")  # back to "Yes, clear"
    page.keyboard.press("Enter")
    assert stored(page) is None
    assert not any(ticked for _, ticked, _ in grid(page))
    assert page.evaluate("document.activeElement.textContent") == (
        "Cleared: no days are kept for this routine.")
    assert not clear.is_visible()
    page.reload()
    assert not any(ticked for _, ticked, _ in grid(page))


# Chromium with cookies blocked refuses localStorage itself; Safari's private windows and a full
# quota refuse writes.
REFUSE_ALL = """Object.defineProperty(window, 'localStorage', {get() {
    throw new DOMException('The operation is insecure.', 'SecurityError'); }});"""
REFUSE_WRITES = """Storage.prototype.setItem = function () {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };"""


@pytest.mark.parametrize("refusal", [REFUSE_ALL, REFUSE_WRITES], ids=["all", "writes"])
def test_refused_storage_degrades_quietly(open_page: Callable[..., Page], base_url: str,
                                          refusal: str) -> None:
    page = open_page()
    page.add_init_script(refusal)
    page.clock.set_fixed_time(SUNDAY)
    page.goto(base_url + SITTING)
    finish(page)
    assert grid(page)[0] == ("Day 1 / Sun / Mar 9 / Today", True, True)  # for this visit
    page.get_by_role("button", name="Clear your days").click()
    page.get_by_role("button", name="Yes, clear").click()
    assert not grid(page)[0][1]
    # (The theme's own script stumbles over a refused localStorage; ours does not.)
    assert [e for e in page.sg_errors if "days.js" in e] == []  # type: ignore[attr-defined]


def test_nothing_is_sent_anywhere(open_page: Callable[..., Page], base_url: str) -> None:
    page = open_page()
    page.clock.set_fixed_time(SUNDAY)
    page.goto(base_url + SITTING, wait_until="networkidle")
    requests: list[str] = []
    page.context.on("request", lambda r: requests.append(r.url))
    finish(page)
    page.get_by_role("button", name="Clear your days").click()
    page.get_by_role("button", name="Yes, clear").click()
    finish(page)
    assert requests == []


def test_running_the_player_to_the_end_ticks_today(open_page: Callable[..., Page],
                                                   base_url: str) -> None:
    page = open_page()
    page.clock.install(time=SUNDAY)
    page.goto(base_url + SITTING)
    plan = page.evaluate("JSON.parse(document.getElementById('sg-plan').textContent)")
    page.locator(".sg-start").click()
    page.clock.run_for(plan["total_seconds"] * 1000 + 2000)  # automatic advance is on
    assert grid(page)[0] == ("Day 1 / Sun / Mar 9 / Today", True, True)


def _axe(page: Page) -> list[object]:
    require(AXE, "axe-core (npm)")
    page.add_script_tag(path=str(AXE))
    # After a click the buttons' colours are still in their CSS transition (axe would measure
    # the contrast half-way between two colour pairs): wait for it to end, as a reader sees it.
    result = page.evaluate("""async () => {
        await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
        const r = await axe.run(document.querySelector('.sg-days'), {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
        return r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}));
    }""")
    return list(result)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_axe_finds_no_violations_in_the_grid(open_page: Callable[..., Page], base_url: str,
                                             scheme: str, size: str) -> None:
    page = open_page(**(PHONE if size == "phone" else DESKTOP), color_scheme=scheme)
    page.clock.set_fixed_time(SUNDAY)
    page.goto(base_url + SITTING)
    finish(page)
    assert _axe(page) == []
    page.get_by_role("button", name="Clear your days").click()  # the question showing
    assert _axe(page) == []
