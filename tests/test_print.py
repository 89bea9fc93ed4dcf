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
from generator.timing import plan
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


def pdf_flow(pdf: Path) -> str:
    """The PDF's text in reading order (column by column), on one line."""
    out = subprocess.run([tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
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


def test_seed_sheets_keep_the_first_layout(built_site: Path) -> None:
    # The three seed routines fit one page without tightening anything.
    for slug in SITE.routines:
        sheet = (built_site / f"routines/{slug}/cheat-sheet.html").read_text()
        assert '<style id="layout"></style>' in sheet, slug


def _lengthen(repo: Path, slug: str, exercises: list[str]) -> None:
    routine = repo / f"content/routines/{slug}.yaml"
    extra = "".join(f"  - {name}\n" for name in exercises)
    routine.write_text(routine.read_text().replace("exercises:\n", "exercises:\n" + extra, 1))
    # Declare the time the longer routine takes, or the duration check stops the build.
    site = read_site(repo)
    minutes = max(1, round(plan(site, site.routines[slug]).seconds / 60))
    routine.write_text(re.sub(r"^minutes: \d+", f"minutes: {minutes}", routine.read_text(),
                              flags=re.M))


def _check_and_build(repo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[list[str], list[str]]:
    """Run `check` then `build` on `repo`; both must succeed. Their notice lines."""
    assert main(["--root", str(repo), "check"]) == 0
    checked = [line for line in capsys.readouterr().err.splitlines() if line.startswith("notice:")]
    assert main(["--root", str(repo), "build", "--site-dir", str(repo / "site")]) == 0
    built = [line for line in capsys.readouterr().err.splitlines() if line.startswith("notice:")]
    return checked, built


def test_a_routine_a_little_too_long_fits_one_page_in_a_tighter_layout(
        repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _lengthen(repo, "mid-back-lying-down", ["trunk-rotation", "wall-slides"])
    assert _check_and_build(repo, capsys) == ([], [])  # no notice: it still fits one page
    sheet = repo / "site/routines/mid-back-lying-down"
    assert '<style id="layout"></style>' not in (sheet / "cheat-sheet.html").read_text()
    for paper in PAPERS:
        pdf = sheet / f"cheat-sheet-{paper}.pdf"
        assert pdf_pages(pdf) == (1, PAPER_POINTS[paper])
        text = pdf_flow(pdf)
        for name in ("trunk-rotation", "wall-slides", "supported-rest"):
            assert flat(SITE.exercises[name].title.plain) in text
        assert "Page 1 of" not in text


def test_a_routine_too_long_for_any_layout_prints_front_and_back_with_a_notice(
        repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _lengthen(repo, "mid-back-lying-down", sorted(SITE.exercises))
    checked, built = _check_and_build(repo, capsys)
    assert checked == built == [
        "notice: content/routines/mid-back-lying-down.yaml:5:1: exercises: the cheat sheet does "
        "not fit on one page even in its most compact layout, so it prints on more than one "
        "page, front and back; to fit one page, shorten the steps or split the routine into two"]
    assert (repo / "content/routines/mid-back-lying-down.yaml").read_text().splitlines()[4] == \
        "exercises:"
    url = f"{SITE_URL}routines/mid-back-lying-down/"
    for paper in PAPERS:
        pdf = repo / f"site/routines/mid-back-lying-down/cheat-sheet-{paper}.pdf"
        pages, size = pdf_pages(pdf)
        assert pages == 2 and size == PAPER_POINTS[paper]
        text = pdf_flow(pdf)  # two columns
        for exercise in SITE.exercises.values():  # nothing left out
            assert flat(exercise.title.plain) in text
        assert "Day 7" in text and "Page 1 of 2" in text and "Page 2 of 2" in text
        # The back says what it belongs to: the routine's name, and its QR code.
        back = subprocess.run([tool("pdftotext"), "-f", "2", "-l", "2", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "If you are lying down (continued)" in flat(back)
        prefix = tmp_path / f"back-{paper}"
        subprocess.run([tool("pdftoppm"), "-r", "150", "-png", "-f", "2", "-l", "2",
                        "-singlefile", str(pdf), str(prefix)], check=True)
        qr = subprocess.run([tool("zbarimg"), "--raw", "-q", str(prefix.with_suffix(".png"))],
                            capture_output=True, text=True, check=True).stdout.strip()
        assert qr == url


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
