"""The site's own self-check (`generator.selfcheck`): the real build passes it, and a site that
lost a page, a link's target, an anchor, a nav entry or its safety words fails it with one line
naming the page; a build whose output fails it leaves the previous site as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import generator
from generator.cli import main
from generator.pagescan import words
from generator.render import render_site
from generator.selfcheck import Expected, check_site, config_nav, expect
from generator.text import parse_inline

REPO = Path(__file__).resolve().parent.parent
FOOTER = "Not medical advice. If a stretch causes pain, stop and see a health professional."


@pytest.fixture(scope="module")
def expected() -> Expected:
    """What the generator knows the real site holds."""
    site = generator.read_site(REPO)
    pages = [(p.src_uri, p.source) for p in render_site(site)]
    return expect(site, pages, config_nav(REPO))


@pytest.fixture
def damaged(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the real built site that a test may break."""
    return Path(shutil.copytree(built_site, tmp_path / "site"))


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must be there) by `new` everywhere in one page."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def themed(site: Path) -> list[Path]:
    """The pages the theme draws (all but the standalone cheat sheets)."""
    return [p for p in sorted(site.rglob("*.html")) if p.name != "cheat-sheet.html"]


def nav_line(target: str) -> str:
    """`mkdocs.yml:LINE:COL` of the nav entry naming `target`."""
    line, col = next((ln, c) for t, ln, c in config_nav(REPO) if t == target)
    return f"mkdocs.yml:{line}:{col}"


def test_the_real_built_site_passes(built_site: Path, expected: Expected) -> None:
    report = check_site(built_site, expected)
    assert report.problems == []
    assert report.pages == sum(1 for _ in built_site.rglob("*.html"))
    assert report.links > 1000  # every page's links were read, not just found


def test_a_missing_generated_page_is_one_line(damaged: Path, expected: Expected) -> None:
    (damaged / "exercises/wall-slides/index.html").unlink()
    # Pages linking to it are not listed again: the missing page is the problem.
    assert check_site(damaged, expected).problems == [
        "exercises/wall-slides/index.html: missing: the page made from "
        "content/exercises/wall-slides.yaml is not in the output"]


def test_a_missing_cheat_sheet_pdf(damaged: Path, expected: Expected) -> None:
    (damaged / "routines/mid-back-sitting/cheat-sheet-letter.pdf").unlink()
    assert check_site(damaged, expected).problems == [
        "routines/mid-back-sitting/cheat-sheet-letter.pdf: missing: a cheat sheet of "
        "content/routines/mid-back-sitting.yaml is not in the output"]


def test_broken_internal_links(damaged: Path, expected: Expected) -> None:
    about = damaged / "about/index.html"
    edit(about, "</article>", '<a href="../nowhere/">a</a>'
         '<a href="https://stretch-guide.example.org/gone.html#x">b</a>'
         '<img src="/../../etc/passwd" alt="">'
         '<a href="https://example.com/nowhere/">another site</a>'
         '<a href="mailto:someone@example.org">mail</a><a href="">this page</a>'
         '<img srcset="../assets/images/favicon.png 1x, ../lost.webp 2x" alt="">'
         '<a href="../exercises/wall-slides/#steps">fine</a></article>')
    assert check_site(damaged, expected).problems == [
        'about/index.html: broken link "../nowhere/": no nowhere/index.html in the output',
        'about/index.html: broken link "https://stretch-guide.example.org/gone.html#x": '
        "no gone.html in the output",
        'about/index.html: link "/../../etc/passwd" goes above the site\'s top folder',
        'about/index.html: broken link "../lost.webp": no lost.webp in the output',
    ]


def test_attributes_shown_as_text_are_not_links(damaged: Path, expected: Expected) -> None:
    # A page that shows HTML as code: Markdown escapes the brackets but not the quotes.
    edit(damaged / "about/index.html", "</article>",
         '<p><code>&lt;a href="nowhere.html#x"&gt;</code> and src=gone.png</p></article>')
    assert check_site(damaged, expected).problems == []


def test_a_missing_anchor(damaged: Path, expected: Expected) -> None:
    edit(damaged / "exercises/wall-slides/index.html", 'id="steps"', 'id="stages"')
    assert check_site(damaged, expected).problems == [
        'exercises/wall-slides/index.html: broken link "#steps": '
        'exercises/wall-slides/index.html has no anchor "steps"']


def test_an_anchor_on_another_page(damaged: Path, expected: Expected) -> None:
    edit(damaged / "positions/index.html", 'id="standing"', 'id="upright"')
    # Its own table of contents first (pages are read from the top folder down), then every
    # standing exercise's link to it, on one line.
    linking = sum(1 for p in damaged.rglob("*.html") if '/positions/#standing"' in p.read_text())
    assert linking > 1
    assert check_site(damaged, expected).problems == [
        'positions/index.html: broken link "#standing": positions/index.html has no anchor '
        f'"standing" (and on {linking} other pages)']


def test_a_nav_entry_pointing_nowhere(damaged: Path, expected: Expected) -> None:
    shutil.rmtree(damaged / "about")
    assert check_site(damaged, expected).problems == [
        f"{nav_line('about.md')}: nav: about.md is not in the output (no about/index.html)",
        '404.html: broken link "/about/": no about/index.html in the output '
        f"(and on {len(themed(damaged)) - 1} other pages)"]  # every sidebar links to it


def test_a_nav_entry_the_engine_dropped(damaged: Path, expected: Expected) -> None:
    # The page is built but the home page's sidebar does not offer it.
    edit(damaged / "index.html", 'href="kinds/"', 'href="#"')
    assert check_site(damaged, expected).problems == [
        f"{nav_line('kinds.md')}: nav: kinds.md is in the output but the home page's "
        "navigation does not link to it (did the engine drop the entry?)"]


def test_a_page_without_the_footer(damaged: Path, expected: Expected) -> None:
    edit(damaged / "404.html", FOOTER, "")
    assert check_site(damaged, expected).problems == [
        '404.html: no footer: the site\'s note "Not medical advice. If a stretch causes…" '
        "(footer in content/site.yaml) is not on the page"]


def test_a_theme_that_drops_the_footer_is_one_line(damaged: Path, expected: Expected) -> None:
    for page in themed(damaged):
        edit(page, FOOTER, "")
    assert check_site(damaged, expected).problems == [
        '404.html: no footer: the site\'s note "Not medical advice. If a stretch causes…" '
        f"(footer in content/site.yaml) is not on the page (and on {len(themed(damaged)) - 1} "
        "other pages)"]


def test_a_cheat_sheet_without_its_safety_notices(damaged: Path, expected: Expected) -> None:
    sheet = damaged / "routines/mid-back-sitting/cheat-sheet.html"
    edit(sheet, "If any of the stretches causes pain", "If it hurts")
    assert check_site(damaged, expected).problems == [
        "routines/mid-back-sitting/cheat-sheet.html: no safety notice: the default disclaimer "
        '"If any of the stretches causes pain…" (content/disclaimers/stop-if-it-hurts.yaml) is '
        "not on the page"]


@pytest.mark.parametrize("written", [
    "Don't stop: it is <em>fine</em> &amp; good.",
    "Don&#x27;t  stop:\n it is <em>fine</em> &#38; good.",
    "Don&#39;t stop&#58; it is <em>fine</em> &amp; good.",
    "Don&apos;t stop: it is <strong><em>fine</em></strong> & good.",
])
def test_safety_words_are_found_however_the_engine_escapes_them(written: str) -> None:
    line, errors = parse_inline("Don't stop: it is *fine* & good.")
    assert not errors
    assert words(line).search(f"<p>{written}</p>".encode())


def test_safety_words_are_not_found_when_changed() -> None:
    line, _ = parse_inline("Don't stop: it is *fine* & good.")
    assert not words(line).search(b"<p>Don't stop: it is <em>fine</em> and good.</p>")
    assert not words(line).search(b"<p>Don't stop: it is fine &amp; good</p><em></em>")


def test_cli_selfcheck_exit_codes(built_site: Path, damaged: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(REPO), "selfcheck", str(built_site)]) == 0
    pages = sum(1 for _ in built_site.rglob("*.html"))
    assert capsys.readouterr().out.startswith(f"ok: {built_site}: {pages} pages, ")
    (damaged / "guides/middle-back-relief/index.html").unlink()
    assert main(["--root", str(REPO), "selfcheck", str(damaged)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "guides/middle-back-relief/index.html: missing: the page made from "
        "content/guides/middle-back-relief.yaml is not in the output",
        f"1 problem(s) in {damaged}."]
    assert main(["--root", str(REPO), "selfcheck", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err == (f"error: {tmp_path / 'nowhere'} is not a folder "
                                       "(build the site first)\n")


def test_a_site_built_without_our_hook_passes(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    # `render`'s folder built by plain MkDocs, as any engine that runs no hook builds it.
    assert main(["--root", str(REPO), "render", str(tmp_path / "out")]) == 0
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                    str(tmp_path / "out/mkdocs.yml"), "-d", str(tmp_path / "site")],
                   check=True, env=env, capture_output=True)
    capsys.readouterr()
    assert main(["--root", str(REPO), "selfcheck", str(tmp_path / "site")]) == 0
    pages = sum(1 for _ in (tmp_path / "site").rglob("*.html"))
    assert capsys.readouterr().out.startswith(f"ok: {tmp_path / 'site'}: {pages} pages, ")


def test_a_build_failing_its_self_check_keeps_the_previous_site(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    assert main(["--root", str(repo), "build", "--site-dir", str(site)]) == 0
    before = (site / "index.html").read_bytes()
    # A theme override that leaves out the footer, as an engine without our overrides would.
    (repo / "overrides/partials").mkdir(parents=True, exist_ok=True)
    (repo / "overrides/partials/copyright.html").write_text("<div>Made by us</div>\n")
    capsys.readouterr()
    assert main(["--root", str(repo), "build", "--site-dir", str(site)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-3:] == [
        "the built site fails its self-check:",
        '404.html: no footer: the site\'s note "Not medical advice. If a stretch causes…" '
        f"(footer in content/site.yaml) is not on the page (and on {len(themed(site)) - 1} "
        "other pages)",
        "the build failed; the previous site was left untouched."]
    assert (site / "index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []
