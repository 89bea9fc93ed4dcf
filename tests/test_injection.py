"""Hostile text in every kind of field: a strict build shows it literally, and injects nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.cli import main
from tests.conftest import copy_repo
from tests.scan import scan_page, scan_site

# One line each (line fields); every one is typed by an editor and must reach readers as typed.
PAYLOADS = [
    "<script>alert(1)</script>", '<img src=x onerror="alert(2)">', "<svg onload=alert(3)>",
    "<iframe src=https://evil.example/>", "<style>body{display:none}</style>",
    "<div class='open'>", "<textarea>", "<!-- opened here", "closed here -->",
    '!!! warning "Injected"', "??? note", '=== "Tab"', "---", "# Not a heading",
    "> not a quote", "1. not a list", "| a | b |", "    four spaces of code",
    '{: onclick="alert(4)" }', '--8<-- "/etc/passwd"', "{{ 7*7 }}", "{% raw %}",
    "[x]: javascript:alert(5)", "<javascript:alert(6)>", "<form action=https://evil.example>",
]
TITLE = "Evil </title><script>alert(7)</script>"


def q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid double-quoted YAML string


def lines(items: list[str], indent: str = "  ") -> str:
    return "".join(f"{indent}- {q(p)}\n" for p in items)


def _write_fixture(root: Path) -> None:
    content = root / "content"
    (content / "exercises/evil.yaml").write_text(
        f"title: {q(TITLE)}\nsummary: {q(PAYLOADS[0] + ' ' + PAYLOADS[9])}\n"
        f"also_known_as:\n{lines(PAYLOADS[:3])}level: beginner\nposition: sitting\n"
        f"targets:\n  - mid-back\ndose:\n  hold_until: {q(PAYLOADS[1])}\n"
        f"  intensity: {q(PAYLOADS[16])}\nsteps:\n{lines(PAYLOADS[:20])}"
        f"tips:\n{lines(PAYLOADS[10:])}common_mistakes:\n{lines(PAYLOADS[5:9])}"
        f"cautions:\n{lines(PAYLOADS[3:6])}disclaimers:\n  - evil-notice\n")
    (content / "routines/evil-routine.yaml").write_text(
        f"title: {q('Routine <b>' + PAYLOADS[14])}\nsummary: {q(PAYLOADS[4])}\nposition: sitting\n"
        f"minutes: 3\nexercises:\n  - evil\n  - exercise: glute-bridge\n    note: {q(PAYLOADS[7])}\n"
        f"extras:\n  title: {q(PAYLOADS[9])}\n  exercises:\n    - seated-towel-roll\n"
        f"frequency: {q(PAYLOADS[8])}\ndisclaimers:\n  - evil-notice\n")
    prose = "\n\n".join([*PAYLOADS[9:13], "    " + PAYLOADS[17]])
    (content / "guides/evil-guide.yaml").write_text(
        f"title: {q('Guide ' + PAYLOADS[13])}\nsummary: {q(PAYLOADS[20])}\n"
        f"audience: |\n" + "".join(f"  {line}\n" if line else "\n" for line in prose.split("\n"))
        + f"how_to_use:\n{lines(PAYLOADS[18:])}routines:\n  - evil-routine\n"
        f"exercises:\n  - evil\ntips:\n{lines(PAYLOADS[:4])}disclaimers:\n  - evil-notice\n")
    (content / "disclaimers/evil-notice.yaml").write_text(
        f"title: {q('Notice ' + PAYLOADS[2])}\ntext: {q(PAYLOADS[6] + ' ' + PAYLOADS[15])}\n"
        "default: false\n")


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = copy_repo(tmp_path_factory.mktemp("evil") / "repo")
    _write_fixture(root)
    assert main(["--root", str(root), "build", "--site-dir", str(root / "site")]) == 0
    yield root / "site"


def test_scan_finds_nothing_on_the_injection_site(evil_site: Path) -> None:
    assert scan_site(evil_site) == {}


def test_scan_finds_nothing_on_the_real_site(built_site: Path) -> None:
    assert scan_site(built_site) == {}


@pytest.mark.parametrize("html", [
    "<article class='md-content__inner'><p><script>x</script></p></article>",
    "<article class='md-content__inner'><img src=x onerror=alert(1)></article>",
    "<main><a href=' JaVaScript:alert(1)'>x</a></main>",
    "<main><svg onload=alert(1)></svg></main>",
    "<main><figure class='sg-figure'><svg><script>x</script></svg></figure></main>",
    "<main><figure class='sg-figure'><svg><foreignObject><p>x</p></foreignObject></svg></figure>"
    "</main>",
    "<article class='md-content__inner'><p>ok</p><form action=/x></form></article>",
])
def test_scan_catches_injected_markup(html: str) -> None:
    assert scan_page(html) != []


def _text(site: Path, uri: str) -> str:
    soup = BeautifulSoup((site / uri).read_text(encoding="utf-8"), "html.parser")
    content = soup.select_one("article.md-content__inner") or soup.find("main")
    assert content is not None
    return " ".join(content.get_text(" ").split())


@pytest.mark.parametrize("uri", ["exercises/evil/index.html", "routines/evil-routine/index.html",
                                 "guides/evil-guide/index.html",
                                 "routines/evil-routine/cheat-sheet.html"])
def test_payloads_are_shown_literally_and_the_page_stays_whole(uri: str, evil_site: Path) -> None:
    text = _text(evil_site, uri)
    shown = [p for p in PAYLOADS if " ".join(p.split()) in text]
    assert len(shown) >= 8, shown
    assert "Not medical advice" in text  # content after the payloads still renders
    assert "Notice <svg onload=alert(3)>" in text  # the hostile disclaimer, as text


def test_every_exercise_payload_survives_on_its_page(evil_site: Path) -> None:
    text = _text(evil_site, "exercises/evil/index.html")
    for payload in PAYLOADS:
        assert " ".join(payload.split()) in text, payload
    for heading in ("Steps", "Tips", "Common mistakes", "Part of", "Related exercises"):
        assert heading in text
    soup = BeautifulSoup((evil_site / "exercises/evil/index.html").read_text(), "html.parser")
    assert soup.title is not None and soup.title.get_text() == f"{TITLE} - Stretch Guide"
    steps = soup.select("article h2#steps + ol > li")
    assert [" ".join(li.get_text(" ").split()) for li in steps] == [
        " ".join(p.split()) for p in PAYLOADS[:20]]
