"""Field specifications: the one definition of what each field accepts.

Each spec converts a positioned YAML node into a typed value (or records a problem and returns
INVALID), and can describe itself as JSON Schema, so editors' tooling and the validator can
never disagree. `validate.py` assembles these into the content kinds.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .discover import SLUG
from .load import Map, Mark, Node, Scalar, Seq
from .model import Line, Prose
from .problems import Problems
from .text import check_url, parse_inline

# In JSON Schema: text holding a Markdown link whose address is not http(s) is refused.
NOT_A_SAFE_LINK = {"pattern": r"\]\((?!https?://[A-Za-z0-9])",
                   "description": "Links must start with https:// or http://."}


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


@dataclass(frozen=True, slots=True)
class RefUse:
    """A slug one file names, to be checked once every file is loaded."""

    kind: str
    slug: str
    path: str
    mark: Mark
    field: str


@dataclass(slots=True)
class Ctx:
    """Where conversion is happening: the file, its problems, and the references it makes."""

    path: str
    problems: Problems
    refs: list[RefUse] = field(default_factory=list)

    def fail(self, node: Node | Mark, field_path: str, message: str) -> Any:
        """Record a problem at `node` and return INVALID."""
        mark = node if isinstance(node, Mark) else node.mark
        self.problems.add(self.path, mark.line, mark.col, field_path, message)
        return INVALID


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """' (did you mean 'x'?)' when a close choice exists, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        close = [c for c in choices if c.lower() == word.lower()]
    return f" (did you mean '{close[0]}'?)" if close else ""


def shown(node: Node) -> str:
    """A short quote of a node for messages: the text (cut at 40 characters), or its kind."""
    if isinstance(node, Scalar):
        v = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        return f"'{v}'"
    return "a list" if isinstance(node, Seq) else "a mapping"


class Spec:
    """Base of all field specs."""

    description: str = ""

    def convert(self, node: Node, ctx: Ctx, path: str) -> Any:
        """Turn `node` into a typed value, or record a problem and return INVALID."""
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        """This spec as JSON Schema (draft 2020-12)."""
        raise NotImplementedError

    def _scalar(self, node: Node, ctx: Ctx, path: str, expected: str) -> Scalar | None:
        if isinstance(node, Scalar):
            return node
        ctx.fail(node, path, f"expected {expected}, got {shown(node)}")
        return None


@dataclass
class LineSpec(Spec):
    """One line of text with inline emphasis and http(s) links."""

    max_len: int = 300
    description: str = ""
    advice: str = "say it in fewer words"  # what to do about a line over the limit

    def convert(self, node: Node, ctx: Ctx, path: str) -> Any:
        s = self._scalar(node, ctx, path, "one line of text")
        if s is None:
            return INVALID
        value = s.value.strip()
        if not value:
            return ctx.fail(s, path, "must not be empty")
        if "\n" in value:
            return ctx.fail(s, path, "must be a single line (remove the line break)")
        if len(value) > self.max_len:
            return ctx.fail(s, path, f"is {len(value)} characters long; the limit is "
                            f"{self.max_len}: {self.advice}")
        line, errors = parse_inline(value)
        for message in errors:
            ctx.fail(s, path, message)
        return INVALID if errors else line

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": self.max_len,
                "pattern": "^[^\\n]*$", "not": NOT_A_SAFE_LINK, "description": self.description}


@dataclass
class ProseSpec(Spec):
    """Paragraphs of text separated by blank lines."""

    max_len: int = 3000
    description: str = ""
    advice: str = "keep to what readers need here; link to a source for the rest"

    def convert(self, node: Node, ctx: Ctx, path: str) -> Any:
        s = self._scalar(node, ctx, path, "text")
        if s is None:
            return INVALID
        if not s.value.strip():
            return ctx.fail(s, path, "must not be empty")
        if len(s.value) > self.max_len:
            return ctx.fail(s, path, f"is {len(s.value)} characters long; the limit is "
                            f"{self.max_len}: {self.advice}")
        paragraphs: list[Line] = []
        failed = False
        for para in re.split(r"\n[ ]*\n", s.value.strip()):
            line, errors = parse_inline(" ".join(para.split()))
            for message in errors:
                failed = True
                ctx.fail(s, path, message)
            paragraphs.append(line)
        return INVALID if failed else Prose(tuple(paragraphs))

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": self.max_len,
                "not": NOT_A_SAFE_LINK, "description": self.description}


@dataclass
class IntSpec(Spec):
    """A whole number in a range, written as plain digits."""

    low: int
    high: int
    description: str = ""

    def convert(self, node: Node, ctx: Ctx, path: str) -> Any:
        expected = f"a whole number from {self.low} to {self.high}"
        s = self._scalar(node, ctx, path, expected)
        if s is None:
            return INVALID
        if not re.fullmatch(r"0|[1-9][0-9]{0,8}", s.value) or not s.plain:
            return ctx.fail(s, path, f"expected {expected}, got {shown(s)}")
        value = int(s.value)
        if not self.low <= value <= self.high:
            return ctx.fail(s, path, f"expected {expected}, got {value}")
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.low, "maximum": self.high,
                "description": self.description}


@dataclass
class BoolSpec(Spec):
    """`true` or `false`, nothing else (no `yes`, `no`, `on`)."""

    description: str = ""

    def convert(self, node: Node, ctx: Ctx, path: str) -> Any:
        s = self._scalar(node, ctx, path, "true or false")
        if s is None:
            return INVALID
        if s.plain and s.value in ("true", "false"):
            return s.value == "true"
        return ctx.fail(s, path, f"expected true or false, got {shown(s)}")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean", "description": self.description}


@dataclass
class EnumSpec(Spec):
    """One of a fixed set of words."""

    values: tuple[str, ...]
    description: str = ""

    def convert(self, node: Node, ctx: Ctx, path: str) -> Any:
        options = ", ".join(self.values)
        s = self._scalar(node, ctx, path, f"one of {options}")
        if s is None:
            return INVALID
        if s.value in self.values:
            return s.value
        if not s.value:
            return ctx.fail(s, path, f"must not be empty: choose one of {options}")
        return ctx.fail(s, path, f"expected one of {options}, got {shown(s)}"
                        + did_you_mean(s.value, self.values))

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.values), "description": self.description}


@dataclass
class RefSpec(Spec):
    """The slug of another item (an exercise, routine, disclaimer or vocabulary term)."""

    kind: str
    description: str = ""

    def convert(self, node: Node, ctx: Ctx, path: str) -> Any:
        s = self._scalar(node, ctx, path, f"{self.kind} slug")
        if s is None:
            return INVALID
        if not s.value:
            return ctx.fail(s, path, f"must not be empty: give a {self.kind} slug")
        if not SLUG.match(s.value):
            return ctx.fail(s, path, f"{shown(s)} is not a slug: use lower-case letters, "
                            "digits and single hyphens, e.g. 'upper-back'")
        ctx.refs.append(RefUse(self.kind, s.value, ctx.path, s.mark, path))
        return s.value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": SLUG.pattern, "description": self.description,
                "x-refers-to": self.kind}


@dataclass
class UrlSpec(Spec):
    """An absolute http(s) URL."""

    description: str = ""

    def convert(self, node: Node, ctx: Ctx, path: str) -> Any:
        s = self._scalar(node, ctx, path, "a URL")
        if s is None:
            return INVALID
        problem = check_url(s.value.strip())
        return ctx.fail(s, path, problem) if problem else s.value.strip()

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "uri", "pattern": "^https?://[A-Za-z0-9]",
                "description": self.description}


@dataclass
class ListSpec(Spec):
    """A list of items of one spec, with a length range and optionally no repeats."""

    item: Spec
    min_items: int = 0
    max_items: int = 100
    unique: bool = False
    description: str = ""
    advice: str = ""  # what to do about a list over the limit

    def convert(self, node: Node, ctx: Ctx, path: str) -> Any:
        if not isinstance(node, Seq):
            return ctx.fail(node, path, f"expected a list (lines starting with '- '), got {shown(node)}")
        n = len(node.items)
        miscounted = not self.min_items <= n <= self.max_items
        if n < self.min_items:
            ctx.fail(node, path, "must not be empty" if n == 0 else
                     f"needs at least {self.min_items} items, has {n}")
        elif n > self.max_items:
            advice = f": {self.advice}" if self.advice else ""
            ctx.fail(node, path, f"has {n} items; the limit is {self.max_items}{advice}")
        # The items are checked even when there are too many, so one run shows every problem.
        values = [self.item.convert(child, ctx, f"{path}[{i}]") for i, child in enumerate(node.items)]
        if self.unique:
            seen: set[Any] = set()
            for i, v in enumerate(values):
                if v is not INVALID and v in seen:
                    ctx.fail(node.items[i], f"{path}[{i}]", f"'{v}' is listed twice")
                seen.add(v)
        if miscounted or any(v is INVALID for v in values):
            return INVALID
        return tuple(values)

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.json_schema(),
                               "minItems": self.min_items, "maxItems": self.max_items,
                               "description": self.description}
        if self.unique:
            out["uniqueItems"] = True
        return out


@dataclass
class Field:
    """One key of a record: its spec and whether it must be present."""

    spec: Spec
    required: bool = False


@dataclass
class RecordSpec(Spec):
    """A mapping with known keys, built into a model object by `build`."""

    fields: Mapping[str, Field]
    build: Callable[..., Any]
    min_fields: int = 0
    description: str = ""

    def convert(self, node: Node, ctx: Ctx, path: str,
                extra: Mapping[str, Any] | None = None) -> Any:
        """Convert a mapping; `extra` adds values that come from outside it (slug, file path)."""
        if not isinstance(node, Map):
            return ctx.fail(node, path or "(file)", f"expected a mapping of fields (key: value), "
                            f"got {shown(node)}")
        prefix = f"{path}." if path else ""
        values: dict[str, Any] = {}
        failed = False
        suggested: set[str] = set()
        for key, child in node.pairs:
            spec = self.fields.get(key.value)
            if spec is None:
                failed = True
                hint = did_you_mean(key.value, tuple(f for f in self.fields if node.get(f) is None))
                suggested.add(hint.split("'")[1] if hint else "")
                ctx.fail(key, prefix + key.value, "unknown field" + hint)
                continue
            value = spec.spec.convert(child, ctx, prefix + key.value)
            failed |= value is INVALID
            values[key.value] = value
        for name, spec in self.fields.items():
            # A misspelt key already got "did you mean"; don't also call the field missing.
            if spec.required and node.get(name) is None and name not in suggested:
                failed = True
                ctx.fail(node, prefix + name, f"missing required field '{name}'")
        if len(node.pairs) < self.min_fields:
            return ctx.fail(node, path, f"needs at least {self.min_fields} of: "
                            + ", ".join(self.fields))
        if failed:
            return INVALID
        return self.build(**(extra or {}), **values)

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "properties": {k: f.spec.json_schema() for k, f in self.fields.items()},
            "additionalProperties": False,
            "description": self.description,
        }
        required = [k for k, f in self.fields.items() if f.required]
        if required:
            out["required"] = required
        if self.min_fields:
            out["minProperties"] = self.min_fields
        return out


class RangeSpec(RecordSpec):
    """`{from: 5, to: 15}`: a range that must not run backwards."""

    def convert(self, node: Node, ctx: Ctx, path: str,
                extra: Mapping[str, Any] | None = None) -> Any:
        value = super().convert(node, ctx, path, extra)
        if value is not INVALID and value.low >= value.high:
            return ctx.fail(node, path, f"'from' ({value.low}) must be less than 'to' ({value.high})")
        return value


@dataclass
class EitherSpec(Spec):
    """A plain value (a scalar) or, written as a mapping, a fuller record."""

    scalar: Spec
    mapping: RecordSpec
    description: str = ""
    wrap: Callable[[Any], Any] = lambda v: v

    def convert(self, node: Node, ctx: Ctx, path: str) -> Any:
        if isinstance(node, Map):
            return self.mapping.convert(node, ctx, path)
        value = self.scalar.convert(node, ctx, path)
        return value if value is INVALID else self.wrap(value)

    def json_schema(self) -> dict[str, Any]:
        return {"oneOf": [self.scalar.json_schema(), self.mapping.json_schema()],
                "description": self.description}
