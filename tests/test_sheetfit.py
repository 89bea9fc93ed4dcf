"""Cheat sheets that adapt: the estimate held to real WeasyPrint layouts, the layouts' type, and
what `check` decides without laying sheets out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tinycss2  # type: ignore[import-untyped]

from bench.corpus import make_corpus
from generator import cheatsheet, read_site
from generator.cheatsheet import css_string, render_cheat_sheets
from generator.sheetfit.fit import LAYOUTS, _drawn, sheet_base, sheet_notices, variant
from generator.sheetfit.size import PAPER_MM, Unmeasured, heights, room
from generator.xref import Site
from tests.conftest import REPO, copy_repo
from tests.test_bad_input import _apply

SHEETS = Path(__file__).parent / "sheets"
PX = 25.4 / 96  # millimetres in a CSS pixel
LAYOUT_NUMBER = {"first": 0, "condensed": LAYOUTS.index("condensed")}


def real_height(html: str, paper: str, layout: str) -> float:
    """The content height (mm) of a sheet laid out by WeasyPrint on a page as wide as `paper`
    and too tall to break."""
    import weasyprint

    tall = weasyprint.CSS(string=f"@page {{ size: {PAPER_MM[paper][0]}mm 3000mm; }}")
    page = weasyprint.HTML(string=variant(html, LAYOUT_NUMBER[layout])).render(
        stylesheets=[tall]).pages[0]._page_box
    main = next(box for box in _boxes(page) if box.element_tag == "main")
    return float((main.position_y + main.margin_height() - page.margin_top) * PX)


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def assert_bounds(site: Site, slugs: list[str], layouts: tuple[str, ...] = ("first",)) -> None:
    """For each routine, layout and paper: lower bound <= real height <= upper bound, and the
    first layout's upper bound within a millimetre of the real height."""
    base = sheet_base(site)
    sheets = {s.routine.slug: s for s in render_cheat_sheets(site, base)}
    for slug in slugs:
        routine, html = site.routines[slug], sheets[slug].html
        url = f"{base}routines/{slug}/"
        for layout in layouts:
            upper = heights(site, routine, url, _drawn, layout)
            widest = heights(site, routine, url, None, layout)
            lower = heights(site, routine, url, None, layout, "lower")
            for paper in PAPER_MM:
                real = real_height(html, paper, layout)
                where = f"{slug} {layout} {paper}: real {real:.2f}"
                # (WeasyPrint rounds positions to hundredths of a pixel.)
                assert lower[paper] - 0.05 <= real <= upper[paper] <= widest[paper], where
                if layout == "first":
                    assert upper[paper] - real < 1.0, where


@pytest.fixture(scope="module")
def long_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository with a real clinic's 12-exercise routine of long steps added."""
    repo = copy_repo(tmp_path_factory.mktemp("long") / "repo")
    _apply(SHEETS / "long-routine", repo)
    return repo


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    """A synthetic library of 200 exercises (`bench.corpus`: long steps, long routines)."""
    root = tmp_path_factory.mktemp("library") / "corpus"
    make_corpus(root, 200)
    return root, read_site(root)


def test_bounds_hold_for_the_seed_routines() -> None:
    site = read_site(REPO)
    assert_bounds(site, sorted(site.routines), ("first", "condensed"))


def test_bounds_hold_for_a_long_routine(long_repo: Path) -> None:
    assert_bounds(read_site(long_repo), ["clinic-programme"], ("first", "condensed"))


def test_bounds_hold_across_a_synthetic_library(library: tuple[Path, Site]) -> None:
    _, site = library
    base = sheet_base(site)
    # The sheets nearest a page are where a wrong estimate would show: the fullest ten, every
    # long routine (laid out condensed too), and a few of the rest.
    fill = {r.slug: max(h / room(p) for p, h in heights(
        site, r, f"{base}routines/{r.slug}/", _drawn).items()) for r in site.content.routines}
    ranked = sorted(fill, key=lambda slug: -fill[slug])
    long = [slug for slug in ranked if fill[slug] > 1]
    assert_bounds(site, [s for s in ranked if fill[s] <= 1][:10] + ranked[-3:])
    if long:
        assert_bounds(site, long, ("first", "condensed"))


def _no_layouts(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    """A fresh cache, and any attempt to lay a sheet out fails the test."""
    monkeypatch.setenv("STRETCH_GUIDE_CACHE", str(cache))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a sheet was laid out")

    monkeypatch.setattr(cheatsheet, "render_pdf", refuse)
    monkeypatch.setattr(cheatsheet, "render_pdfs", refuse)


def test_check_decides_without_laying_out_a_sheet(long_repo: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # The seed routines fit the first layout, the clinic's fits no layout: the estimate is
    # sure of both, so `check` prints no PDF (one would cost 0.4 s, a long one several).
    _no_layouts(monkeypatch, tmp_path / "cache")
    found = sheet_notices(read_site(long_repo), long_repo)
    assert [(n.path, n.line, n.field) for n in found] == [
        ("content/routines/clinic-programme.yaml", 5, "exercises")]
    assert sheet_notices(read_site(REPO), REPO) == []


def test_check_decides_a_synthetic_library_without_laying_out_a_sheet(
        library: tuple[Path, Site], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, site = library
    _no_layouts(monkeypatch, tmp_path / "cache")
    sheet_notices(site, root)


def test_text_the_estimate_cannot_measure_is_laid_out(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    step = repo / "content/exercises/supported-rest.yaml"
    step.write_text(step.read_text().replace("Focus on your breathing.",
                                              "Focus on your breathing 🙂 呼吸.", 1))
    site = read_site(repo)
    routine = site.routines["mid-back-lying-down"]
    with pytest.raises(Unmeasured):
        heights(site, routine, "https://example.org/", None)
    assert sheet_notices(site, repo) == []  # laid out for real: it fits


def _type_sizes(html: str) -> set[float]:
    """The font sizes (pt) of every piece of text WeasyPrint lays out, outside drawings."""
    import weasyprint
    from weasyprint.formatting_structure import boxes

    document = weasyprint.HTML(string=html).render()
    return {round(box.style["font_size"] * 0.75, 2) for page in document.pages
            for box in _boxes(page._page_box)
            if isinstance(box, boxes.TextBox) and box.text.strip()}


def test_no_layout_prints_type_under_9pt(long_repo: Path) -> None:
    site = read_site(long_repo)
    sheet = next(s for s in render_cheat_sheets(site, sheet_base(site))
                 if s.routine.slug == "mid-back-lying-down")
    # Page numbers (9pt) are printed only on sheets of more than one page.
    assert min(_type_sizes(variant(sheet.html, 0))) >= 10
    smallest = [min(_type_sizes(variant(sheet.html, k, paged=True))) for k in range(len(LAYOUTS))]
    assert all(size >= 9 for size in smallest), smallest


@pytest.mark.parametrize("text", ['</style><script>alert(1)</script>', 'a"b', "a\\b", "a\nb",
                                  "}; @import url(x); {", "Étirements « doux » — 5′", ""])
def test_text_in_the_sheets_stylesheet_stays_one_string(text: str) -> None:
    css = str(css_string(text))
    assert set(css[1:-1]) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\\")
    [token] = [t for t in tinycss2.parse_component_value_list(css) if t.type != "whitespace"]
    assert token.type == "string" and token.value == text


def test_without_pango_check_says_the_build_will_decide(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # One exercise of twenty long steps: too close to call without a real layout, and
    # `make check` runs where WeasyPrint may have no Pango to lay it out with.
    repo = copy_repo(tmp_path / "repo")
    _apply(SHEETS / "long-steps", repo)
    monkeypatch.setenv("STRETCH_GUIDE_CACHE", str(tmp_path / "cache"))

    def no_pango(*args: object, **kwargs: object) -> None:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(cheatsheet, "render_pdfs", no_pango)
    [found] = sheet_notices(read_site(repo), repo)
    assert str(found) == (
        "content/routines/mid-back-sitting.yaml:5:1: exercises: could not lay out the cheat sheet "
        "to see whether it fits one page (cannot load library 'libpango-1.0-0'); the build will "
        "say: install Pango (see README.md) to know it here")
