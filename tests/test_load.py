"""Loader details: both YAML parsers agree, images and hand-written pages fit the layout."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from generator.cli import main
from generator.load import decode, parse_text
from generator.problems import Problems

CASES = Path(__file__).parent / "cases"
YAML_FILES = sorted(p for p in CASES.glob("*/files/**/*.yaml") if p.is_file())


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.parent.parent.parent.name
                         if p.parent.name == "exercises" else p.name)
def test_libyaml_and_pure_python_parsers_agree(path: Path) -> None:
    text = decode(path.read_bytes(), "x.yaml", Problems())
    if text is None:
        return  # refused before any parser sees it
    fast, slow = Problems(), Problems()
    assert parse_text(text, "x.yaml", fast) == parse_text(text, "x.yaml", slow, pure=True)
    assert fast.sorted() == slow.sorted()


def test_plain_scalars_stay_text() -> None:
    problems = Problems()
    node = parse_text("a: no\nb: 1:30\nc: 010\nd: 2024-02-30\ne: ~\n", "x.yaml", problems)
    assert not problems
    from generator.load import Map
    assert isinstance(node, Map)
    assert [(k.value, getattr(v, "value", None)) for k, v in node.pairs] == [
        ("a", "no"), ("b", "1:30"), ("c", "010"), ("d", "2024-02-30"), ("e", "~")]


def test_images_are_checked_and_published(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "content/images").mkdir()
    picture = io.BytesIO()
    Image.new("RGB", (600, 400), (0, 105, 92)).save(picture, "PNG")
    (repo / "content/images/wall-slides-1.png").write_bytes(picture.getvalue())
    source = repo / "content/exercises/wall-slides.yaml"
    original = source.read_text()
    source.write_text(original + 'images:\n  - file: wall-slides-2.png\n    alt: "Arms on the wall"\n')
    assert main(["--root", str(repo), "check"]) == 1
    assert ("content/exercises/wall-slides.yaml:") in capsys.readouterr().err
    source.write_text(original + 'images:\n  - file: wall-slides-1.png\n'
                      '    alt: "Arms (bent) on the wall"\n    caption: "Start here."\n')
    out = repo / "site"
    assert main(["--root", str(repo), "build", "--site-dir", str(out)]) == 0
    # Published in its sizes (tests/test_images.py), not as the file itself.
    assert not (out / "images/wall-slides-1.png").exists()
    assert (out / "images/wall-slides-1-600w.png").is_file()
    soup = BeautifulSoup((out / "exercises/wall-slides/index.html").read_text(), "html.parser")
    img = soup.find("article").find("img")  # type: ignore[union-attr]
    assert img is not None and img["alt"] == "Arms (bent) on the wall"
    assert img["src"] == "../../images/wall-slides-1-600w.png"


def test_hand_written_page_cannot_take_a_generated_address(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "content/pages/tags.md").write_text("# Mine\n")
    assert main(["--root", str(repo), "build", "--site-dir", str(repo / "site")]) == 1
    err = capsys.readouterr().err
    assert ("content/pages/tags.md:1:1: (file): has the same address as a generated page "
            "(tags.md); rename it") in err
    assert not (repo / "site").exists()
