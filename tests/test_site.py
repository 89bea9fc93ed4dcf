"""The whole site, built strictly: every seed page with its steps and disclaimers, search, safety."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from generator import read_site
from generator.cli import main
from tests.conftest import REPO

SITE = read_site(REPO)
DEFAULT_DISCLAIMERS = [d.text.plain for d in SITE.defaults]


def article(site: Path, uri: str) -> Tag:
    html = (site / uri / "index.html").read_text(encoding="utf-8")
    found = BeautifulSoup(html, "html.parser").find("article")
    assert isinstance(found, Tag), f"no article in {uri}"
    return found


def text_of(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def test_every_seed_page_exists(built_site: Path) -> None:
    pages = ([f"exercises/{s}" for s in SITE.exercises] + [f"routines/{s}" for s in SITE.routines]
             + [f"guides/{s}" for s in SITE.guides])
    assert len(pages) == 19 + 3 + 2
    for uri in pages:
        assert (built_site / uri / "index.html").is_file(), uri


@pytest.mark.parametrize("slug", sorted(SITE.exercises))
def test_exercise_page_has_steps_and_disclaimers(slug: str, built_site: Path) -> None:
    page = article(built_site, f"exercises/{slug}")
    steps = page.find("h2", id="steps")
    assert steps is not None
    ol = steps.find_next("ol")
    assert isinstance(ol, Tag)
    shown = [" ".join(li.get_text(" ").split()) for li in ol.find_all("li")]
    assert shown == [s.plain for s in SITE.exercises[slug].steps]
    for text in DEFAULT_DISCLAIMERS:
        assert " ".join(text.split()) in text_of(page)
    for caution in SITE.exercises[slug].cautions:
        assert caution.plain in text_of(page)


def test_safety_notice_comes_before_any_instruction(built_site: Path) -> None:
    for uri in [f"exercises/{s}" for s in SITE.exercises] + [f"routines/{s}" for s in SITE.routines] \
            + [f"guides/{s}" for s in SITE.guides] + [""]:
        page = article(built_site, uri)
        first_block = page.find(lambda t: t.name in ("details", "ol", "h2") or (
            t.name == "div" and "admonition" in t.get_attribute_list("class")))
        assert isinstance(first_block, Tag)
        assert "warning" in first_block.get_attribute_list("class"), uri


@pytest.mark.parametrize("slug", sorted(SITE.routines))
def test_routine_exercises_are_collapsible_with_steps(slug: str, built_site: Path) -> None:
    routine = SITE.routines[slug]
    page = article(built_site, f"routines/{slug}")
    blocks = page.find_all("details")
    items = routine.exercises + (routine.extras.exercises if routine.extras else ())
    assert len(blocks) == len(items)
    for block, item in zip(blocks, items, strict=True):
        exercise = SITE.exercises[item.exercise]
        assert "open" not in block.attrs  # folded, like the seed's "click to reveal"
        summary = block.find("summary")
        assert summary is not None and exercise.title.plain in summary.get_text()
        assert [" ".join(li.get_text(" ").split()) for li in block.find_all("li")] == [
            s.plain for s in exercise.steps]
    assert f"takes {routine.minutes} minute" in text_of(page)
    if routine.extras:
        assert routine.extras.title.plain in text_of(page)


def test_routine_times_match_the_seed(built_site: Path) -> None:
    assert {s: r.minutes for s, r in SITE.routines.items()} == {
        "mid-back-sitting": 2, "mid-back-lying-down": 4, "mid-back-standing": 4}


def test_cautions_are_never_folded(built_site: Path) -> None:
    for slug in SITE.routines:
        for block in article(built_site, f"routines/{slug}").find_all("details"):
            assert "Never put a tennis ball" not in block.get_text()


def test_search_finds_tennis_ball_exercises(built_site: Path) -> None:
    index = json.loads((built_site / "search/search_index.json").read_text())
    hits = {d["location"] for d in index["docs"]
            if "tennis ball" in (d["title"] + " " + d["text"]).lower()}
    assert {"exercises/tennis-ball-release/", "exercises/dual-tennis-ball-release/"} <= hits
    # Other names are searchable: each of their words is in the page's title or its aliases.
    names = {d["location"]: f"{d['title']} {d.get('aliases', '')}".lower().split()
             for d in index["docs"]}
    for page, alias in (("exercises/tennis-ball-release/", "Tennis ball exercise for achy upper back"),
                        ("exercises/wall-slides/", "Wall angels")):
        assert set(alias.lower().split()) <= set(names[page]), (page, alias)


def test_search_index_holds_each_text_once(built_site: Path) -> None:
    docs = json.loads((built_site / "search/search_index.json").read_text())["docs"]
    # A routine's folded exercises are indexed on the exercise pages, not again on the routine
    # (every one of them, not only those before the first caution block).
    routine_text = " ".join(d["text"] for d in docs if d["location"].startswith("routines/"))
    for routine in SITE.content.routines:
        for item in routine.exercises:
            step = SITE.exercises[item.exercise].steps[0].plain
            assert step not in routine_text, (routine.slug, item.exercise)
    # The disclaimers are indexed once (on the home page), and the tags page not at all.
    for text in DEFAULT_DISCLAIMERS:
        assert sum(text[:40] in d["text"] for d in docs) == 1, text
    assert not [d for d in docs if d["location"].startswith("tags/")]


def test_a_routine_with_cautions_indexes_none_of_its_exercises(repo: Path) -> None:
    # A caution block is an admonition (a <div>) between the folded exercises.
    path = repo / "content/exercises/seated-elbow-circles.yaml"
    path.write_text(path.read_text() + 'cautions:\n  - "Go gently."\n')
    assert main(["--root", str(repo), "build"]) == 0
    docs = json.loads((repo / "site/search/search_index.json").read_text())["docs"]
    text = " ".join(d["text"] for d in docs if d["location"].startswith("routines/"))
    routine = read_site(repo).routines["mid-back-sitting"]
    for item in routine.exercises:
        assert SITE.exercises[item.exercise].steps[0].plain not in text, item.exercise


def test_every_link_in_the_site_leads_to_a_page(built_site: Path) -> None:
    # Index pages are HTML made by the generator, which MkDocs does not check: follow them all.
    broken = []
    for page in built_site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.find_all("a", href=True):
            href = str(a["href"]).split("#", 1)[0].split("?", 1)[0]
            if not href or href.startswith(("http://", "https://", "mailto:")):
                continue
            # The 404 page links from the site root: it is served at any address.
            base = built_site if href.startswith("/") else page.parent
            target = (base / href.lstrip("/")).resolve()
            if not (target / "index.html" if href.endswith("/") or target.is_dir()
                    else target).is_file():
                broken.append(f"{page.relative_to(built_site)} -> {a['href']}")
    assert not broken, broken[:10]
    index = BeautifulSoup((built_site / "body-areas/index.html").read_text(), "html.parser")
    assert len(index.select("ul.exercise-index > li > a[href^='../exercises/']")) >= 19


def test_navigation_does_not_list_every_exercise(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / "index.html").read_text(), "html.parser")
    nav = soup.find("nav", class_="md-nav--primary")
    assert isinstance(nav, Tag)
    links = nav.find_all("a", class_="md-nav__link")
    assert len(links) < 15
    assert not any("exercises/glute-bridge" in str(a.get("href")) for a in links)


def test_edit_links_point_at_the_yaml(built_site: Path) -> None:
    page = (built_site / "exercises/glute-bridge/index.html").read_text()
    assert "/edit/main/content/exercises/glute-bridge.yaml" in page
    about = (built_site / "about/index.html").read_text()
    assert "/edit/main/content/pages/about.md" in about


def test_index_pages_list_exercises_by_position_and_body_area(built_site: Path) -> None:
    positions = article(built_site, "positions")
    for term in SITE.content.vocabulary.positions:
        members = SITE.by_term["positions"][term.slug]
        if members:
            heading = positions.find(id=term.slug)
            assert heading is not None, term.slug
    areas = text_of(article(built_site, "body-areas"))
    assert "Tennis ball release for the upper back and shoulder blades" in areas


INJECTED = {
    "title": '"Evil </title><script>alert(1)</script>"',
    "summary": '"!!! warning \\"Injected\\""',
    "steps": ['"[click](https://example.org) <img src=x onerror=alert(1)>"', '"# Not a heading"',
              '"<!-- start"', '"end -->"', '"{{ 7*7 }} {% raw %}"', '"    indented code"',
              '"[x]: javascript:alert(1)"', '"<javascript:alert(2)>"', '"{: onclick=\\"alert(3)\\" }"'],
}


def _evil_exercise() -> str:
    steps = "\n".join(f"  - {s}" for s in INJECTED["steps"])
    return (f"title: {INJECTED['title']}\nsummary: {INJECTED['summary']}\nlevel: beginner\n"
            f"position: sitting\ntargets:\n  - mid-back\nsteps:\n{steps}\n")


def test_injected_text_is_shown_literally(repo: Path) -> None:
    (repo / "content/exercises/evil.yaml").write_text(_evil_exercise())
    out = repo / "site"
    assert main(["--root", str(repo), "build", "--site-dir", str(out)]) == 0
    page = article(out, "exercises/evil")
    for chrome in page.select("a.md-content__button, nav.md-tags"):  # the theme's own icons
        chrome.decompose()
    for bad in ["script", "img", "iframe", "style", "svg", "textarea", "form"]:
        assert page.find(bad) is None, bad
    assert not any(attr.startswith("on") for tag in page.find_all(True) for attr in tag.attrs)
    h1 = page.find("h1")
    assert h1 is not None and h1.get_text().rstrip("¶") == "Evil </title><script>alert(1)</script>"
    text = text_of(page)
    assert '!!! warning "Injected"' in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "# Not a heading" in text and "<!-- start" in text and "end -->" in text
    assert "{{ 7*7 }} {% raw %}" in text and "indented code" in text
    assert "[x]: javascript:alert(1)" in text and "<javascript:alert(2)>" in text
    assert '{: onclick="alert(3)" }' in text
    hrefs = [str(a.get("href")) for a in page.find_all("a")]
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))]
    assert [h for h in hrefs if "example.org" in h] == ["https://example.org"]
    whole = BeautifulSoup((out / "exercises/evil/index.html").read_text(), "html.parser")
    assert whole.title is not None
    assert whole.title.get_text() == "Evil </title><script>alert(1)</script> - Stretch Guide"
    assert whole.find("script", string=lambda s: s is not None and "alert(1)" in s) is None


def test_failed_build_leaves_the_last_good_site(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = repo / "site"
    assert main(["--root", str(repo), "build", "--site-dir", str(out)]) == 0
    before = _digest(out)
    (repo / "content/exercises/glute-bridge.yaml").write_text("title: [unclosed\n")
    assert main(["--root", str(repo), "build", "--site-dir", str(out)]) == 1
    assert _digest(out) == before
    assert "Traceback" not in capsys.readouterr().err
    # A build that fails inside MkDocs (a broken hand-written link, strict mode) is just as safe.
    (repo / "content/exercises/glute-bridge.yaml").write_text(
        (REPO / "content/exercises/glute-bridge.yaml").read_text())
    (repo / "content/pages/about.md").write_text("# About\n\n[missing](nowhere.md)\n")
    assert main(["--root", str(repo), "build", "--site-dir", str(out)]) == 1
    assert _digest(out) == before
    assert not list(repo.glob(".site.*")), "temporary build folders were left behind"


def test_build_is_reproducible(repo: Path, tmp_path: Path) -> None:
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    assert main(["--root", str(repo), "build", "--site-dir", str(tmp_path / "a")]) == 0
    assert main(["--root", str(repo), "build", "--site-dir", str(tmp_path / "b")]) == 0
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
