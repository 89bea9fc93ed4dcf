"""The one escaping point: editor text reaches readers as exactly the characters typed."""

from __future__ import annotations

import html
import random

import markdown
import pytest
from bs4 import BeautifulSoup

from generator.model import Emph, Link, Plain, Strong
from generator.text import check_url, escape, parse_inline, to_markdown

# The extensions the site enables, plus the risky ones a future config might add.
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "pymdownx.details", "toc", "tables",
              "def_list", "footnotes", "abbr", "pymdownx.superfences", "pymdownx.tabbed",
              "pymdownx.magiclink", "pymdownx.emoji", "pymdownx.caret", "pymdownx.mark",
              "pymdownx.tilde", "pymdownx.smartsymbols"]

PAYLOADS = [
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "<svg onload=alert(1)>",
    "<iframe src=https://evil.example>", "<style>body{display:none}</style>", "<div>",
    "<textarea>", "<!-- open", "close -->", "!!! warning \"Injected\"", "??? note", "=== \"Tab\"",
    "---", "# Heading", "> quote", "1. list", "- item", "| a | b |", "    indented code",
    "{: onclick=\"alert(1)\" }", "--8<-- \"/etc/passwd\"", "{{ 7*7 }}", "{% raw %}", "`code`",
    "[x](javascript:alert(1))", "[x]: javascript:alert(1)", "<https://evil.example>",
    "https://bare.example", "&lt;b&gt;", "&amp;", "a\\*b", "*unclosed", "_under_", "==mark==",
    "~~del~~", "^^ins^^", ":smile:", "(c) (tm) -->", "\\", "[^1]", "Step #1 of 3",
    # Characters written as typed after the first one (sentence punctuation) next to the syntax
    # they could start with an extension enabled.
    "www.evil.example", "mail me at a@b.example.", "12. twelve", "3) three", "-- not a dash",
    "a -- b", "c/o +/- =/= 1/4 (r) (tm)", "Sit. Then stand.", "it's 50%; ok?",
    "(a) b) - c", "a.b.c.", "--> <-- <-->",
]


_MD = markdown.Markdown(extensions=EXTENSIONS)


def render(md_text: str) -> str:
    return str(_MD.reset().convert(md_text))


def visible_text(rendered: str) -> str:
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    inner = rendered[3:-4]
    assert "<" not in inner, f"markup leaked: {rendered}"
    return html.unescape(inner)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_shown_literally(payload: str) -> None:
    assert visible_text(render(escape(payload))) == " ".join(payload.split())


def test_random_strings_render_as_their_text() -> None:
    rng = random.Random(20261122)
    alphabet = "abc <>&\"'`*_[](){}#!|-=+~^:;.,/\\%$@?\n\t" + "é€😀"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))).strip()
        if not text:
            continue
        expected = " ".join(text.split())
        assert visible_text(render(escape(text))) == expected


def test_allowed_inline_markup_is_live() -> None:
    line, errors = parse_inline("Press **gently**, then *slowly* see [the NHS](https://www.nhs.uk/x).")
    assert errors == []
    assert line.spans == (
        Plain("Press "), Strong((Plain("gently"),)), Plain(", then "), Emph((Plain("slowly"),)),
        Plain(" see "), Link((Plain("the NHS"),), "https://www.nhs.uk/x"), Plain("."),
    )
    p = BeautifulSoup(render(to_markdown(line)), "html.parser").p
    assert p is not None and p.get_text() == "Press gently, then slowly see the NHS."
    assert [(t.name, t.get_text()) for t in p.find_all(True)] == [
        ("strong", "gently"), ("em", "slowly"), ("a", "the NHS")]
    assert p.a is not None and p.a["href"] == "https://www.nhs.uk/x"


def test_markup_inside_emphasis_is_still_escaped() -> None:
    line, _ = parse_inline("**<script>alert(1)</script>**")
    p = BeautifulSoup(render(to_markdown(line)), "html.parser").p
    assert p is not None and [t.name for t in p.find_all(True)] == ["strong"]
    assert p.get_text() == "<script>alert(1)</script>"


@pytest.mark.parametrize(("url", "problem"), [
    ("javascript:alert(1)", "link to 'javascript:' is not allowed: links must start with https:// or http://"),
    ("data:text/html,x", "link to 'data:' is not allowed: links must start with https:// or http://"),
    ("//evil.example/x", "link to '//evil.example/x' has no scheme: start it with https://"),
    ("https://", "malformed URL 'https://': expected https://host/path"),
    ("https://good.example@evil.example/", "malformed URL 'https://good.example@evil.example/': "
     "expected https://host/path"),
    ("ftp://x.example", "link to 'ftp:' is not allowed: links must start with https:// or http://"),
    ("https://www.nhs.uk/conditions/back-pain/", None),
    ("http://example.org:8080/a?b=c#d", None),
])
def test_check_url(url: str, problem: str | None) -> None:
    assert check_url(url) == problem


def test_refused_link_is_reported_and_kept_literal() -> None:
    line, errors = parse_inline("see [x](javascript:alert(1))")
    assert errors == ["link to 'javascript:' is not allowed: links must start with https:// or http://"]
    assert line.plain == "see [x](javascript:alert(1))"


def test_link_url_cannot_break_out() -> None:
    line, errors = parse_inline('[x](https://a.example/"onmouseover=alert`1`"<b>x)')
    assert errors == []
    p = BeautifulSoup(render(to_markdown(line)), "html.parser").p
    assert p is not None and [t.name for t in p.find_all(True)] == ["a"]
    assert p.a is not None and dict(p.a.attrs) == {
        "href": "https://a.example/%22onmouseover=alert%601%60%22%3Cb%3Ex"}
