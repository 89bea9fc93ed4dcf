"""Post-build scan: no page of a built site carries markup that content could have injected.

Content text may only ever appear as text. In the content area of every page (the article of a
Material page, the main element of a cheat sheet) there must be no active or embedding element,
and nowhere in the page an inline event handler or a script URL. Used on the real site and on
the injection fixture site by the test suite.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

FORBIDDEN = ("script", "iframe", "frame", "style", "svg", "math", "img", "textarea", "form",
             "input", "button", "select", "object", "embed", "link", "meta", "base", "template")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data")
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
# The theme's own chrome inside the content area, and the cheat sheet's QR code.
CHROME = "a.md-content__button, nav.md-tags, figure.qr"
# The exercise figures the generator draws: inline SVG made of these elements only (anything
# else inside one, such as <script> or <foreignObject>, is still reported).
DRAWING = ("svg", "g", "path", "circle", "text")
# The exercise browser's own parts: its script file, the figures' thumbnail files, and the filter
# form it keeps in an inert <template> (whose words are vocabulary labels, which cannot hold
# markup). Only these exact shapes pass; anything else inside the form is still reported.
BROWSER_SCRIPT = re.compile(r"^(\.\./)*assets/javascripts/exercise-browser\.js$")
THUMBNAIL = re.compile(r"^(\.\./)*([a-z0-9]+(-[a-z0-9]+)*/)?thumb\.svg$")
FORM_PARTS = ("details", "summary", "form", "fieldset", "legend", "label", "input", "button",
              "p", "span", "div", "strong", "small", "ul", "li")
INPUT_TYPES = ("checkbox", "search", "text")
# A routine page's player: its three script files, the plan as JSON data (never markup: no `<`
# in it, and it must parse), and the one "Start routine" button.
PLAYER_SCRIPT = re.compile(r"^(\.\./)*assets/javascripts/(player|days|offline)\.js$")


def scan_page(html: str, images_prefix: str = "images/") -> list[str]:
    """Everything wrong with one page, as short descriptions (empty when the page is clean)."""
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                problems.append(f"<{tag.name} {name}=...> event handler")
            if name.lower() in URL_ATTRIBUTES:
                text = " ".join(value) if isinstance(value, list) else str(value)
                if "".join(text.split()).lower().startswith(BAD_SCHEMES):
                    problems.append(f"<{tag.name} {name}={text[:40]!r}> script or data URL")
    content = soup.select_one("article.md-content__inner") or soup.find("main")
    if isinstance(content, Tag):
        for chrome in content.select(CHROME):
            chrome.decompose()
        problems += _browser_parts(content)
        problems += _player_parts(content)
        for figure in content.select("figure.sg-figure"):
            problems += [f"<{tag.name}> element in a figure's drawing"
                         for tag in figure.select("svg *") if tag.name not in DRAWING]
            for svg in figure.find_all("svg"):
                svg.decompose()
        for tag in content.find_all(FORBIDDEN):
            if tag.name == "img" and images_prefix in str(tag.get("src", "")):
                continue  # pictures from content/images, written by the generator
            problems.append(f"<{tag.name}> element in the content area")
    return problems


def _browser_parts(content: Tag) -> list[str]:
    """Check and set aside the exercise browser's own parts (see BROWSER_SCRIPT)."""
    problems = []
    for script in content.find_all("script", src=BROWSER_SCRIPT):
        if not script.get_text().strip():
            script.decompose()
    for img in content.find_all("img", src=THUMBNAIL):
        img.decompose()
    for template in content.select("template.sg-controls"):
        for tag in template.find_all(True):
            if tag.name not in FORM_PARTS:
                problems.append(f"<{tag.name}> element in the exercise filter")
            elif tag.name == "input" and tag.get("type") not in INPUT_TYPES:
                problems.append(f"<input type={tag.get('type')!r}> in the exercise filter")
            elif tag.name == "button" and tag.get("type") != "button":
                problems.append("a submitting <button> in the exercise filter")
        template.decompose()
    return problems


def _player_parts(content: Tag) -> list[str]:
    """Check and set aside a routine page's player parts (see PLAYER_SCRIPT)."""
    problems = []
    for script in content.find_all("script", src=PLAYER_SCRIPT):
        if not script.get_text().strip():
            script.decompose()
    for plan in content.select('script#sg-plan[type="application/json"]'):
        text = plan.get_text()
        try:
            json.loads(text)
        except ValueError:
            problems.append("the player's plan is not JSON")
        if "<" in text:
            problems.append("markup in the player's plan")
        plan.decompose()
    for start in content.select("div.sg-follow > button.sg-start"):
        if start.get("type") == "button" and start.get_text() == "Start routine" and not start.find(True):
            start.decompose()
    return problems


def scan_site(site: Path) -> dict[str, list[str]]:
    """Problems by page, for every HTML page of a built site."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        problems = scan_page(page.read_text(encoding="utf-8"))
        if problems:
            found[page.relative_to(site).as_posix()] = problems
    return found
