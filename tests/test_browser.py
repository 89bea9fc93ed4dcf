"""The reading experience in a real browser, on a desktop and on a 390x844 phone screen."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser import AXE, PHONE, VIEWPORTS, require, tab_to
from tests.static_server import serve


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(params=list(VIEWPORTS))
def page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(**VIEWPORTS[request.param])
    p = context.new_page()
    p.set_default_timeout(10_000)
    yield p
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(**PHONE)
    p = context.new_page()
    p.set_default_timeout(10_000)
    yield p
    context.close()


def search(page: Page, base_url: str, query: str) -> list[str]:
    """Type `query` into the site search like a reader; return result addresses, best first."""
    page.goto(base_url)
    if not page.locator("input.md-search__input").is_visible():
        page.locator("label.md-header__button[for='__search']").click()
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    box.focus()
    page.keyboard.type(query, delay=30)
    results = page.locator("li.md-search-result__item > a.md-search-result__link")
    results.first.wait_for()
    hrefs = results.evaluate_all("els => els.map(e => e.href)")
    return [h.removeprefix(base_url).split("?")[0] for h in hrefs]


def test_search_tennis_ball_lists_the_tennis_ball_exercises_first(page: Page, base_url: str) -> None:
    top = search(page, base_url, "tennis ball")[:2]
    assert sorted(top) == ["exercises/dual-tennis-ball-release/", "exercises/tennis-ball-release/"]


@pytest.mark.parametrize(("query", "expected"), [
    ("wall angels", "exercises/wall-slides/"),  # an also_known_as name
    ("hip raise", "exercises/glute-bridge/"),
    ("tenn", "exercises/tennis-ball-release/"),  # part of a word, as people type
    ("towel", "exercises/seated-towel-roll/"),  # equipment
])
def test_search_finds_aliases_and_partial_words(page: Page, base_url: str, query: str,
                                                expected: str) -> None:
    results = search(page, base_url, query)
    assert expected in results[:2], results


def test_search_by_body_area_lists_exercises_for_it(page: Page, base_url: str) -> None:
    results = search(page, base_url, "shoulder blades")[:3]
    for href in results:
        assert href.startswith(("exercises/", "body-areas/")), results


def test_home_to_sitting_routine_and_open_an_exercise_by_click(page: Page, base_url: str) -> None:
    page.goto(base_url)
    for where, minutes in (("Sitting", 2), ("Lying down", 4), ("Standing", 4)):
        assert page.get_by_role("link", name=f"{where}, takes {minutes} minutes").is_visible()
    page.get_by_role("link", name=re.compile("^Sitting")).click()
    page.wait_for_url("**/routines/mid-back-sitting/")
    assert "takes 2 minutes" in page.locator("article").inner_text()
    first = page.locator("article details").first
    step = first.locator("li").first
    assert not step.is_visible()
    first.locator("summary").click()
    assert step.is_visible()
    assert step.inner_text() == "Sit and clasp your arms behind your back to emphasise good posture."


def test_open_an_exercise_with_the_keyboard(page: Page, base_url: str) -> None:
    page.goto(base_url + "routines/mid-back-sitting/")
    summary = page.locator("article details summary").first
    tab_to(page, summary, 80, "the first exercise")
    page.keyboard.press("Enter")
    assert page.locator("article details").first.locator("li").first.is_visible()
    page.keyboard.press("Enter")
    assert not page.locator("article details").first.locator("li").first.is_visible()


def _pages(built_site: Path, *kinds: str) -> list[str]:
    return sorted(p.parent.relative_to(built_site).as_posix() + "/"
                  for kind in kinds for p in built_site.glob(f"{kind}/*/index.html"))


def test_disclaimer_is_visible_without_scrolling_on_a_phone(phone: Page, base_url: str,
                                                            built_site: Path) -> None:
    height = PHONE["viewport"]["height"]
    for uri in ["", *_pages(built_site, "routines", "exercises", "guides")]:
        phone.goto(base_url + uri)
        notice = phone.locator("article .admonition.warning").first
        box = notice.bounding_box()
        assert box is not None, uri
        assert box["y"] + box["height"] <= height, f"{uri}: notice ends at {box['y'] + box['height']}"
        assert "Not medical advice" in notice.inner_text()


def test_no_console_errors_or_failed_requests(browser: Browser, base_url: str,
                                              built_site: Path) -> None:
    uris = sorted(p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    problems: list[str] = []
    for name, options in VIEWPORTS.items():
        context = browser.new_context(**options)
        page = context.new_page()
        _record_problems(page, name, problems)
        for uri in uris:
            page.goto(base_url + ("" if uri == "." else uri + "/"), wait_until="networkidle")
        context.close()
    assert problems == []


def _record_problems(page: Page, name: str, problems: list[str]) -> None:
    page.on("console", lambda m: problems.append(f"{name} {page.url}: console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"{name} {page.url}: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"{name} failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"{name} HTTP {r.status}: {r.url}")
            if r.status >= 400 else None)


AXE_PAGES = ["", "routines/mid-back-sitting/", "exercises/tennis-ball-release/",
             "guides/middle-back-relief/", "body-areas/", "exercises/", "tags/", "about/",
             "routines/mid-back-sitting/cheat-sheet.html"]


def _axe(page: Page) -> list[dict[str, Any]]:
    require(AXE, "axe-core (npm)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ' ' + n.failureSummary)}));
    }""")
    return list(result)


@pytest.mark.parametrize("uri", AXE_PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag21_aa_violations(page: Page, base_url: str, uri: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(base_url + uri, wait_until="networkidle")
    assert _axe(page) == []


def test_axe_with_an_exercise_opened_and_search_showing(page: Page, base_url: str) -> None:
    search(page, base_url, "tennis")
    assert _axe(page) == []
    page.goto(base_url + "routines/mid-back-lying-down/")
    page.locator("article details summary").first.click()
    assert _axe(page) == []


def _drawn_exercise_in_a_routine() -> tuple[str, int, str]:
    """A routine, the position of an exercise with a figure in it, and that exercise's slug."""
    from generator import read_site
    from tests.conftest import REPO

    site = read_site(REPO)
    for routine in site.content.routines:
        items = routine.exercises + (routine.extras.exercises if routine.extras else ())
        for i, item in enumerate(items):
            if site.exercises[item.exercise].figure is not None:
                return routine.slug, i, item.exercise
    pytest.fail("no routine has an exercise with a figure")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_figures_show_on_the_page_and_in_an_opened_block(page: Page, base_url: str,
                                                         scheme: str) -> None:
    routine, index, slug = _drawn_exercise_in_a_routine()
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(base_url + f"exercises/{slug}/", wait_until="networkidle")
    frame = page.locator("article figure.sg-figure svg").first
    assert frame.is_visible()
    box = frame.bounding_box()
    assert box is not None and box["width"] > 40 and box["height"] > 30
    # Lines in the text colour, shapes filled with the page colour: visible in both schemes.
    colours = frame.evaluate("""svg => {
        const fill = getComputedStyle(svg.querySelector('.sgb')).fill;
        const body = getComputedStyle(document.body).backgroundColor;
        return [getComputedStyle(svg).color, fill, body];
    }""")
    text, fill, background = colours
    assert fill == background and text != background, colours
    page.goto(base_url + f"routines/{routine}/", wait_until="networkidle")
    block = page.locator("article details").nth(index)
    inside = block.locator("figure.sg-figure svg").first
    assert not inside.is_visible()
    block.locator("summary").click()
    assert inside.is_visible()
    assert _axe(page) == []
