"""Cheat sheets and printing, read back from real PDFs (WeasyPrint and Chromium, poppler, zbar)."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page

from generator import read_site
from generator.cheatsheet import PAPERS, dose_short, render_cheat_sheets, render_pdf, render_pdfs
from generator.cli import main
from tests.browser import require
from tests.conftest import REPO
from tests.static_server import serve

SITE = read_site(REPO)
SITE_URL = "https://stretch-guide.example.org/"
PAPER_POINTS = {"a4": "595.276 x 841.89", "letter": "612 x 792"}


def tool(name: str) -> str:
    require(name, f"{name} (Debian package poppler-utils / zbar-tools)")
    return name


def pdf_pages(pdf: Path) -> tuple[int, str]:
    info = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    size = re.search(r"^Page size:\s+([\d.]+ x [\d.]+)", info, re.M).group(1)  # type: ignore[union-attr]
    return pages, size


def pdf_text(pdf: Path) -> str:
    out = subprocess.run([tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return " ".join(out.split())


def first_page_png(pdf: Path, tmp: Path, dpi: int = 150) -> Path:
    prefix = tmp / pdf.stem
    subprocess.run([tool("pdftoppm"), "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(prefix)], check=True)
    return prefix.with_suffix(".png")


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("slug", sorted(SITE.routines))
def test_routine_pdf_is_one_complete_page(slug: str, paper: str, built_site: Path,
                                          tmp_path: Path) -> None:
    pdf = built_site / f"routines/{slug}/cheat-sheet-{paper}.pdf"
    assert pdf_pages(pdf) == (1, PAPER_POINTS[paper])
    text = pdf_text(pdf)
    routine = SITE.routines[slug]
    assert routine.title.plain in text and f"takes {routine.minutes} minutes" in text
    items = routine.exercises + (routine.extras.exercises if routine.extras else ())
    for item in items:
        exercise = SITE.exercises[item.exercise]
        assert flat(exercise.title.plain) in text
        for step in exercise.steps:
            assert flat(step.plain) in text, step.plain
        dose = item.dose or exercise.dose
        if dose:
            import html
            assert flat(html.unescape(str(dose_short(dose)))) in text
        for caution in exercise.cautions:
            assert flat(caution.plain) in text
    for disclaimer in SITE.defaults:
        assert flat(disclaimer.text.plain) in text
    if routine.extras:
        assert routine.extras.title.plain in text
    assert all(f"Day {d}" in text for d in range(1, 8))
    assert f"{SITE_URL}routines/{slug}/" in text
    qr = subprocess.run([tool("zbarimg"), "--raw", "-q", str(first_page_png(pdf, tmp_path))],
                        capture_output=True, text=True, check=True).stdout.strip()
    assert qr == f"{SITE_URL}routines/{slug}/"


@pytest.mark.parametrize("slug", sorted(SITE.routines))
def test_cheat_sheet_draws_each_exercises_figure_as_vectors(slug: str, built_site: Path) -> None:
    from bs4 import BeautifulSoup

    sheet = BeautifulSoup((built_site / f"routines/{slug}/cheat-sheet.html").read_text(),
                          "html.parser")
    routine = SITE.routines[slug]
    items = routine.exercises + (routine.extras.exercises if routine.extras else ())
    entries = sheet.select("ol.exercises > li")
    assert len(entries) == len(items)
    for entry, item in zip(entries, items, strict=True):
        figure = SITE.exercises[item.exercise].figure
        svgs = entry.select(".pictures svg[role=img]")
        assert [s.get("aria-label") for s in svgs] == (
            [f.alt.plain for f in figure.frames] if figure else []), item.exercise
    # Vectors in the PDF too: nothing on the page is a raster image (the QR code is vector).
    for paper in PAPERS:
        listing = subprocess.run([tool("pdfimages"), "-list", str(
            built_site / f"routines/{slug}/cheat-sheet-{paper}.pdf")], capture_output=True,
            text=True, check=True).stdout.splitlines()
        assert listing[2:] == [], listing


def test_cheat_sheet_is_black_and_white(built_site: Path, tmp_path: Path) -> None:
    png = first_page_png(built_site / "routines/mid-back-lying-down/cheat-sheet-a4.pdf", tmp_path, 50)
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        pixels = {rgb.getpixel((x, y)) for x in range(rgb.width) for y in range(rgb.height)}
    assert len(pixels) > 1
    assert all(isinstance(p, tuple) and p[0] == p[1] == p[2] for p in pixels)


def test_routine_page_links_the_cheat_sheet_and_pdfs(built_site: Path) -> None:
    html = (built_site / "routines/mid-back-sitting/index.html").read_text()
    assert '<a class="md-button md-button--primary" href="cheat-sheet.html">Print cheat sheet</a>' in html
    assert 'href="cheat-sheet-a4.pdf">Download PDF (A4)</a>' in html
    assert 'href="cheat-sheet-letter.pdf">Download PDF (US Letter)</a>' in html


def test_cheat_sheets_are_hidden_from_search(built_site: Path) -> None:
    index = json.loads((built_site / "search/search_index.json").read_text())
    assert not [d["location"] for d in index["docs"] if "cheat-sheet" in d["location"]]
    sheet = (built_site / "routines/mid-back-sitting/cheat-sheet.html").read_text()
    assert '<meta name="robots" content="noindex">' in sheet
    assert "cheat-sheet" not in (built_site / "sitemap.xml").read_text()


def test_many_pdfs_are_printed_by_worker_processes(tmp_path: Path) -> None:
    # A cold build of a large site prints its PDFs in a pool of spawned workers; they must be
    # the same bytes as printing in this process, and land in the cache.
    sheet = render_cheat_sheets(SITE, SITE_URL)[0]
    jobs = [(sheet.html.replace("</body>", f"<!-- copy {i} --></body>"), paper)
            for i in range(5) for paper in PAPERS]
    pdfs = render_pdfs(jobs, tmp_path)
    assert [p.pages for p in pdfs] == [1] * len(jobs)
    assert len(list(tmp_path.glob("*.pdf"))) == len(jobs)
    assert pdfs[0] == render_pdf(*jobs[0])


def test_pdfs_are_cached_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = render_cheat_sheets(SITE, SITE_URL)[0]
    first = render_pdf(sheet.html, "a4", tmp_path)
    import weasyprint

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendered again although nothing changed")

    monkeypatch.setattr(weasyprint, "HTML", refuse)
    assert render_pdf(sheet.html, "a4", tmp_path) == first
    with pytest.raises(AssertionError, match="rendered again"):
        render_pdf(sheet.html.replace("Day 1", "Day one"), "a4", tmp_path)


def test_a_routine_too_long_for_one_page_fails_the_build(repo: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    routine = repo / "content/routines/mid-back-lying-down.yaml"
    text = routine.read_text()
    extra = "".join(f"  - {slug}\n" for slug in sorted(SITE.exercises))
    routine.write_text(text.replace("exercises:\n", "exercises:\n" + extra, 1))
    assert main(["--root", str(repo), "build", "--site-dir", str(repo / "site")]) == 1
    err = capsys.readouterr().err
    assert ("content/routines/mid-back-lying-down.yaml:1:1: exercises: the cheat sheet needs 3 "
            "pages on A4 paper; shorten the steps or split the routine") in err
    assert not (repo / "site").exists()


# ---------------------------------------------------------------------------- Chromium


@pytest.fixture(scope="module")
def printed(browser: Browser, built_site: Path) -> Iterator[Page]:
    with serve(built_site) as base:
        page = browser.new_page(base_url=base)
        page.emulate_media(media="print")
        yield page
        page.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("slug", sorted(SITE.routines))
def test_browser_prints_the_cheat_sheet_on_one_page(slug: str, paper: str, printed: Page,
                                                    tmp_path: Path) -> None:
    printed.goto(f"routines/{slug}/cheat-sheet.html")
    pdf = tmp_path / "sheet.pdf"
    printed.pdf(path=str(pdf), format=paper)
    assert pdf_pages(pdf)[0] == 1
    text = pdf_text(pdf)
    assert "Print command" not in text and "download the PDF" not in text  # screen-only lines
    for item in SITE.routines[slug].exercises:
        assert flat(SITE.exercises[item.exercise].title.plain) in text
    # Text inside the figures' drawings (frame numbers) scales with the drawing: not type.
    smallest: float = printed.evaluate("""() => Math.min(...[...document.querySelectorAll('main *')]
        .filter(e => !e.closest('svg') && e.offsetParent !== null && [...e.childNodes].some(
            n => n.nodeType === 3 && n.textContent.trim()))
        .map(e => parseFloat(getComputedStyle(e).fontSize)))""")
    assert smallest >= 10 * 96 / 72 - 0.01  # 10pt in CSS pixels


def test_an_ordinary_routine_page_prints_its_folded_steps(printed: Page, tmp_path: Path) -> None:
    printed.goto("routines/mid-back-lying-down/")
    pdf = tmp_path / "routine.pdf"
    printed.pdf(path=str(pdf), format="A4")
    pages = pdf_text(pdf)
    first_page = subprocess.run([tool("pdftotext"), "-l", "1", str(pdf), "-"], capture_output=True,
                                text=True, check=True).stdout
    assert "Not medical advice" in first_page  # the safety notice is on the first sheet
    assert "Get on all fours." in pages and "Focus on your breathing." in pages  # folded blocks
    for chrome in ("Table of contents", "Print cheat sheet", "Download PDF", "Switch to dark"):
        assert chrome not in pages
    assert 1 <= pdf_pages(pdf)[0] <= 5  # six exercises, each with its steps and pictures
