"""Kinds of exercise and the exercise browser: A to Z with a jump bar, facets, the URL state.

Browser behaviour runs in real headless Chromium on the seed site (`built_site`); the content
rules (the `kind` field, the kinds vocabulary) are checked without MkDocs. The bad-input corpus
(`tests/cases/kind-*`) pins the exact problem lines.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Locator, Page

from generator import read_site, thumbnails
from generator.browser import browser_html, letter
from generator.cache import Reuse
from generator.cli import main
from generator.model import Exercise
from generator.render import render_site
from generator.text import parse_inline
from generator.thumbnails import render_thumbnails
from tests.browser import AXE, DESKTOP, PHONE, require
from tests.conftest import REPO
from tests.static_server import serve

SITE = read_site(REPO)
EXERCISES = SITE.content.exercises


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


def _page(browser: Browser, options: dict[str, Any]) -> Iterator[Page]:
    context = browser.new_context(**options)
    p = context.new_page()
    p.set_default_timeout(10_000)
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    context.close()
    assert errors == []


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, DESKTOP)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, PHONE)


def titles(where: Page) -> list[str]:
    """The titles of the entries a reader can see, in page order."""
    return [t.strip() for t in where.locator(".sg-entries > li:visible > a").all_text_contents()]


def expected(*keep: object) -> list[str]:
    """The seed exercises' titles for which every predicate in `keep` holds, A to Z."""
    chosen = [e for e in EXERCISES if all(f(e) for f in keep)]  # type: ignore[operator]
    return [e.title.plain for e in sorted(chosen, key=lambda e: e.title.plain.casefold())]


def box(where: Page, facet: str, value: str) -> Locator:
    return where.locator(f".sg-facets input[name='{facet}'][value='{value}']")


def count_of(where: Page, facet: str, value: str) -> str:
    """The count shown beside a facet value, e.g. '(5)'."""
    return where.locator(f".sg-facets label:has(input[name='{facet}'][value='{value}']) .sg-c"
                         ).inner_text()


def query(where: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(where.url).query)


def sitting(e: Exercise) -> bool:
    return e.position == "sitting"


# ----------------------------------------------------------------------------- kinds (content)


def test_every_seed_exercise_has_a_kind_from_the_vocabulary() -> None:
    kinds = {t.slug for t in SITE.content.vocabulary.kinds}
    assert {"stretch", "mobility", "strengthening", "release", "relaxation"} <= kinds
    assert all(e.kind in kinds for e in EXERCISES)
    assert SITE.exercises["tennis-ball-release"].kind == "release"
    assert SITE.exercises["glute-bridge"].kind == "strengthening"


def test_files_without_kinds_stay_valid(repo: Path) -> None:
    vocabulary = repo / "content/vocabulary.yaml"
    vocabulary.write_text(vocabulary.read_text().split("\nkinds:")[0] + "\n")
    for path in (repo / "content/exercises").glob("*.yaml"):
        path.write_text(re.sub(r"(?m)^kind: .*\n", "", path.read_text()))
    site = read_site(repo)
    assert all(e.kind is None for e in site.content.exercises)
    pages = {p.src_uri: p.markdown for p in render_site(site)}
    assert "Kind:" not in pages["exercises/glute-bridge.md"]
    # No kinds, no kind facet; the other facets are still there.
    assert 'name="kind"' not in pages["exercises/index.md"]
    assert 'name="position"' in pages["exercises/index.md"]


def test_the_scaffold_and_the_schema_offer_kind(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "new", "exercise", "cat-stretch"]) == 0
    capsys.readouterr()
    text = (repo / "content/exercises/cat-stretch.yaml").read_text()
    assert "Choices: stretch, mobility, strengthening, release, relaxation." in text
    assert '# kind: ""' in text
    schema = json.loads((REPO / "schema/exercise.schema.json").read_text())
    assert schema["properties"]["kind"]["x-refers-to"] == "kind"
    assert "kind" not in schema["required"]
    vocabulary = json.loads((REPO / "schema/vocabulary.schema.json").read_text())
    assert "kinds" in vocabulary["properties"] and "kinds" not in vocabulary["required"]


def test_the_kind_is_shown_with_the_facts_and_browsable(built_site: Path) -> None:
    page = BeautifulSoup((built_site / "exercises/tennis-ball-release/index.html").read_text(),
                         "html.parser")
    facts = [li for li in page.select("article li") if li.get_text().startswith("Kind:")]
    assert [li.get_text(" ", strip=True) for li in facts] == ["Kind: Release"]
    assert facts[0].a is not None and facts[0].a["href"] == "../../kinds/#release"
    kinds = BeautifulSoup((built_site / "kinds/index.html").read_text(), "html.parser")
    listed = kinds.select("h2#release ~ ul")[0].select("li > a")
    assert [a.get_text() for a in listed] == expected(lambda e: e.kind == "release")
    release = kinds.find(id="release")
    assert release is not None
    browse = release.find_next("a", class_="sg-browse")
    assert browse is not None and browse["href"] == "../exercises/?kind=release"


def test_the_kind_is_in_the_search_index(built_site: Path) -> None:
    docs = json.loads((built_site / "search/search_index.json").read_text())["docs"]
    page = next(d for d in docs if d["location"] == "exercises/supported-rest/")
    # A label of the page, as its position and body areas are, and its level.
    assert {"Relaxation", "Beginner", "Lying down"} <= set(page["tags"])


def test_browser_html_escapes_titles_aliases_and_summaries(repo: Path) -> None:
    path = repo / "content/exercises/glute-bridge.yaml"
    text = path.read_text().replace('title: "Glute bridge"',
                                    'title: "Bridge <img src=x onerror=alert(1)>"')
    text = text.replace("also_known_as:\n", 'also_known_as:\n  - "x\\" data-evil=\\"1"\n')
    path.write_text(text)
    site = read_site(repo)
    out = browser_html(site, lambda e: f"{e.slug}/", lambda p: p)
    soup = BeautifulSoup(out, "html.parser")
    assert soup.select("img[src='x'], [data-evil]") == []
    item = soup.select("li:has(> a[href='glute-bridge/'])")[0]
    assert item.a is not None and item.a.get_text() == "Bridge <img src=x onerror=alert(1)>"
    assert 'x" data-evil="1' in str(item.get("data-aka"))


def test_letters_ignore_case_and_accents() -> None:
    e = EXERCISES[0]
    for title, first in (("écarté stretch", "E"), ("wall slides", "W"), ("90-90 hip switch", "#"),
                         ("Ölberg reach", "O"), ("'Stick em up'", "S")):
        assert letter(dataclasses.replace(e, title=parse_inline(title)[0])) == first, title


# ----------------------------------------------------------------------------- the page, no JS


def test_without_javascript_the_whole_list_shows_from_a_to_z(browser: Browser, base_url: str) -> None:
    context = browser.new_context(**DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "exercises/")
    assert titles(page) == expected()
    assert page.locator("input").filter(visible=True).count() <= 1  # the site search box only
    assert page.locator(".sg-facets").count() == 0
    assert page.locator(".sg-shown").inner_text() == "19 exercises, from A to Z."
    # Sections by first letter with counts, and a jump bar whose empty letters are not links.
    headings = page.locator(".sg-letter h2").all_inner_texts()
    assert headings[0] == "B 1 exercise"
    assert "S 10 exercises" in headings
    links = page.locator(".sg-az a").all_inner_texts()
    letters = sorted({letter(e) for e in EXERCISES})
    assert links == letters
    assert page.locator(".sg-az").inner_text().split() == [chr(c) for c in range(65, 91)]
    # Every entry: its figure's thumbnail (decorative: the title beside it names it), a summary.
    first = page.locator(".sg-entries > li").first
    assert first.locator("img").get_attribute("alt") == ""
    assert first.locator("img").get_attribute("loading") == "lazy"
    assert first.locator(".sg-sum").inner_text() == SITE.exercises["all-fours-belly-dip"].summary.plain
    assert first.locator(".sg-facts").inner_text() == "Beginner · On all fours · Stretch"
    context.close()


def test_every_exercise_with_a_figure_has_a_thumbnail(built_site: Path) -> None:
    for e in EXERCISES:
        svg = (built_site / f"exercises/{e.slug}/thumb.svg").read_text()
        assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"'), e.slug
        assert "currentColor" not in svg and "<text" not in svg  # black lines, no frame number


def test_thumbnails_are_kept_between_builds(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "thumbs.json"
    first = render_thumbnails(SITE, cache)
    assert len(first) == sum(e.figure is not None for e in EXERCISES)
    # The next process reads them back from the cache file: none is drawn again.
    monkeypatch.setattr(thumbnails, "_THUMBS", Reuse(lambda svg: svg, thumbnails._load))
    monkeypatch.setattr(thumbnails, "thumbnail_svg", lambda e: pytest.fail("drawn again"))
    assert render_thumbnails(SITE, cache) == first


# ----------------------------------------------------------------------------- facets


def test_a_facet_narrows_the_list_and_the_counts_follow(page: Page, base_url: str) -> None:
    page.goto(base_url + "exercises/")
    assert page.locator("details.sg-filter").get_attribute("open") is not None  # wide screen
    assert count_of(page, "position", "sitting") == f"({len(expected(sitting))})"
    assert count_of(page, "kind", "stretch") == f"({len(expected(lambda e: e.kind == 'stretch'))})"
    box(page, "position", "sitting").check()
    assert titles(page) == expected(sitting)
    assert page.locator(".sg-shown").inner_text() == f"Showing {len(expected(sitting))} of 19 exercises."
    # Other facets now count within the sitting exercises; the position facet still counts all
    # positions (what ticking another one would add).
    assert count_of(page, "kind", "stretch") == f"({len(expected(sitting, lambda e: e.kind == 'stretch'))})"
    assert count_of(page, "position", "standing") == f"({len(expected(lambda e: e.position == 'standing'))})"
    # A value that would leave nothing is shown with (0) and cannot be ticked.
    assert count_of(page, "kind", "release") == "(0)"
    assert box(page, "kind", "release").is_disabled()
    assert page.locator("details.sg-filter > summary").inner_text() == "Filter (1 active)"


def test_facets_combine_and_values_within_one_are_alternatives(page: Page, base_url: str) -> None:
    page.goto(base_url + "exercises/")
    box(page, "position", "sitting").check()
    box(page, "kind", "stretch").check()
    stretch = lambda e: e.kind == "stretch"  # noqa: E731
    assert titles(page) == expected(sitting, stretch) == ["Seated arm clasp", "Seated towel roll"]
    box(page, "position", "standing").check()
    assert titles(page) == expected(lambda e: e.position in ("sitting", "standing"), stretch)
    box(page, "area", "back-of-legs").check()
    assert titles(page) == ["Standing heel press", "Standing hip hinge"]
    # Letters left without an entry are no longer links, and their sections are gone.
    assert page.locator(".sg-az a[href]").all_inner_texts() == ["S"]
    assert page.locator(".sg-letter:visible h2").all_inner_texts() == ["S 2 exercises"]


def test_equipment_none_and_the_name_filter(page: Page, base_url: str) -> None:
    page.goto(base_url + "exercises/")
    box(page, "equipment", "none").check()
    assert titles(page) == expected(lambda e: not e.equipment)
    page.locator(".sg-facets input[name='name']").fill("wall angels")  # wall slides' other name
    assert titles(page) == []  # wall slides need a wall
    assert page.locator(".sg-empty").is_visible()
    box(page, "equipment", "none").uncheck()
    assert titles(page) == ["Wall slides"]
    page.locator(".sg-facets input[name='name']").fill("SEATED  Ro")  # any case, words in any order
    assert titles(page) == ["Seated towel roll"]
    assert query(page) == {"name": ["SEATED  Ro"]}


def test_clearing_shows_everything_again(page: Page, base_url: str) -> None:
    page.goto(base_url + "exercises/?position=standing&kind=stretch&name=reach")
    assert titles(page) == ["Standing overhead reach"]
    page.get_by_role("button", name="Clear all filters").click()
    assert titles(page) == expected()
    assert query(page) == {}
    assert page.locator(".sg-shown").inner_text() == "19 exercises, from A to Z."
    assert page.locator(".sg-facets input:checked").count() == 0
    assert not page.get_by_role("button", name="Clear all filters").is_visible()


def test_the_address_holds_the_filters_and_survives_back(page: Page, base_url: str) -> None:
    page.goto(base_url + "exercises/?position=sitting&kind=stretch")
    assert box(page, "position", "sitting").is_checked()
    assert titles(page) == ["Seated arm clasp", "Seated towel roll"]
    box(page, "position", "lying-down").check()
    assert query(page) == {"position": ["sitting", "lying-down"], "kind": ["stretch"]}
    shared = page.url
    # Open an exercise, come back: the list is as it was left.
    page.get_by_role("link", name="Seated towel roll").click()
    page.wait_for_url("**/exercises/seated-towel-roll/")
    page.go_back()
    page.wait_for_url(shared)
    assert box(page, "position", "lying-down").is_checked()
    assert titles(page) == expected(lambda e: e.position in ("sitting", "lying-down"),
                                    lambda e: e.kind == "stretch")
    # The shared address gives the same list in a fresh tab; values may also come comma-separated.
    other = page.context.new_page()
    other.goto(shared)
    assert titles(other) == titles(page)
    other.goto(base_url + "exercises/?position=sitting,lying-down&kind=stretch")
    assert titles(other) == titles(page)
    other.close()


def test_the_jump_bar_jumps_to_a_letter(page: Page, base_url: str) -> None:
    page.goto(base_url + "exercises/")
    box(page, "position", "standing").check()
    box(page, "position", "standing").uncheck()
    page.locator(".sg-az").get_by_role("link", name="L", exact=True).click()
    page.wait_for_url("**/exercises/#letter-l")
    heading = page.locator("#letter-l")
    top = heading.bounding_box()
    header = page.locator("header.md-header").bounding_box()
    assert top is not None and header is not None
    # In view, below the site's sticky header rather than under it.
    assert header["height"] <= top["y"] < DESKTOP["viewport"]["height"] / 2
    # The jump bar's empty letters are not links: A has no exercise.
    assert page.locator(".sg-az").get_by_role("link", name="A", exact=True).count() == 0


def test_the_filters_work_from_the_keyboard(page: Page, base_url: str) -> None:
    page.goto(base_url + "exercises/")
    page.locator(".sg-facets input[name='name']").focus()
    page.keyboard.press("Tab")  # to the first position box
    assert page.evaluate("document.activeElement.value") == "sitting"
    page.keyboard.press("Space")
    assert titles(page) == expected(sitting)
    page.keyboard.press("Space")
    assert titles(page) == expected()


def test_counts_are_announced_once_typing_pauses(page: Page, base_url: str) -> None:
    page.goto(base_url + "exercises/")
    live = page.locator(".sg-browser [role='status']")
    assert live.get_attribute("class") is not None and live.inner_text() == ""
    box(page, "position", "sitting").check()
    assert live.inner_text() == f"Showing {len(expected(sitting))} of 19 exercises."
    # A keystroke narrows the list at once but is not announced in the same moment.
    said = page.evaluate("""() => {
        const q = document.querySelector('.sg-facets input[name=name]');
        q.value = 'towel';
        q.dispatchEvent(new Event('input', {bubbles: true}));
        return [document.querySelector('.sg-shown').textContent,
                document.querySelector('.sg-browser [role=status]').textContent];
    }""")
    assert said == ["Showing 1 of 19 exercises.", "Showing 5 of 19 exercises."]
    page.wait_for_function("document.querySelector('.sg-browser [role=status]').textContent"
                           " === 'Showing 1 of 19 exercises.'")


def test_running_the_script_twice_changes_nothing(page: Page, base_url: str, built_site: Path) -> None:
    page.goto(base_url + "exercises/?kind=mobility")
    before = page.locator("article").inner_html()
    page.add_script_tag(path=str(built_site / "assets/javascripts/exercise-browser.js"))
    assert page.locator("article").inner_html() == before
    assert page.locator(".sg-facets").count() == 1
    box(page, "kind", "release").check()
    assert titles(page) == expected(lambda e: e.kind in ("mobility", "release"))


# ----------------------------------------------------------------------------- phone, a11y


def test_on_a_phone_the_facets_fold_under_filter_and_nothing_overflows(phone: Page,
                                                                        base_url: str) -> None:
    phone.goto(base_url + "exercises/?area=mid-back")
    width = PHONE["viewport"]["width"]

    def overflow() -> int:
        return int(phone.evaluate("document.documentElement.scrollWidth"))

    assert overflow() <= width
    facets = phone.locator(".sg-facets")
    assert not facets.is_visible()
    summary = phone.locator("details.sg-filter > summary")
    assert summary.inner_text() == "Filter (1 active)"
    summary.click()
    assert facets.is_visible()
    assert overflow() <= width
    box(phone, "kind", "stretch").check()
    assert titles(phone) == expected(lambda e: "mid-back" in e.targets, lambda e: e.kind == "stretch")
    assert overflow() <= width
    # Entries keep inside the screen: thumbnail and text side by side.
    for entry in phone.locator(".sg-entries > li:visible").all():
        b = entry.bounding_box()
        assert b is not None and b["x"] >= 0 and b["x"] + b["width"] <= width


def _axe(page: Page) -> list[object]:
    require(AXE, "axe-core (npm)")
    page.add_script_tag(path=str(AXE))
    return list(page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ' ' + n.failureSummary)}));
    }"""))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_axe_finds_nothing_with_filters_in_use(browser: Browser, base_url: str, scheme: str,
                                               viewport: str) -> None:
    context = browser.new_context(**(DESKTOP if viewport == "desktop" else PHONE))
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(base_url + "exercises/?position=sitting", wait_until="networkidle")
    if viewport == "phone":
        page.locator("details.sg-filter > summary").click()
    page.locator(".sg-facets input[name='name']").fill("s")
    assert _axe(page) == []
    page.goto(base_url + "kinds/", wait_until="networkidle")
    assert _axe(page) == []
    context.close()


def test_the_browser_list_stays_out_of_search(built_site: Path) -> None:
    # Its entries repeat every exercise's title and summary: the exercise pages are the results.
    docs = json.loads((built_site / "search/search_index.json").read_text())["docs"]
    browser = [d for d in docs if d["location"].startswith("exercises/#")
               or (d["location"] == "exercises/" and d["text"])]
    assert browser == []
