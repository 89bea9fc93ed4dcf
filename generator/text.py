"""The editors' text format, both ways: parse typed text into spans, write spans as safe Markdown.

Editors may use `**bold**`, `*italic*` and `[text](https://...)`; everything else they type is
shown literally. `to_markdown` is the one place where content text enters Markdown: it writes
ASCII punctuation as numeric character references (after the first character, all but
`,;?%'-)` and a sentence's full stop), so no character an editor typed can open HTML, a
heading, a list, an admonition, code, a table or template syntax.
Only the markup the generator itself emits from parsed spans is live.
"""

from __future__ import annotations

import functools
import html
import re
from urllib.parse import urlsplit

from .model import Emph, Line, Link, Plain, Span, Strong

_INLINE = re.compile(
    r"\[(?P<label>[^\[\]\n]+)\]\((?P<url>[^\s)]*)\)"
    r"|\*\*(?P<strong>[^\s*](?:.*?[^\s*])?)\*\*"
    r"|\*(?P<emph>[^\s*](?:[^*]*?[^\s*])?)\*"
)
_HOST = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?$")
_URL_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#@!$&+,;=%]")
_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")
_SPACE = re.compile(r"\s+")
# Control characters never reach here from a file (the loader refuses them), but Markdown
# uses \x02 and \x03 internally, so the escaper makes sure of it: each becomes U+FFFD.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def check_url(url: str) -> str | None:
    """Why `url` is not an acceptable http(s) link, or None when it is."""
    if url.startswith("//"):
        return f"link to '{url}' has no scheme: start it with https://"
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        shown = scheme + ":" if scheme else url
        return f"link to '{shown}' is not allowed: links must start with https:// or http://"
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"malformed URL '{url}'"
    if not url.startswith(scheme + "://") or not _HOST.match(parts.netloc):
        return f"malformed URL '{url}': expected https://host/path"
    if any(c.isspace() or ord(c) < 32 for c in url):
        return f"malformed URL '{url}': it contains spaces or control characters"
    return None


def parse_inline(source: str) -> tuple[Line, list[str]]:
    """Parse one line of editor text into spans; the list holds messages for refused links."""
    errors: list[str] = []
    spans = _parse(source, errors, depth=0)
    return Line(spans, source), errors


def _parse(text: str, errors: list[str], depth: int) -> tuple[Span, ...]:
    out: list[Span] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            out.append(Plain(text[pos:m.start()]))
        pos = m.end()
        inner_depth = depth + 1
        if m.group("label") is not None:
            url = m.group("url")
            problem = check_url(url)
            if problem:
                errors.append(problem)
                out.append(Plain(m.group()))
            else:
                out.append(Link(_parse(m.group("label"), errors, inner_depth), url))
        elif depth >= 2:
            # Emphasis nested this deep is almost surely a typo: show it as typed.
            out.append(Plain(m.group()))
        elif m.group("strong") is not None:
            out.append(Strong(_parse(m.group("strong"), errors, inner_depth)))
        else:
            out.append(Emph(_parse(m.group("emph"), errors, inner_depth)))
    if pos < len(text):
        out.append(Plain(text[pos:]))
    return tuple(_merge(out))


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for s in spans:
        if merged and isinstance(s, Plain) and isinstance(merged[-1], Plain):
            merged[-1] = Plain(merged[-1].text + s.text)
        else:
            merged.append(s)
    return merged


def to_html(line: Line) -> str:
    """The one way content text becomes HTML (cheat sheets, index lists): escaped text plus our
    own tags."""
    return _spans_html(line.spans).strip()


def _spans_html(spans: tuple[Span, ...]) -> str:
    parts: list[str] = []
    for s in spans:
        if isinstance(s, Plain):
            parts.append(html.escape(CONTROL.sub("\ufffd", _SPACE.sub(" ", s.text))))
        elif isinstance(s, Strong):
            parts.append(f"<strong>{_spans_html(s.children)}</strong>")
        elif isinstance(s, Emph):
            parts.append(f"<em>{_spans_html(s.children)}</em>")
        else:
            parts.append(f'<a href="{html.escape(s.url)}">{_spans_html(s.children)}</a>')
    return "".join(parts)


_ENTITIES = {c: f"&#{c};" for c in range(0x21, 0x7f) if _PUNCT.match(chr(c))}
# Punctuation that is syntax only at the start of a line ("-", "1.") or nowhere, even with the
# extensions a future config might add (magiclink, smartsymbols, emoji, tables...; the tests
# render with all of them). Text never holds a line break (whitespace is collapsed), so after
# its first character these stay as typed, and so does a "." ending a sentence ("www.x" and
# "x.y" keep theirs). Pages then carry few character references: a fifth faster to convert.
_MIDLINE = {c: c for c in map(ord, ",;?%'-)")}
_ENTITIES_MIDLINE = _ENTITIES | _MIDLINE
_FULL_STOP = re.compile(r"&#46;(?= |$)")


def escape(text: str) -> str:
    """Literal text as Markdown that renders to exactly that text inside one paragraph."""
    text = CONTROL.sub("\ufffd", _SPACE.sub(" ", text))
    # The first character after any leading digits could be a list marker ("-", "1.").
    start = len(text) - len(text.lstrip("0123456789")) + 1
    rest = _FULL_STOP.sub(".", text[start:].translate(_ENTITIES_MIDLINE))
    return text[:start].translate(_ENTITIES) + rest


@functools.lru_cache(maxsize=65536)
def to_markdown(line: Line) -> str:
    """The one way content text becomes Markdown: escaped text plus generator-made markup."""
    return _spans_md(line.spans).strip()


def _spans_md(spans: tuple[Span, ...]) -> str:
    parts: list[str] = []
    for s in spans:
        if isinstance(s, Plain):
            parts.append(escape(s.text))
        elif isinstance(s, Strong):
            parts.append(f"**{_spans_md(s.children).strip()}**")
        elif isinstance(s, Emph):
            parts.append(f"*{_spans_md(s.children).strip()}*")
        else:
            url = _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), s.url)
            parts.append(f"[{_spans_md(s.children).strip()}]({url})")
    return "".join(parts)
