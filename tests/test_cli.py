"""The command line: exit codes, one-line summaries, clear errors for unwritable output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import REPO


def test_check_passes_on_the_repository(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(REPO), "check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: 19 exercises, 3 routines, 2 guides, 2 disclaimers (")


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["build", "--no-such-flag"]])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_module_entry_point_exits_with_the_code(repo: Path) -> None:
    (repo / "content/exercises/glute-bridge.yaml").write_text("title: x\n")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(repo), "check"],
                            capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 1
    assert "content/exercises/glute-bridge.yaml:1:1: level: missing required field 'level'" in (
        result.stderr.splitlines())
    assert "Traceback" not in result.stderr


def test_build_prints_a_one_line_summary(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "build"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith(f"built {repo / 'site'}: 38 pages from 19 exercises, 3 routines")
    assert (repo / "site/index.html").is_file()


def test_render_writes_a_docs_folder(repo: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "render", str(tmp_path / "out")]) == 0
    page = (tmp_path / "out/docs/exercises/glute-bridge.md").read_text()
    assert page.startswith('---\nedit_url: "https://github.com/stretch-guide/stretch-guide/edit/'
                           'main/content/exercises/glute-bridge.yaml"\ntitle:')
    out = capsys.readouterr().out
    assert "(33 generated pages: 33 rendered, 0 unchanged since the last run)" in out
    assert main(["--root", str(repo), "render", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "33 generated pages: 0 rendered, 33 unchanged" in out and "; 0 files changed" in out


def test_unwritable_output_is_one_clear_error(repo: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    assert main(["--root", str(repo), "build", "--site-dir", str(blocker / "site")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: cannot write to {blocker}: it is a file, not a folder"]


def test_figures_writes_every_figure_on_one_page(repo: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from bs4 import BeautifulSoup

    from generator import read_site

    drawn = [e for e in read_site(repo).content.exercises if e.figure is not None]
    assert main(["--root", str(repo), "figures", str(tmp_path / "review")]) == 0
    out = capsys.readouterr().out
    assert out.strip() == (f"wrote {tmp_path / 'review/figures.html'}: {len(drawn)} of 19 "
                           "exercises have a figure")
    page = BeautifulSoup((tmp_path / "review/figures.html").read_text(), "html.parser")
    figures = page.find_all("figure")
    assert len(figures) == len(drawn) > 0
    for figure, exercise in zip(figures, drawn, strict=True):
        assert exercise.figure is not None
        assert [svg.get("aria-label") for svg in figure.find_all("svg")] == [
            f.alt.plain for f in exercise.figure.frames]
    assert main(["--root", str(repo), "figures", str(tmp_path / "sheet.html")]) == 0
    assert (tmp_path / "sheet.html").read_text() == (tmp_path / "review/figures.html").read_text()


def test_figures_refuses_content_problems(repo: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "content/exercises/cat-stretch.yaml").write_text(
        'title: "Cat stretch"\nsummary: "x"\nlevel: beginner\nposition: all-fours\n'
        'targets: [mid-back]\nsteps: ["Kneel."]\nfigure:\n  view: sid\n  frames:\n'
        '    - {label: "Start", alt: "Kneeling.", posture: all-fours}\n')
    assert main(["--root", str(repo), "figures", str(tmp_path / "out.html")]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/exercises/cat-stretch.yaml:8:9: figure.view: unknown view 'sid' (did you mean "
        "'side'?)")
    assert not (tmp_path / "out.html").exists()
