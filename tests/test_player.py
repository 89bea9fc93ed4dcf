"""The routine player (issue 14) in real Chromium, with Playwright's clock instead of waiting.

The seed routines only hold, so a throwaway copy of the repository gets one more routine,
tests/player/player-test.yaml, with every kind of phase (a hold, reps in two sets, reps on each
side, a hold that ends on a sensation, an exercise with a caution), built by the generator once.
Its phases, as timing.py makes them (seconds):

    0 ready 15 (ex 1)   1 hold 4
    2 ready 5  (ex 2)   3 reps 3x3 set 1   4 rest 15   5 reps 3x3 set 2
    6 ready 15 (ex 3)   7 reps 2x4 first side   8 switch 5   9 reps 2x4 other side
    10 ready 15 (ex 4, with a caution)   11 until "the pain eases ..." (waits for Done)
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, Route

from tests.browser import AXE, DESKTOP, PHONE, VIEWPORTS, require, tab_to
from tests.conftest import copy_repo
from tests.static_server import serve

HERE = Path(__file__).parent
EVERY = "routines/player-test/"
SITTING = "routines/mid-back-sitting/"

# Recorders, installed before any page script runs: finished events, live-region messages,
# spoken cues, beeps (oscillators started), vibrations and wake-lock requests.
RECORD = """
window.__sg = {finished: [], live: [], spoken: [], beeps: 0, vibrations: 0};
document.addEventListener('sg:finished', e => __sg.finished.push(e.detail.routine));
new MutationObserver(records => {
  for (const r of records) {
    const t = r.target;
    if (t.nodeType === 1 && t.matches('dialog.sg-player [aria-live]') && t.textContent)
      __sg.live.push(t.textContent);
  }
}).observe(document, {subtree: true, childList: true});
if (window.speechSynthesis) speechSynthesis.speak = u => __sg.spoken.push(u.text);
const oscillator = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () { __sg.beeps += 1; return oscillator.call(this); };
if (navigator.vibrate) navigator.vibrate = () => { __sg.vibrations += 1; return true; };
"""


@pytest.fixture(scope="module")
def every_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real content plus the every-phase routine, built strictly and served."""
    from generator.cli import main

    repo = copy_repo(tmp_path_factory.mktemp("player") / "repo")
    shutil.copy(HERE / "player/player-test.yaml", repo / "content/routines/player-test.yaml")
    out = repo.parent / "site"
    assert main(["--root", str(repo), "build", "--site-dir", str(out)]) == 0
    with serve(out) as url:
        yield url


@pytest.fixture(scope="module")
def seed_site(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


def _page(browser: Browser, options: dict[str, Any] | None = None) -> Iterator[Page]:
    context = browser.new_context(**(options or DESKTOP))
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.add_init_script(RECORD)
    page.clock.install(time=datetime(2025, 3, 3, 8, 0))
    yield page
    context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    yield from _page(browser)


def load(page: Page, url: str) -> None:
    """Open `url`; from then on time stands still between the test's steps (only run_for and
    fast_forward move it), so every reading is exact."""
    page.goto(url)
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)


def start(page: Page, url: str) -> Locator:
    """Open the routine page at `url`, press "Start routine"; return the player."""
    load(page, url)
    page.get_by_role("button", name="Start routine").click()
    player = page.get_by_role("dialog", name=re.compile("^Follow along"))
    assert player.is_visible()
    return player


def big(page: Page) -> str:
    return page.locator(".sg-p-big").inner_text()


def phase(page: Page) -> str:
    return page.locator(".sg-p-phase").inner_text()


def seconds(page: Page, ms: int) -> None:
    page.clock.run_for(ms)


def recorded(page: Page, what: str) -> Any:
    return page.evaluate(f"window.__sg.{what}")


def test_without_the_plan_script_the_page_is_unchanged(browser: Browser, seed_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(seed_site + SITTING)
    assert not page.get_by_role("button", name="Start routine").is_visible()
    assert page.locator("article details").count() >= 4
    context.close()


KINDS = ["ready", "hold", "ready", "reps", "rest", "reps", "ready", "reps", "switch", "reps",
         "ready", "until"]


def plan_of(page: Page) -> dict[str, Any]:
    return dict(page.evaluate("JSON.parse(document.getElementById('sg-plan').textContent)"))


def test_every_phase_to_the_end_with_one_announcement_each(page: Page, every_site: str) -> None:
    player = start(page, every_site + EVERY)
    phases = plan_of(page)["phases"]
    assert [p["kind"] for p in phases] == KINDS
    ms = [p["seconds"] * 1000 for p in phases]
    side = page.locator(".sg-p-side")
    assert player.get_by_role("heading", name="1. Standing overhead reach").is_visible()
    assert "Exercise 1 of 4" in player.inner_text() and "Next: Wall slides" in player.inner_text()
    assert (phase(page), big(page)) == ("Get into position", str(phases[0]["seconds"]))
    assert page.locator(".sg-p-wake").inner_text() == "Screen stays on"
    seconds(page, 5000)
    assert big(page) == str(phases[0]["seconds"] - 5)
    seconds(page, ms[0] - 5000)
    assert (phase(page), big(page)) == ("Hold", "4")
    seconds(page, ms[1])
    assert "2. Wall slides" in player.inner_text() and phase(page) == "Get ready"
    seconds(page, ms[2])
    assert (phase(page), big(page), side.inner_text()) == ("Repeat", "Rep 1 of 3", "Set 1 of 2")
    seconds(page, phases[3]["seconds_per_rep"] * 1000)
    assert big(page) == "Rep 2 of 3"
    seconds(page, ms[3] - phases[3]["seconds_per_rep"] * 1000)
    assert (phase(page), big(page)) == ("Rest", str(phases[4]["seconds"]))
    seconds(page, ms[4])
    assert (phase(page), big(page), side.inner_text()) == ("Repeat", "Rep 1 of 3", "Set 2 of 2")
    seconds(page, ms[5])
    assert "3. Trunk rotation on all fours" in player.inner_text()
    seconds(page, ms[6])
    assert (phase(page), big(page), side.inner_text()) == ("Repeat", "Rep 1 of 2", "First side")
    assert "hold 2 s each · work up to 4" in page.locator(".sg-p-sub").inner_text()
    seconds(page, ms[7])
    assert (phase(page), side.inner_text()) == ("Switch sides", "Other side")
    seconds(page, ms[8])
    assert (phase(page), side.inner_text()) == ("Repeat", "Other side")
    seconds(page, ms[9])
    # The caution comes before the exercise starts, while getting into position.
    caution = page.locator(".sg-p-caution")
    assert caution.is_visible() and "Never put a tennis ball" in caution.inner_text()
    assert "Last exercise" in player.inner_text()
    seconds(page, ms[10])
    assert not caution.is_visible()
    assert phase(page) == "Hold until the pain eases from 6/10 to about 2/10"
    seconds(page, 125_000)  # a hold until a sensation counts up and waits, however long
    assert big(page) == "2:05" and phase(page).startswith("Hold until")
    assert recorded(page, "finished") == []
    player.get_by_role("button", name="Done").click()
    assert player.get_by_role("heading", name="Routine done").is_visible()
    assert recorded(page, "finished") == ["player-test"]
    live = recorded(page, "live")
    assert len(live) == len(phases) + 1, live  # one per phase, then "Routine done"
    assert live[0].startswith("Exercise 1 of 4: Standing overhead reach. Get into position")
    assert live[3].startswith("Repeat 3 times.") and "Set 1 of 2" in live[3]
    assert live[8].startswith("Switch sides")
    assert "Take care: Never put a tennis ball" in live[10]
    assert live[11] == "Hold until the pain eases from 6/10 to about 2/10."
    assert live[12] == "Routine done"


def test_a_seed_routine_plays_to_the_end_by_itself_and_asks_no_other_host(
        browser: Browser, seed_site: str) -> None:
    context = browser.new_context(**PHONE)
    hosts: set[str] = set()

    def record(route: Route) -> None:
        hosts.add(urlsplit(route.request.url).netloc)
        route.continue_()

    context.route("**/*", record)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(RECORD)
    page.clock.install(time=datetime(2025, 3, 3, 8, 0))
    player = start(page, seed_site + SITTING)
    plan = page.evaluate("JSON.parse(document.getElementById('sg-plan').textContent)")
    seconds(page, plan["total_seconds"] * 1000 + 1000)
    assert player.get_by_role("heading", name="Routine done").is_visible()
    assert recorded(page, "finished") == ["mid-back-sitting"]
    assert hosts == {urlsplit(seed_site).netloc}
    assert errors == []
    context.close()


def test_a_hidden_tab_neither_drifts_nor_skips(page: Page, every_site: str) -> None:
    start(page, every_site + EVERY)
    phases = plan_of(page)["phases"]
    before = sum(p["seconds"] for p in phases[:3])  # get into position, hold, get ready
    # A throttled tab: time jumps on and the display timer fires once, 1 s into the first reps.
    page.clock.fast_forward((before + 1) * 1000)
    assert (phase(page), big(page)) == ("Repeat", "Rep 1 of 3")
    left = phases[3]["seconds"] - 1
    assert page.locator(".sg-p-sub").inner_text().startswith(f"{left} s left")
    assert len(recorded(page, "live")) == 1 + 1  # the phases passed unseen are not announced


def test_pause_stops_the_clock_and_the_picture(page: Page, every_site: str) -> None:
    player = start(page, every_site + SITTING)  # its first exercise has two frames
    frames = page.locator(".sg-p-fig .sg-step")
    assert frames.count() == 2
    shown = "els => els.map(e => e.classList.contains('sg-p-on'))"
    seconds(page, 3000)
    assert big(page) == "12" and frames.evaluate_all(shown) == [True, False]
    seconds(page, 1000)  # each frame stays 3.5 s, then fades to the next
    assert frames.evaluate_all(shown) == [False, True]
    player.get_by_role("button", name="Pause").click()
    assert page.locator(".sg-p-state").inner_text() == "Paused"
    seconds(page, 60_000)
    assert big(page) == "11" and phase(page) == "Get into position"
    assert frames.evaluate_all(shown) == [False, True]
    player.get_by_role("button", name="Resume").click()
    seconds(page, 3500)  # 7.5 s played: the first frame again
    assert big(page) == "8"
    assert frames.evaluate_all(shown) == [True, False]


def test_skip_back_and_more_time(page: Page, every_site: str) -> None:
    player = start(page, every_site + EVERY)
    seconds(page, 5000)
    player.get_by_role("button", name="+10 s").click()
    assert big(page) == "20"
    player.get_by_role("button", name="Skip").click()
    assert (phase(page), big(page)) == ("Hold", "4")
    seconds(page, 2000)
    player.get_by_role("button", name="Back").click()
    assert (phase(page), big(page)) == ("Get into position", "15")  # restarted
    player.get_by_role("button", name="Back").click()  # at the first phase: starts it again
    assert (phase(page), big(page)) == ("Get into position", "15")
    for _ in range(11):
        player.get_by_role("button", name="Skip").click()
    assert phase(page).startswith("Hold until")
    assert player.get_by_role("button", name="+10 s").is_disabled()
    player.get_by_role("button", name="Skip").click()
    assert player.get_by_role("heading", name="Routine done").is_visible()
    assert recorded(page, "finished") == ["player-test"]


def test_stop_closes_without_ticking_and_returns_focus(page: Page, every_site: str) -> None:
    player = start(page, every_site + EVERY)
    seconds(page, 20_000)
    player.get_by_role("button", name="Stop", exact=True).click()
    assert not player.is_visible()
    assert page.evaluate("document.activeElement.textContent") == "Start routine"
    seconds(page, 300_000)
    assert recorded(page, "finished") == []
    page.get_by_role("button", name="Start routine").click()  # a new session from the start
    assert "Exercise 1 of 4" in player.inner_text() and big(page) == "15"


def test_this_hurts_shows_the_notice_and_never_ticks(page: Page, every_site: str) -> None:
    player = start(page, every_site + EVERY)
    seconds(page, 25_000)  # in exercise 2
    player.get_by_role("button", name="Stop: this hurts").click()
    assert player.get_by_role("heading", name="Stop if it hurts").is_visible()
    assert "stop doing it and move on to the next one" in player.inner_text()
    assert recorded(page, "live")[-1].startswith("Stop if it hurts. If any of the stretches")
    seconds(page, 300_000)  # nothing runs on behind the notice
    assert player.get_by_role("heading", name="Stop if it hurts").is_visible()
    player.get_by_role("button", name="Move on to the next exercise").click()
    assert "3. Trunk rotation on all fours" in player.inner_text()
    assert (phase(page), big(page)) == ("Get into position", "15")
    for _ in range(6):
        player.get_by_role("button", name="Skip").click()
    assert player.get_by_role("heading", name="Routine done").is_visible()
    assert "Not ticked" in player.inner_text()
    assert recorded(page, "finished") == []
    # On the last exercise there is nowhere to move on to: only the end.
    player.get_by_role("button", name="Close").click()
    player = start(page, every_site + EVERY)
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    player.get_by_role("button", name="Stop: this hurts").click()
    assert not player.get_by_role("button", name="Move on to the next exercise").is_visible()
    player.get_by_role("button", name="End").click()
    assert not player.is_visible() and recorded(page, "finished") == []


def test_keyboard_only(page: Page, every_site: str) -> None:
    load(page, every_site + EVERY)
    begin = page.get_by_role("button", name="Start routine")
    tab_to(page, begin, 60, "Start routine")
    page.keyboard.press("Enter")
    player = page.get_by_role("dialog", name=re.compile("^Follow along"))
    assert player.is_visible()
    page.keyboard.press(" ")
    assert page.locator(".sg-p-state").inner_text() == "Paused"
    page.keyboard.press(" ")
    assert not page.locator(".sg-p-state").is_visible()
    page.keyboard.press("ArrowRight")
    assert phase(page) == "Hold"
    page.keyboard.press("ArrowLeft")
    assert phase(page) == "Get into position"
    inside = "() => document.querySelector('dialog.sg-player').contains(document.activeElement)"
    names = []
    for _ in range(14):  # round and round the player's controls, never out to the page
        page.keyboard.press("Tab")
        assert page.evaluate(inside)
        names.append(page.evaluate("document.activeElement.textContent"))
    for name in ("Stop", "Back", "Pause", "Skip", "+10 s", "Stop: this hurts", "Settings"):
        assert name in names
    page.keyboard.press("Escape")
    assert not player.is_visible()
    assert begin.evaluate("el => el === document.activeElement")
    page.keyboard.press(" ")  # a new session, from the start
    assert phase(page) == "Get into position"
    for _ in range(11):
        page.keyboard.press("ArrowRight")
    assert phase(page).startswith("Hold until")
    page.keyboard.press(" ")  # Space is "Done" while the player waits for you
    assert player.get_by_role("heading", name="Routine done").is_visible()
    assert recorded(page, "finished") == ["player-test"]
    page.keyboard.press("Escape")
    assert not player.is_visible()
    assert begin.evaluate("el => el === document.activeElement")


def test_automatic_advance_off_waits_and_settings_persist(page: Page, every_site: str) -> None:
    player = start(page, every_site + EVERY)
    player.locator("summary", has_text="Settings").click()
    auto = player.get_by_label("Move on automatically")
    assert auto.is_checked()
    auto.uncheck()
    player.get_by_label("Spoken cues").check()
    page.keyboard.press("Escape")

    player = start(page, every_site + EVERY)  # loaded again
    player.locator("summary", has_text="Settings").click()
    assert not player.get_by_label("Move on automatically").is_checked()
    assert player.get_by_label("Spoken cues").is_checked()
    seconds(page, 16_000)
    assert (phase(page), big(page)) == ("Get into position", "0")
    assert page.locator(".sg-p-state").inner_text() == "Time's up"
    seconds(page, 120_000)  # nothing moves on by itself
    assert phase(page) == "Get into position"
    player.get_by_role("button", name="+10 s").click()  # ten more seconds, from now
    assert big(page) == "10"
    seconds(page, 10_000)
    assert page.locator(".sg-p-state").inner_text() == "Time's up"
    player.get_by_role("button", name="Next").click()
    assert (phase(page), big(page)) == ("Hold", "4")
    assert recorded(page, "spoken") == [
        "Standing overhead reach. Get into position.", "Time's up. Next when you are ready.",
        "Time's up. Next when you are ready.", "Hold 4 seconds."]


def test_beeps_at_phase_changes_and_the_last_three_seconds(page: Page, every_site: str) -> None:
    start(page, every_site + EVERY)
    assert recorded(page, "beeps") == 1 and recorded(page, "vibrations") == 1
    seconds(page, 11_500)
    assert recorded(page, "beeps") == 1
    seconds(page, 3000)  # 3, 2, 1
    assert recorded(page, "beeps") == 4
    seconds(page, 1000)  # "Hold"
    assert recorded(page, "beeps") == 5 and recorded(page, "vibrations") == 2
    page.locator("summary", has_text="Settings").click()
    page.get_by_label("Beeps").uncheck()
    page.get_by_label("Vibrate").uncheck()
    seconds(page, 30_000)
    assert recorded(page, "beeps") == 5 and recorded(page, "vibrations") == 2


def test_the_screen_lock_is_asked_again_when_the_tab_comes_back(page: Page,
                                                                every_site: str) -> None:
    page.add_init_script("""
        window.__locks = [];
        navigator.wakeLock.request = async () => {
          const lock = new EventTarget();
          lock.released = false;
          lock.release = async () => { lock.released = true; lock.dispatchEvent(new Event('release')); };
          window.__locks.push(lock);
          return lock;
        };
    """)
    start(page, every_site + EVERY)
    wake = page.locator(".sg-p-wake")
    assert wake.inner_text() == "Screen stays on"
    page.evaluate("window.__locks[0].release()")  # what the browser does when the tab hides
    assert wake.inner_text() == "Screen may turn off"
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    assert wake.inner_text() == "Screen stays on"
    assert page.evaluate("window.__locks.length") == 2
    page.keyboard.press("Escape")
    assert page.evaluate("window.__locks.map(l => l.released)") == [True, True]


def test_reduced_motion_shows_the_frames_side_by_side_and_still(page: Page,
                                                                 every_site: str) -> None:
    page.emulate_media(reduced_motion="reduce")
    start(page, every_site + SITTING)
    frames = page.locator(".sg-p-fig .sg-step")
    assert frames.count() == 2
    boxes = [frames.nth(i).bounding_box() for i in range(2)]
    assert boxes[0] and boxes[1] and boxes[0]["x"] + boxes[0]["width"] <= boxes[1]["x"]
    for _ in range(4):
        seconds(page, 2000)
        assert frames.evaluate_all("els => els.map(e => getComputedStyle(e).opacity)") == ["1", "1"]
        assert page.evaluate("document.getAnimations().length") == 0


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_the_player(browser: Browser, every_site: str, viewport: str,
                                         scheme: str) -> None:
    require(AXE, "axe-core (npm)")
    pages = _page(browser, {**VIEWPORTS[viewport], "color_scheme": scheme})
    page = next(pages)
    player = start(page, every_site + EVERY)
    assert page.evaluate("document.body.dataset.mdColorScheme") == (
        "slate" if scheme == "dark" else "default")
    page.add_script_tag(path=str(AXE))
    for _ in range(10):  # exercise 4 getting into position: its caution is showing
        page.keyboard.press("ArrowRight")
    player.locator("summary", has_text="Settings").click()
    page.get_by_role("button", name="Pause").click()
    page.clock.resume()  # axe waits on timers of its own
    assert _axe(page) == []
    page.keyboard.press("ArrowRight")  # "Hold until": the count-up and Done
    assert _axe(page) == []
    player.get_by_role("button", name="Stop: this hurts").click()
    assert _axe(page) == []
    next(pages, None)


def _axe(page: Page) -> list[dict[str, Any]]:
    return list(page.evaluate("""async () => {
        const r = await axe.run('dialog.sg-player', {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
        return r.violations.map(v => ({id: v.id, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ' ' + n.failureSummary)}));
    }"""))
