"""The site's identity is content: `content/site.yaml` names the site and words its home page,
footer, language and address; a publisher makes the guide theirs without touching code."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.cli import main
from generator.identity import LANGUAGES
from tests.conftest import REPO

SEED = yaml.safe_load((REPO / "content/site.yaml").read_text(encoding="utf-8"))

CLINIC = """\
name: "Riverside Physio"
tagline: "Home exercises from the Riverside clinic team."
home:
  heading: "Your home exercises"
  introduction: "Pick your routine.\\n\\nAsk us at your next visit if anything hurts."
footer: "Riverside Physio & Sports, see [our clinic](https://riverside.example.org/)."
language: de
url: "https://riverside.example.org/exercises/"
"""


def _soup(site: Path, uri: str) -> BeautifulSoup:
    soup = BeautifulSoup((site / uri).read_text(encoding="utf-8"), "html.parser")
    for anchor in soup.select(".headerlink"):  # the heading's permalink sign
        anchor.decompose()
    return soup


def test_the_seed_site_takes_its_name_and_home_text_from_site_yaml(built_site: Path) -> None:
    home = _soup(built_site, "index.html")
    assert home.title is not None
    assert home.title.get_text() == f"{SEED['home']['heading']} - {SEED['name']}"
    assert home.h1 is not None and home.h1.get_text().strip() == SEED["home"]["heading"]
    assert SEED["home"]["introduction"] in home.get_text()
    assert home.html is not None and home.html["lang"] == SEED["language"]
    footer = home.select_one(".md-copyright__highlight")
    assert footer is not None and footer.get_text().strip() == SEED["footer"]
    meta = home.find("meta", attrs={"name": "description"})
    assert meta is not None and meta["content"] == SEED["tagline"]
    header = home.select_one(".md-header__topic .md-ellipsis")
    assert header is not None and header.get_text().strip() == SEED["name"]
    canonical = home.find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == SEED["url"]


def test_templates_and_mkdocs_yml_keep_no_publisher_text() -> None:
    words = [SEED["name"], SEED["tagline"], SEED["home"]["heading"], SEED["footer"],
             SEED["url"].split("//")[1].rstrip("/")]
    places = [REPO / "mkdocs.yml", *sorted((REPO / "generator/templates").iterdir()),
              *sorted((REPO / "overrides").rglob("*.html"))]
    for place in places:
        text = place.read_text(encoding="utf-8")
        assert not [w for w in words if w in text], place


def test_another_publisher_makes_the_site_theirs(repo: Path, tmp_path: Path) -> None:
    (repo / "content/site.yaml").write_text(CLINIC, encoding="utf-8")
    out = tmp_path / "site"
    assert main(["--root", str(repo), "build", "--site-dir", str(out)]) == 0
    home = _soup(out, "index.html")
    assert home.title is not None and home.title.get_text() == "Your home exercises - Riverside Physio"
    assert home.html is not None and home.html["lang"] == "de"
    paragraphs = [p.get_text() for p in home.select("article p")]
    assert "Pick your routine." in paragraphs
    assert "Ask us at your next visit if anything hurts." in paragraphs
    footer = home.select_one(".md-copyright__highlight")
    assert footer is not None and footer.get_text().strip() == "Riverside Physio & Sports, see our clinic."
    link = footer.find("a")
    assert link is not None and link["href"] == "https://riverside.example.org/"
    # The theme speaks the site's language, and the QR codes point at the site's address.
    search = home.find("input", attrs={"name": "query"})
    assert search is not None and search["placeholder"] == "Suche"
    sheet = (out / "routines/mid-back-sitting/cheat-sheet.html").read_text(encoding="utf-8")
    assert "https://riverside.example.org/exercises/routines/mid-back-sitting/" in sheet
    assert "stretch-guide.example.org" not in sheet
    assert "Stretch Guide" not in home.get_text()


def test_site_text_cannot_inject_markup(repo: Path, tmp_path: Path) -> None:
    evil = CLINIC.replace('"Riverside Physio"', '"</title><script>alert(1)</script>"').replace(
        '"Your home exercises"', '"# <img src=x onerror=alert(2)>"').replace(
        "Riverside Physio & Sports", "<b onmouseover=alert(3)>Evil</b>")
    (repo / "content/site.yaml").write_text(evil, encoding="utf-8")
    out = tmp_path / "site"
    assert main(["--root", str(repo), "build", "--site-dir", str(out)]) == 0
    home = _soup(out, "index.html")
    assert home.title is not None
    assert home.title.get_text() == "# <img src=x onerror=alert(2)> - </title><script>alert(1)</script>"
    assert not home.select("script:-soup-contains('alert')")
    assert not home.select("img[onerror], b[onmouseover]")
    assert home.h1 is not None and home.h1.get_text().strip() == "# <img src=x onerror=alert(2)>"


@pytest.mark.parametrize(("change", "line"), [
    (("language: de", "language: deutsch"),
     "content/site.yaml:7:11: language: expected one of af, ar, az"),
    (("language: de", "language: DE"), "did you mean 'de'?"),
    (('url: "https://riverside.example.org/exercises/"', 'url: "javascript:alert(1)"'),
     "content/site.yaml:8:6: url:"),
    (('name: "Riverside Physio"\n', ""), "content/site.yaml:1:1: name: missing required field 'name'"),
])
def test_a_bad_site_yaml_gets_a_located_line(repo: Path, capsys: pytest.CaptureFixture[str],
                                             change: tuple[str, str], line: str) -> None:
    (repo / "content/site.yaml").write_text(CLINIC.replace(*change), encoding="utf-8")
    assert main(["--root", str(repo), "check"]) == 1
    err = capsys.readouterr().err
    assert line in err, err


def test_a_missing_site_yaml_is_reported(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "content/site.yaml").unlink()
    assert main(["--root", str(repo), "check"]) == 1
    assert ("content/site.yaml:1:1: (file): file not found: the site's name and home page text "
            "must be defined") in capsys.readouterr().err


def test_the_languages_are_the_themes() -> None:
    import material

    folder = Path(material.__file__).parent / "templates/partials/languages"
    assert sorted(LANGUAGES) == sorted(p.stem for p in folder.glob("*.html"))
