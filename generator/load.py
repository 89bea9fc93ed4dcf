"""Stage 1b, load: parse each content file into a tree of positioned nodes.

YAML here is untrusted input. We never let PyYAML construct Python objects: we read the
parser's *events* and build our own small node tree from them, which means
- no implicit typing (every scalar stays the text the editor typed),
- no tags, anchors, aliases or merge keys (refused, never expanded, so no "billion laughs"),
- duplicate keys are caught, and nesting depth is bounded while reading, not after,
- every node keeps the 1-based line and column it came from, for error messages.
libyaml's C parser is used when present; it yields the same events as the pure-Python one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import events as ev

from .problems import Problems

MAX_BYTES = 64 * 1024
MAX_DEPTH = 12

_Parser: type = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

# Characters an editor never means to type and that can hide or reorder text:
# C0/C1 controls (tab and newline are handled separately), DEL, bidi overrides and
# isolates, line/paragraph separators, stray byte-order marks and non-characters.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)
_TRAILING_COMMENT = re.compile(r"[ \t]+#")


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based line and column in a content file."""

    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Scalar:
    """A text value exactly as typed; `plain` is False for quoted and block scalars."""

    value: str
    mark: Mark
    plain: bool = True


@dataclass(frozen=True, slots=True)
class Seq:
    """A YAML sequence."""

    items: tuple[Node, ...]
    mark: Mark


@dataclass(frozen=True, slots=True)
class Map:
    """A YAML mapping with text keys, in file order, without duplicates."""

    pairs: tuple[tuple[Scalar, Node], ...]
    mark: Mark

    def get(self, key: str) -> Node | None:
        """The value stored under `key`, or None."""
        for k, v in self.pairs:
            if k.value == key:
                return v
        return None


Node = Scalar | Seq | Map


def parse_text(text: str, rel: str, problems: Problems, *, pure: bool = False) -> Node | None:
    """Parse one YAML document from `text`; record problems and return None if it is unusable.

    `pure` forces PyYAML's Python parser (the tests compare it with libyaml's).
    """
    if not _check_characters(text, rel, problems):
        return None
    text = text.replace("\r\n", "\n")
    builder = _TreeBuilder(text, rel, problems)
    try:
        root = builder.build(yaml.parse(text, Loader=yaml.BaseLoader if pure else _Parser))
    except yaml.MarkedYAMLError as err:
        builder.report_refusals()
        if builder.multiline_quote is not None:
            # The usual cause: a quote never closed on its line swallowed the next lines.
            mark, until = builder.multiline_quote
            problems.add(rel, mark.line, mark.col, "", "unclosed quote: the quoted text that "
                         f"starts here runs on to line {until}; close it on the line it starts")
        else:
            _report_syntax_error(err, rel, problems)
        return None
    # A file with refused YAML features is not checked further: its values may be wrong.
    return None if builder.report_refusals() else root


def load_file(path: Path, rel: str, problems: Problems) -> Node | None:
    """Read and parse one content file, refusing oversized, non-UTF-8 or unsafe files."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        problems.add(rel, 1, 1, "", f"file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes")
        return None
    return load_bytes(path.read_bytes(), rel, problems)


def load_bytes(data: bytes, rel: str, problems: Problems) -> Node | None:
    """Parse the bytes of one content file (already read, and no larger than MAX_BYTES)."""
    text = decode(data, rel, problems)
    return None if text is None else parse_text(text, rel, problems)


def decode(data: bytes, rel: str, problems: Problems) -> str | None:
    """Decode strict UTF-8 (an initial UTF-8 byte-order mark is dropped)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(rel, 1, 1, "", "file is UTF-16; save it as UTF-8")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        problems.add(rel, line, col, "", "file is not valid UTF-8; save it as UTF-8")
        return None


def _check_characters(text: str, rel: str, problems: Problems) -> bool:
    ok = True
    for lineno, line in enumerate(text.split("\n"), start=1):
        if line.endswith("\r"):
            line = line[:-1]
        for m in re.finditer("[\t\r]", line):
            ok = False
            what = "tab character: indent with spaces" if m.group() == "\t" else (
                "carriage return without a line feed: save the file with Unix or Windows line endings"
            )
            problems.add(rel, lineno, m.start() + 1, "", what)
        for m in _FORBIDDEN.finditer(line):
            ok = False
            problems.add(
                rel, lineno, m.start() + 1, "",
                f"invisible control character U+{ord(m.group()):04X} is not allowed; delete it",
            )
    return ok


def _report_syntax_error(err: yaml.MarkedYAMLError, rel: str, problems: Problems) -> None:
    context = err.context or ""
    if "quoted scalar" in context and err.context_mark is not None:
        mark = err.context_mark
        problems.add(rel, mark.line + 1, mark.column + 1, "",
                     "unclosed quote: the quoted text that starts here has no closing quote")
        return
    where_mark = err.problem_mark or err.context_mark
    line, col = (where_mark.line + 1, where_mark.column + 1) if where_mark is not None else (1, 1)
    problem = err.problem or "not valid YAML"
    for needle, friendly in _FRIENDLY:
        if needle in problem:
            problem = friendly
            break
    else:
        problem = "YAML syntax error: " + problem
    where = f" (in the block that starts at line {err.context_mark.line + 1})" if (
        context and err.context_mark is not None and err.context_mark.line + 1 != line) else ""
    problems.add(rel, line, col, "", problem + where)


# libyaml and PyYAML word the same errors differently; editors get one plain wording.
_INDENT = "the indentation of this line does not match the lines above"
_FRIENDLY = (
    ("mapping values are not allowed", "a ': ' is not allowed here: put the whole value in "
     "double quotes"),
    ("did not find expected '-' indicator", _INDENT),
    ("expected <block end>", _INDENT),
    ("did not find expected key", _INDENT),
    ("could not find expected ':'", "expected 'key: value' on this line"),
    ("cannot start any token", "a value cannot start with this character: put the whole value "
     "in double quotes"),
)


@dataclass(slots=True)
class _Open:
    """A collection still being read: its items so far, and for a mapping its pending key."""

    is_seq: bool
    mark: Mark
    items: list[Any]
    key: Scalar | None = None
    seen: dict[str, int] = field(default_factory=dict)


class _TreeBuilder:
    """Turns a stream of parser events into nodes without recursion (depth is bounded)."""

    def __init__(self, text: str, rel: str, problems: Problems) -> None:
        self.lines = text.split("\n")
        self.rel = rel
        self.problems = problems
        # Refusals by kind: the first place each was seen, and how often. A "billion laughs"
        # file then gives one line per kind of problem, not one per alias.
        self.refusals: dict[str, tuple[Mark, str, str, int]] = {}
        self.multiline_quote: tuple[Mark, int] | None = None

    def _problem(self, event: ev.Event, message: str) -> None:
        m = _mark(event)
        self.problems.add(self.rel, m.line, m.col, "", message)

    def _refuse(self, kind: str, mark: Mark, field_path: str, message: str) -> None:
        first = self.refusals.get(kind)
        self.refusals[kind] = (mark, field_path, message, 1) if first is None else (
            first[0], first[1], first[2], first[3] + 1)

    def report_refusals(self) -> bool:
        """Record the grouped refusals; True if there were any."""
        for mark, field_path, message, count in self.refusals.values():
            more = f" ({count - 1} more like this in the file)" if count > 1 else ""
            self.problems.add(self.rel, mark.line, mark.col, field_path, message + more)
        return bool(self.refusals)

    def build(self, stream: Iterator[ev.Event]) -> Node | None:
        root: Node | None = None
        documents = 0
        stack: list[_Open] = []
        for event in stream:
            node: Node
            if isinstance(event, ev.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self._problem(event, "only one YAML document is allowed per file (remove '---')")
                    return None
                continue
            if isinstance(event, (ev.StreamStartEvent, ev.StreamEndEvent, ev.DocumentEndEvent)):
                continue
            if isinstance(event, ev.AliasEvent):
                self._refuse("alias", _mark(event), "", f"aliases (*{event.anchor}) are not allowed: "
                             "write the value out in full")
                node = Scalar("", _mark(event), False)  # never expanded: no "billion laughs"
            elif isinstance(event, ev.CollectionEndEvent):
                done = stack.pop()
                node = Seq(tuple(done.items), done.mark) if done.is_seq else Map(tuple(done.items),
                                                                                  done.mark)
            else:
                assert isinstance(event, ev.NodeEvent)
                self._check_node_event(event)
                if isinstance(event, ev.ScalarEvent):
                    # libyaml reports a plain scalar's style as '', the Python parser as None.
                    node = Scalar(event.value, _mark(event), not event.style)
                    if node.plain and node.value:
                        self._check_trailing_comment(event)
                else:
                    if len(stack) >= MAX_DEPTH:
                        self._problem(event, f"nesting is deeper than {MAX_DEPTH} levels")
                        return None
                    stack.append(_Open(isinstance(event, ev.SequenceStartEvent), _mark(event), []))
                    continue
            if stack:
                self._attach(stack[-1], node, event)
            else:
                root = node
        if documents == 0 or root is None or (isinstance(root, Scalar) and not root.value):
            self.problems.add(self.rel, 1, 1, "", "file is empty: it must hold a mapping of fields")
            return None
        return root

    def _check_node_event(self, event: ev.NodeEvent) -> None:
        if event.anchor is not None:
            self._refuse("anchor", _mark(event), "", f"anchors (&{event.anchor}) are not allowed")
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, ev.ScalarEvent) and tag == "!"):
            short = tag.replace("tag:yaml.org,2002:", "!!")
            self._refuse("tag", _mark(event), "", f"YAML tags ({short}) are not allowed")
        if isinstance(event, ev.ScalarEvent) and event.style in ("'", '"'):
            start, end = event.start_mark, event.end_mark
            if start is not None and end is not None and end.line > start.line:
                self.multiline_quote = (_mark(event), end.line + 1)

    def _check_trailing_comment(self, event: ev.ScalarEvent) -> None:
        end = event.end_mark
        if end is None or end.line >= len(self.lines):
            return
        if _TRAILING_COMMENT.match(self.lines[end.line][end.column:]):
            self._refuse(
                "comment", Mark(end.line + 1, end.column + 2), "",
                "text after ' #' is a comment and would be dropped: put the whole value in "
                "double quotes, or move the comment to its own line",
            )

    def _attach(self, top: _Open, node: Node, event: ev.Event) -> None:
        if top.is_seq:
            top.items.append(node)
            return
        if top.key is None:
            if not isinstance(node, Scalar):
                self._problem(event, "keys must be plain text")
                node = Scalar("", node.mark)
            top.key = node
            return
        key, top.key = top.key, None
        if key.value == "<<" and key.plain:
            self._refuse("merge", key.mark, "", "merge keys (<<) are not allowed: write the fields "
                         "out in full")
        elif key.value in top.seen:
            self._refuse(f"duplicate {key.value}", key.mark, key.value,
                         f"duplicate key (first given at line {top.seen[key.value]})")
        else:
            top.seen[key.value] = key.mark.line
            top.items.append((key, node))


def _mark(event: ev.Event) -> Mark:
    m = event.start_mark
    return Mark(m.line + 1, m.column + 1) if m is not None else Mark(1, 1)
