"""Reading built HTML pages fast, for the self-check (`selfcheck`): their links and ids, where a
link leads, and whether a line of content text is on a page however the engine wrote it.

Regular expressions over the pages' bytes, not a parser: the self-check runs after every build
and reads every page (62 MB at 1,000 exercises).
"""

from __future__ import annotations

import html
import posixpath
import re
from html.entities import codepoint2name
from urllib.parse import unquote, urlsplit

from .model import Line, Plain, Span

# The attributes that name a file or are an anchor, a pattern for each literal start (`src`
# and `srcset` share one): such a pattern is searched for at memory speed, where one pattern
# for all of them tried every position of every page (at 1,000 exercises, 62 MB: 0.39 s against
# 0.09 s for the three). Names ending so are read too (`data-src`, `xlink:href`: addresses as
# well; `data-id`: an id too many only lets a wrong anchor pass): requiring a space before the
# name, in the pattern, took 2 s.
_VALUE = rb"""=("[^"]*"|'[^']*'|[^\s"'=<>`]+)"""  # one group: quotes kept, none taken off
_HREF = re.compile(rb"href" + _VALUE)
_SRC = re.compile(rb"src(set)?" + _VALUE)
_IDS = re.compile(rb"id" + _VALUE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_QUOTED = re.compile(rb"\"[^\"]*\"|'[^']*'")  # an attribute's quoted value


def text(raw: bytes) -> str:
    """An attribute's value as `scan` found it (quotes and all) as the text it stands for."""
    if raw[:1] in (b'"', b"'"):
        raw = raw[1:-1]
    value = raw.decode("utf-8", "replace").strip()
    return html.unescape(value) if "&" in value else value


def _srcset(raw: bytes) -> list[bytes]:
    """The addresses in a `srcset` ("a.webp 480w, b.webp 960w")."""
    return [part.split()[0] for part in raw.strip(b"\"'").split(b",") if part.split()]


def scan(data: bytes) -> tuple[list[bytes], set[str]]:
    """A page's links, each as written (`text` reads one: most are only compared with links
    already known to be good, and never decoded), and its ids; perhaps a few more: an attribute
    shown as text (`<code>&lt;a href="x"&gt;</code>`) is read too. `in_tags` tells them apart."""
    links = _HREF.findall(data)
    for srcset, raw in _SRC.findall(data):
        if srcset:
            links += _srcset(raw)
        else:
            links.append(raw)
    return links, {text(raw) for raw in set(_IDS.findall(data))}


def in_tags(data: bytes) -> set[str]:
    """The links of a page's tags only, not of its text: slower than `scan`, so only read for a
    page where `scan` found a problem, before saying so."""
    links: set[str] = set()
    for pattern in (_HREF, _SRC):
        for m in pattern.finditer(data):
            start = data.rfind(b"<", 0, m.start())
            if start <= data.rfind(b">", 0, m.start()):
                continue  # no tag open here: text
            head = _QUOTED.sub(b"", data[start:m.start()])
            if b'"' in head or b"'" in head:
                continue  # inside another attribute's value (`data-aka="&lt;img src=x"`)
            raw = m.group(m.lastindex or 0)
            links.update(map(text, _srcset(raw) if pattern is _SRC and m.group(1) else [raw]))
    return links


class Resolver:
    """Turns a link on a page into the output file it names (and its fragment), or says why it
    names none; None for links off the site."""

    def __init__(self, site_url: str) -> None:
        parts = urlsplit(site_url or "/")
        host = parts.netloc.lower()
        self.origins = (f"https://{host}", f"http://{host}") if host else ()
        self.base = parts.path if parts.path.endswith("/") else parts.path + "/"
        self.memo: dict[tuple[str, str], tuple[str, str] | str | None] = {}

    def page(self, folder: str) -> list[str]:
        """For a page in `folder`: the part of it a link climbing n levels still depends on."""
        parts = folder.split("/") if folder else []
        return ["/".join(parts[:len(parts) - up]) for up in range(len(parts) + 1)]

    def __call__(self, folder: str, bases: list[str],
                 link: str) -> tuple[tuple[str, str] | str | None, bool]:
        """(output path, fragment), a reason it resolves to no path, or None (another site);
        ("", fragment) is the page itself. `bases` is `page(folder)`. Then whether the answer
        holds for every page as deep as this one (the link climbs to the top or is absolute)."""
        if ":" in link:
            for origin in self.origins:  # the site's own address: a root-absolute link
                if link[:len(origin)].lower() == origin and link[len(origin):len(origin) + 1] in (
                        "", "/", "#", "?"):
                    path = "/" + link[len(origin):].lstrip("/")
                    if not (path.split("#")[0].split("?")[0] + "/").startswith(self.base):
                        return None, True  # the publisher's other pages on the same host
                    link = path
                    break
            else:
                if _SCHEME.match(link):
                    return None, True  # another site, mail, data: URIs
        # A link depends on its page's folder only below where it climbs to: from exercises/a/
        # and exercises/b/, "../x/" and "../../tags/" name the same files. Keyed so, the answers
        # are shared (at 1,000 exercises, 52,000 resolutions became 7,000).
        if link.startswith(("/", "#")):
            key = ("", link)
        else:
            up = 0
            while link.startswith("../", 3 * up):
                up += 1
            key = (bases[up] if up < len(bases) else "..", link)
        try:
            found = self.memo[key]
        except KeyError:
            found = self.memo[key] = self._resolve(folder, link)
        return found, key[0] == "" and link[:1] not in ("#", "")  # "#x", "": this page

    def _resolve(self, folder: str, link: str) -> tuple[str, str] | str | None:
        rest, _, fragment = link.partition("#")
        rest = rest.split("?", 1)[0]
        if rest == "":
            return "", unquote(fragment)  # this page
        if rest.startswith("//"):  # another site's address, or this one's without a scheme
            parts = urlsplit("https:" + rest)
            if not self.origins or parts.netloc.lower() != self.origins[0][8:]:
                return None
            rest = parts.path or "/"
        if rest.startswith("/"):
            if not (rest + "/").startswith(self.base):
                return f"is outside the site's address {self.base}"
            path = rest[len(self.base):]
        else:
            path = posixpath.join(folder, rest)
        # A folder's address (`x/`, `..`, the site's own `/`) names the folder's index.html.
        folder_url = path in ("", ".", "..") or path.endswith(("/", "/.", "/.."))
        path = posixpath.normpath(unquote(path)) if path else "."
        if path == ".." or path.startswith("../"):
            return "goes above the site's top folder"
        if folder_url:
            path = "index.html" if path == "." else f"{path}/index.html"
        return path, unquote(fragment)


_TAGS = rb"(?:<[^<>]*>)*"
_SPACE = rb"\s+"


def _chars(text: str) -> list[bytes]:
    """Patterns matching `text` as HTML writes it: each character as itself or a character
    reference, runs of white space as any white space."""
    out: list[bytes] = []
    for chunk in re.split(r"(\s+)", text):
        if chunk.isspace():
            out.append(_SPACE)
            continue
        for c in chunk:
            if c.isascii() and c.isalnum():
                out.append(c.encode())
                continue
            forms = [re.escape(c.encode()), f"&#0*{ord(c)};".encode(),
                     f"&#[xX]0*(?i:{ord(c):x});".encode()]
            if ord(c) in codepoint2name:
                forms.append(f"&{codepoint2name[ord(c)]};".encode())
            if c == "'":
                forms.append(b"&apos;")
            out.append(b"(?:" + b"|".join(forms) + b")")
    return out


def words(line: Line) -> re.Pattern[bytes]:
    """A pattern finding `line` in a page however it was written: its characters (`_chars`),
    with any tags where its bold, italic or link parts begin and end."""
    parts: list[bytes] = []

    def walk(spans: tuple[Span, ...]) -> None:
        for span in spans:
            if isinstance(span, Plain):
                parts.extend(_chars(span.text))
            else:
                parts.append(_TAGS)
                walk(span.children)
                parts.append(_TAGS)

    walk(line.spans)
    kept: list[bytes] = []
    for part in parts:
        if part in (_TAGS, _SPACE) and (not kept or kept[-1] == part):
            continue  # no tags or space before the first character; one of each in a row
        kept.append(part)
    while kept and kept[-1] in (_TAGS, _SPACE):
        kept.pop()
    return re.compile(b"".join(kept))
