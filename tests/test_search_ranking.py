"""Search ranks what people mean: a page's title or other name before pages that only carry a
label with the same words, typed into the site's own search box in Chromium.

Two sites: the seed guide (every exercise and guide found by its title and by each other name),
and 1,000 synthetic exercises with adversarial labels, built once for this module: equipment
"Curl bar" and "Dumbbell" and the body area "Biceps" on a tenth of the exercises, beside
exercises titled "Dumbbell curl" (also known as "Biceps curl"), "Hammer curl" and others.
Before `generator/search.py`, labels weighed 1,000 times a title and "dumbbell curl" listed
dozens of exercises with both labels before the dumbbell curl.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page

from bench.corpus import make_corpus
from generator import read_site
from generator.cli import main
from generator.search import FIELDS, other_names, tune_index, tune_index_file
from tests.browser import DESKTOP
from tests.conftest import REPO
from tests.static_server import serve

SEED = read_site(REPO)
SEED_NAMES = [(name.plain, f"exercises/{e.slug}/") for e in SEED.content.exercises
              for name in (e.title, *e.also_known_as)]
SEED_NAMES += [(name.plain, f"guides/{g.slug}/") for g in SEED.content.guides
               for name in (g.title, *g.also_known_as)]

# A result is a page: its link first, then links to its best sections.
RESULTS = "li.md-search-result__item > a.md-search-result__link:first-child"
_RESULTS = json.dumps(RESULTS)
# A result link carries the query words it matched (`?h=`, for highlighting on the next page):
# once one carries the last word typed, whole, the list answers the whole query, not a prefix
# of it still on its way through the search worker.
ANSWERED = """last => [...document.querySelectorAll("a.md-search-result__link")].some(a =>
    (new URL(a.href).searchParams.get("h") || "").split(" ").includes(last))"""


def open_search(browser: Browser, base_url: str) -> Iterator[Page]:
    """A desktop page of the site with its search box open."""
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.set_default_timeout(30_000)  # the worker indexes 1,000 exercises before it answers
    page.goto(base_url)
    if not page.locator("input.md-search__input").is_visible():
        page.locator("label.md-header__button[for='__search']").click()
    yield page
    context.close()


def search(page: Page, query: str) -> list[str]:
    """Type `query` into the search box like a reader; the addresses of the result pages, best
    first (as rendered: the first ten, more as the list is scrolled)."""
    box = page.locator("input.md-search__input")
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")  # an empty query empties the list: no stale results
    page.wait_for_function(f"() => !document.querySelector({_RESULTS})")
    page.keyboard.type(query)
    last = re.split(r"[\s\-]+", query.strip().lower())[-1]
    page.wait_for_function(ANSWERED, arg=last)
    return _addresses(page)


def _addresses(page: Page) -> list[str]:
    hrefs: list[str] = page.locator(RESULTS).evaluate_all("els => els.map(e => e.href)")
    base = page.evaluate("() => new URL('.', document.baseURI).href")  # the site's root
    return [h.split("?")[0].removeprefix(base) for h in hrefs]


# The list grows by four each time its end comes into view, as a reader scrolls down through
# it: from just above the end (a frame to see it) onto the end.
SCROLL_DOWN = """async el => {
    el.scrollTo(0, el.scrollHeight - el.clientHeight - 100);
    await new Promise(next => requestAnimationFrame(() => requestAnimationFrame(next)));
    el.scrollTo(0, el.scrollHeight);
}"""


def search_all(page: Page, query: str) -> list[str]:
    """Every result of `query`, scrolling the list until all are shown."""
    shown = search(page, query)
    meta = page.locator(".md-search-result__meta").inner_text()
    total = int(re.search(r"\d+", meta).group())  # type: ignore[union-attr]  # "106 matching..."
    while len(shown) < total:
        page.locator(".md-search__scrollwrap").evaluate(SCROLL_DOWN)
        page.wait_for_function(f"n => document.querySelectorAll({_RESULTS}).length > n",
                               arg=len(shown))
        shown = _addresses(page)
    return shown


# ------------------------------------------------------------------------------- the seed site

@pytest.fixture(scope="module")
def seed_page(browser: Browser, built_site: Path) -> Iterator[Page]:
    with serve(built_site) as url:
        yield from open_search(browser, url)


@pytest.mark.parametrize(("query", "expected"), SEED_NAMES)
def test_every_seed_title_and_other_name_finds_its_page_first(seed_page: Page, query: str,
                                                              expected: str) -> None:
    results = search(seed_page, query)
    assert results[0] == expected, results[:5]


# ---------------------------------------------------------- 1,000 exercises, adversarial labels

def _exercise(title: str, aliases: list[str], equipment: list[str],
              targets: list[str]) -> dict[str, Any]:
    doc: dict[str, Any] = {"title": title,
                           "summary": "A simple arm exercise with a weight, done slowly."}
    if aliases:
        doc["also_known_as"] = aliases
    doc |= {"level": "beginner", "position": "standing", "targets": targets,
            "equipment": equipment,
            "steps": ["Stand tall with the weight in your hand.", "Bend your elbow slowly.",
                      "Lower the weight again."]}
    return doc


NAMED = {  # slug -> exercise, each a name people search for
    "dumbbell-curl": _exercise("Dumbbell curl", ["Biceps curl"], ["dumbbell"], ["biceps"]),
    "hammer-curl": _exercise("Hammer curl", ["Neutral-grip curl"], ["dumbbell"], ["biceps"]),
    "concentration-curl": _exercise("Concentration curl", [], ["dumbbell"], ["biceps"]),
    "wrist-curl": _exercise("Wrist curl", [], ["dumbbell"], ["shoulders"]),
    "reverse-curl": _exercise("Reverse curl", [], ["curl-bar"], ["biceps"]),
    "dumbbell-row": _exercise("Dumbbell row", [], ["dumbbell"], ["upper-back"]),
    "dumbbell-shoulder-press": _exercise("Dumbbell shoulder press", [], ["dumbbell"],
                                         ["shoulders"]),
}
ROUTINES_KEPT = 12  # of 166: their cheat sheets' PDFs were most of the build


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, doc: Any) -> None:
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def adversarial_corpus(root: Path) -> dict[str, set[str]]:
    """The bench's 1,000 exercises with labels sharing words with other exercises' names, and
    the exercises they are named for; returns the exercise pages carrying each label."""
    make_corpus(root, 1000, figures=False)  # figures are kept out of search
    content = root / "content"
    vocabulary = _yaml(content / "vocabulary.yaml")
    vocabulary["equipment"] |= {"curl-bar": {"label": "Curl bar"},
                                "dumbbell": {"label": "Dumbbell"}}
    vocabulary["body_areas"] |= {"biceps": {"label": "Biceps"}}
    _write(content / "vocabulary.yaml", vocabulary)
    carrying: dict[str, set[str]] = {"curl-bar": set(), "dumbbell": set(), "biceps": set()}
    for i, path in enumerate(sorted((content / "exercises").glob("*.yaml"))):
        doc = _yaml(path)
        if i % 10 == 3:  # both equipment labels, their words in many names
            doc["equipment"] = ["curl-bar", "dumbbell", *doc.get("equipment", [])]
        if i % 9 == 4:
            doc["targets"] = ["biceps", *doc["targets"]]
        _write(path, doc)
    for slug, doc in NAMED.items():
        _write(content / "exercises" / f"{slug}.yaml", doc)
    for path in sorted((content / "exercises").glob("*.yaml")):
        doc = _yaml(path)
        for term in (*doc.get("equipment", []), *doc["targets"]):
            if term in carrying:
                carrying[term].add(f"exercises/{path.stem}/")
    kept = {f"rt-{i:04d}" for i in range(1, ROUTINES_KEPT + 1)}
    for path in (content / "routines").glob("*.yaml"):
        if path.stem not in kept:
            path.unlink()
    for path in (content / "guides").glob("*.yaml"):
        guide = _yaml(path)
        guide["routines"] = [r for r in guide.get("routines", []) if r in kept]
        if not guide["routines"]:
            del guide["routines"]
        _write(path, guide)
    return carrying


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, set[str]]]:
    root = tmp_path_factory.mktemp("ranking")
    carrying = adversarial_corpus(root)
    assert main(["--root", str(root), "build", "--site-dir", str(root / "site")]) == 0
    return root / "site", carrying


@pytest.fixture(scope="module")
def corpus_page(browser: Browser, corpus: tuple[Path, dict[str, set[str]]]) -> Iterator[Page]:
    with serve(corpus[0]) as url:
        yield from open_search(browser, url)


@pytest.mark.parametrize(("query", "expected"), [
    ("dumbbell curl", "exercises/dumbbell-curl/"),  # "Dumbbell" and "Curl bar" on 100 others
    ("biceps curl", "exercises/dumbbell-curl/"),  # its other name; "Biceps" on 115 others
    ("neutral-grip curl", "exercises/hammer-curl/"),  # an other name with a hyphen
])
def test_a_name_ranks_first_among_a_thousand_with_the_same_words_as_labels(
        corpus_page: Page, query: str, expected: str) -> None:
    results = search(corpus_page, query)
    assert results[0] == expected, results[:5]


def test_a_one_word_name_lists_the_exercises_named_by_it_then_the_labels_list(
        corpus_page: Page) -> None:
    results = search(corpus_page, "dumbbell")
    # The two with the shortest names first, in either order: they match alike.
    assert set(results[:2]) == {"exercises/dumbbell-curl/", "exercises/dumbbell-row/"}
    assert results[2:4] == ["exercises/dumbbell-shoulder-press/", "equipment/"]


def test_a_label_query_lists_the_labels_page_and_every_exercise_carrying_it_first(
        corpus_page: Page, corpus: tuple[Path, dict[str, set[str]]]) -> None:
    carrying = corpus[1]["curl-bar"]
    results = search_all(corpus_page, "curl bar")
    # The equipment list right after the one exercise named by the query ("Reverse curl", which
    # uses a curl bar), then every exercise using a curl bar before exercises that only have
    # "curl" in their name.
    assert results[:2] == ["exercises/reverse-curl/", "equipment/"], results[:5]
    assert set(results[:len(carrying) + 1]) == carrying | {"equipment/"}
    assert {"exercises/dumbbell-curl/", "exercises/hammer-curl/"} <= set(results)


def test_a_body_area_query_finds_its_list_and_every_exercise_for_it(
        corpus_page: Page, corpus: tuple[Path, dict[str, set[str]]]) -> None:
    results = search_all(corpus_page, "biceps")
    assert results[0] == "exercises/dumbbell-curl/"  # "Biceps curl" is one of its names
    assert results[1] == "body-areas/"
    assert corpus[1]["biceps"] <= set(results)


def test_labels_are_indexed_once_per_page(corpus: tuple[Path, dict[str, set[str]]]) -> None:
    index = corpus[0] / "search" / "search_index.json"
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    # Not again on each of its sections ("Steps", "Tips"), where they also outranked names.
    assert not [d for d in docs if "#" in d["location"] and "tags" in d]
    assert ["Curl bar" in d["tags"] for d in docs if d["location"] == "exercises/reverse-curl/"
            ] == [True]


# ------------------------------------------------------------------ the index, without MkDocs

def _index(*docs: dict[str, Any]) -> dict[str, Any]:
    config = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"],
              "fields": {"title": {"boost": 1e3}, "text": {"boost": 1}, "tags": {"boost": 1e6}}}
    return {"config": config, "docs": list(docs)}


def test_other_names_are_indexed_as_text_never_markup() -> None:
    index = _index({"location": "exercises/x/", "title": "Wall slides", "text": "",
                    "tags": ["Wall"], "boost": 2})
    tuned = tune_index(index, {"exercises/x/": ["Wall angels", "<img src=x onerror=alert(1)>"]})
    entry = tuned["docs"][0]
    assert entry["aliases"] == "angels &lt;img src=x onerror=alert(1)&gt;"
    assert tuned["config"]["fields"] == {k: {"boost": v} for k, v in FIELDS.items()}
    assert tune_index(tuned, {"exercises/x/": ["Anything"]}) == tuned  # tuned once only


def test_other_names_are_found_at_the_addresses_of_their_pages() -> None:
    for directory_urls, address in ((True, "exercises/wall-slides/"),
                                    (False, "exercises/wall-slides.html")):
        assert other_names(SEED, directory_urls)[address] == ("Wall angels",)


def test_without_a_search_index_nothing_is_written(tmp_path: Path) -> None:
    assert not tune_index_file(tmp_path / "search" / "search_index.json", {})
    assert not (tmp_path / "search").exists()
