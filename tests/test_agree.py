"""`check` and `build` agree: a change `check` accepts never fails the build, and what the build
refuses `check` refuses first, with the same located lines.

Every bad-input case (tests/cases/) fails both, quickly (the build stops at the same checks
before MkDocs runs). For the hand-written-page cases the MkDocs build is also run without
`check`'s stage for them, to show each refusal is one the build itself would make. The long
cases (tests/sheets/: a clinic's 12-exercise routine of long steps, an exercise of 20 long
steps) and a library of photos must build, with the same notices from both.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

import generator
from generator.cli import main
from tests.test_bad_input import CASES, _apply

SHEETS = Path(__file__).parent / "sheets"


def run(repo: Path, capsys: pytest.CaptureFixture[str], *command: str) -> tuple[int, list[str]]:
    """Run a command on `repo`; its exit code and the lines it locates in the repository
    (problems and notices), without the build's own chatter."""
    code = main(["--root", str(repo), *command])
    err = capsys.readouterr().err
    located = [line for line in err.splitlines()
               if line.startswith(("content/", "mkdocs.yml:", "notice: "))]
    return code, located


def check_then_build(repo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Both verdicts must be the same, with the same lines; return them."""
    checked = run(repo, capsys, "check")
    built = run(repo, capsys, "build", "--site-dir", str(repo / "site"))
    assert checked == built
    return checked


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_both_refuse_bad_input(case: str, repo: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    _apply(CASES / case, repo)
    code, lines = check_then_build(repo, capsys)
    assert code == 1 and lines
    if case.startswith("pages-"):
        # Without `check`'s stage for hand-written pages, the build refuses them itself: MkDocs
        # does, or (a page at a generated page's address, which would take the routine's place)
        # the site's self-check, as the page it finds there has no safety notice.
        monkeypatch.setattr(generator, "check_pages", lambda *args, **kwargs: None)
        assert _raw_build_fails(repo, capsys)
        assert not (repo / "site").exists()


def _raw_build_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> bool:
    try:
        code = main(["--root", str(repo), "build", "--site-dir", str(repo / "site")])
    except Exception:  # MkDocs stops some builds with an exception (a page that is not UTF-8)
        code = 1
    capsys.readouterr()
    return code == 1


def test_both_refuse_a_nav_entry_without_its_page(repo: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "content/pages/about.md").unlink()
    line = next(i for i, text in enumerate((repo / "mkdocs.yml").read_text().splitlines(), 1)
                if text.strip() == "- About: about.md")
    assert check_then_build(repo, capsys) == (1, [
        f"mkdocs.yml:{line}:12: nav: 'about.md' is not a page of the site: add "
        "content/pages/about.md or take it out of the nav"])
    monkeypatch.setattr(generator, "check_pages", lambda *args, **kwargs: None)
    assert _raw_build_fails(repo, capsys)


NOTICE = ("exercises: the cheat sheet does not fit on one page even in its most compact layout, "
          "so it prints on more than one page, front and back; to fit one page, shorten the "
          "steps or split the routine into two")


def test_a_clinics_long_routine_builds_with_a_notice(repo: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    _apply(SHEETS / "long-routine", repo)
    assert check_then_build(repo, capsys) == (0, [
        f"notice: content/routines/clinic-programme.yaml:5:1: {NOTICE}"])
    assert (repo / "site/routines/clinic-programme/cheat-sheet-letter.pdf").is_file()
    # On a pull request, the notice shows on the routine's line.
    assert main(["--root", str(repo), "check", "--format", "github"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "::notice file=content/routines/clinic-programme.yaml,line=5,col=1,title=exercises::"
        + NOTICE.removeprefix("exercises: "))


def test_an_exercise_of_many_long_steps_builds(repo: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _apply(SHEETS / "long-steps", repo)
    code, lines = check_then_build(repo, capsys)
    assert code == 0
    assert lines in ([], [f"notice: content/routines/mid-back-sitting.yaml:5:1: {NOTICE}"])


def test_many_photos_build(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    images = repo / "content/images"
    images.mkdir(exist_ok=True)
    exercises = sorted((repo / "content/exercises").glob("*.yaml"))
    for i, path in enumerate(exercises):
        picture = Image.new("RGB", (800, 533), (200 - 7 * i, 180, 150 + 4 * i))
        ImageDraw.Draw(picture).ellipse((300, 80 + i, 460, 240 + i), fill=(80, 60, 50))
        picture.save(images / f"{path.stem}-photo.jpg", "JPEG", quality=80)
        path.write_text(path.read_text() + f"images:\n  - file: {path.stem}-photo.jpg\n"
                        f"    alt: \"A person doing the exercise, photo {i + 1}.\"\n"
                        "    credit: \"Photo: Example Clinic\"\n")
    assert check_then_build(repo, capsys) == (0, [])
    shutil.rmtree(repo / "site")
