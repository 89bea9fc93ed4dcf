"""Editor tooling from the field specs: `new KIND SLUG` starting files and the JSON Schemas.

The template is written from the same field specs that `check` uses, so its comments are the
field descriptions editors also see in their editor. Required fields get empty placeholders,
which `check` reports until they are filled in; optional fields are commented out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .discover import slug_problem
from .figure.body import JOINTS, PARTS
from .figure.camera import VIEWS
from .figure.postures import POSTURES
from .figure.props import PROPS
from .figure.spec import (
    FigureSpec,
    JointsSpec,
    NameSpec,
    PartsSpec,
    joint_base,
    motion_words,
    normal_range,
)
from .identity import SITE
from .schema import (
    BoolSpec,
    EitherSpec,
    EnumSpec,
    Field,
    IntSpec,
    LineSpec,
    ListSpec,
    ProseSpec,
    RecordSpec,
    RefSpec,
    Spec,
)
from .validate import KINDS
from .vocabulary import VOCABULARY

NEW_KINDS = ("exercise", "routine", "guide")
SCHEMA_KINDS = {"exercise": "exercises", "routine": "routines", "guide": "guides",
                "disclaimer": "disclaimers"}


class ScaffoldError(Exception):
    """The file cannot be created (bad slug, existing file, unknown kind)."""


def _placeholder(spec: Spec, indent: str) -> str:
    """What follows `key:` for a field the editor must fill in."""
    if isinstance(spec, ListSpec):
        inner = _placeholder(spec.item, indent + "  ").lstrip()
        return f"\n{indent}  - {inner}"
    if isinstance(spec, IntSpec):
        return "0"
    return '""'


def _example(spec: Spec, indent: str) -> str:
    """A typical value for an optional field, shown commented out."""
    if isinstance(spec, EitherSpec):
        return _example(spec.scalar, indent)
    if isinstance(spec, IntSpec):
        return str(max(spec.low, 1))
    if isinstance(spec, BoolSpec):
        return "true"
    if isinstance(spec, RecordSpec):
        keys = [f"{indent}{k}: {_example(f.spec, indent + '  ')}" for k, f in spec.fields.items()]
        return "\n".join(keys).lstrip()
    if isinstance(spec, ListSpec):
        return f"\n{indent}  - {_example(spec.item, indent + '    ')}"
    return '""'


def _hint(spec: Spec, choices: dict[str, list[str]]) -> str:
    """A short note on what values fit, for the comment above a field."""
    item = spec.item if isinstance(spec, ListSpec) else spec
    if isinstance(item, EitherSpec):
        item = item.scalar
    if isinstance(item, EnumSpec):
        return " One of: " + ", ".join(item.values) + "."
    if isinstance(item, RefSpec) and choices.get(item.kind):
        return " Choices: " + ", ".join(choices[item.kind]) + "."
    if isinstance(item, IntSpec):
        return f" A whole number from {item.low} to {item.high}."
    return ""


def _field(name: str, field: Field, choices: dict[str, list[str]]) -> list[str]:
    spec = field.spec
    comment = f"# {spec.description}{_hint(spec, choices)}".rstrip()
    if field.required:
        value = _placeholder(spec, "")
        return [comment, f"{name}:{'' if value.startswith(chr(10)) else ' '}{value}", ""]
    value = ("\n  " + _example(spec, "  ")) if isinstance(spec, RecordSpec) else _example(spec, "")
    text = f"{name}:{'' if value.startswith(chr(10)) else ' '}{value}"
    if isinstance(spec, FigureSpec):
        text = spec.example  # a whole position that passes `check`, not a value per key
    return [comment, *("# " + line for line in text.split("\n")), ""]


def template(kind: str, choices: dict[str, list[str]] | None = None) -> str:
    """The commented YAML template for a new `kind` ('exercise', 'routine' or 'guide')."""
    spec = KINDS[SCHEMA_KINDS[kind]]
    lines = [
        f"# yaml-language-server: $schema=../../schema/{kind}.schema.json",
        f"# A new {kind}. Fill in every field that has \"\" or 0, then run `make check`.",
        "# Text may use **bold**, *italic* and [links](https://...); nothing else is formatted.",
        "",
    ]
    required = [(n, f) for n, f in spec.fields.items() if f.required]
    optional = [(n, f) for n, f in spec.fields.items() if not f.required]
    for name, field in required:
        lines += _field(name, field, choices or {})
    lines.append("# Optional: delete the '# ' in front of the lines you want to use.")
    lines.append("")
    for name, field in optional:
        lines += _field(name, field, choices or {})
    return "\n".join(lines).rstrip() + "\n"


def create(root: Path, kind: str, slug: str, choices: dict[str, list[str]] | None = None) -> Path:
    """Write `content/<kinds>/<slug>.yaml` from the template; refuse bad slugs and existing files."""
    if kind not in NEW_KINDS:
        raise ScaffoldError(f"unknown kind '{kind}': choose one of {', '.join(NEW_KINDS)}")
    problem = slug_problem(slug)
    if problem:
        raise ScaffoldError(problem.replace("file name", "slug"))
    folder = root / "content" / SCHEMA_KINDS[kind]
    target = folder / f"{slug}.yaml"
    taken = [p for p in folder.glob("*.yaml") if p.stem.lower() == slug.lower()]
    if target.exists() or taken:
        raise ScaffoldError(f"{(taken or [target])[0].relative_to(root).as_posix()} already exists")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(template(kind, choices), encoding="utf-8")
    return target


def _type_name(spec: Spec) -> str:
    if isinstance(spec, ListSpec):
        return f"list of {_type_name(spec.item)}"
    if isinstance(spec, EitherSpec):
        return f"{_type_name(spec.scalar)} or {{{', '.join(spec.mapping.fields)}}}"
    if isinstance(spec, EnumSpec) and len(spec.values) > 8:
        return f"code such as `{spec.values[12]}` (one of {len(spec.values)}, listed in the schema)"
    if isinstance(spec, EnumSpec):
        return " \\| ".join(f"`{v}`" for v in spec.values)
    if isinstance(spec, RefSpec):
        return f"{spec.kind} slug"
    if isinstance(spec, RecordSpec):
        return "mapping"
    if isinstance(spec, NameSpec):
        return f"{spec.what} name"
    if isinstance(spec, PartsSpec):
        return "body part name or list of them"
    if isinstance(spec, JointsSpec):
        return "joint: {motion: degrees}"
    return {"LineSpec": "line", "ProseSpec": "prose", "IntSpec": "whole number",
            "BoolSpec": "`true` \\| `false`", "UrlSpec": "https URL"}.get(type(spec).__name__, "text")


REFERENCE_START = "<!-- field reference: generated by `python -m generator schema`, do not edit -->"
REFERENCE_END = "<!-- end of field reference -->"


FIGURES_START = "<!-- figure names: generated by `python -m generator schema`, do not edit -->"
FIGURES_END = "<!-- end of figure names -->"


def _between(document: str, start: str, end: str, text: str) -> str:
    head, found, rest = document.partition(start)
    if not found:
        return document
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n\n{text}\n{end}{tail}"


def with_reference(document: str) -> str:
    """`document` with the generated parts (between their markers) made afresh: the field
    reference, and the figures' views, postures, joints, parts and props."""
    document = _between(document, REFERENCE_START, REFERENCE_END, field_reference())
    return _between(document, FIGURES_START, FIGURES_END, figure_reference())


def figure_reference(pictures: str = "docs/figures") -> str:
    """Markdown tables of the names a figure may use, from the engine's own tables, with a
    picture of each view and posture (made by `figures.reference_svgs`)."""
    out = ["#### Views", "", "| view | what you see | picture |", "| --- | --- | --- |"]
    out += [f"| `{name}` | {view.description} | ![{name} view]({pictures}/view-{name}.svg) |"
            for name, view in VIEWS.items()]
    out += ["", "#### Postures", "", "| posture | what it is | picture |", "| --- | --- | --- |"]
    out += [f"| `{name}` | {posture.description} | ![{name}]({pictures}/posture-{name}.svg) |"
            for name, posture in POSTURES.items()]
    out += ["", "#### Joints and motions", "",
            "`left_` and `right_` joints take the same motions. Degrees are whole numbers; the "
            "normal range is counted from the anatomical position.", "",
            "| joint | motion: what it does; its normal range |", "| --- | --- |"]
    seen: set[str] = set()
    for joint, motions in JOINTS.items():
        base = joint_base(joint)
        if base in seen:
            continue
        seen.add(base)
        name = f"`left_{base}`, `right_{base}`" if base != joint else f"`{joint}`"
        cells = "<br>".join(f"`{m}`: {motion_words(joint, m)}; {normal_range(joint, m)}"
                            for m in motions)
        out.append(f"| {name} | {cells} |")
    out += ["", "#### Body parts", "", "For `touching`, `arrow` and a prop's `under` or "
            "`behind`: " + ", ".join(f"`{p}`" for p in PARTS) + ".", "",
            "#### Props", "", "| prop | goes | what it is |", "| --- | --- | --- |"]
    out += [f"| `{name}` | {' or '.join(f'`{r}`' for r in kind.relations)} | "
            f"{kind.description} |" for name, kind in PROPS.items()]
    return "\n".join(out) + "\n"


def _rows(name: str, field: Field, deep: bool) -> list[str]:
    """Table rows for a field and the keys of the mapping it holds (all the way down in a
    figure, one level elsewhere)."""
    spec = field.spec
    rows = [_row(name, field)]
    sub = spec.item if isinstance(spec, ListSpec) else spec
    if isinstance(sub, EitherSpec):
        sub = sub.mapping
    if isinstance(sub, RecordSpec):
        deep = deep or isinstance(sub, FigureSpec)
        prefix = f"{name}[]" if isinstance(spec, ListSpec) and deep else name
        for key, f in sub.fields.items():
            rows += _rows(f"{prefix}.{key}", f, deep) if deep else [_row(f"{prefix}.{key}", f)]
    return rows


def _row(name: str, field: Field) -> str:
    return (f"| `{name}` | {_type_name(field.spec)} | {'yes' if field.required else 'no'} "
            f"| {_limits(field.spec)} | {field.spec.description} |")


def _limits(spec: Spec) -> str:
    """A field's length, count or value limits, as the reference shows them."""
    if isinstance(spec, ListSpec):
        count = (f"{spec.min_items} to {spec.max_items} items" if spec.min_items
                 else f"at most {spec.max_items} items")
        each = _limits(spec.item)
        return f"{count}, each {each}" if each else count
    if isinstance(spec, EitherSpec):
        return _limits(spec.scalar)
    if isinstance(spec, LineSpec | ProseSpec):
        return f"at most {spec.max_len} characters"
    if isinstance(spec, IntSpec):
        return f"{spec.low} to {spec.high}"
    return ""


def field_reference() -> str:
    """Markdown tables of every field of every kind, from the specs (for CONTRIBUTING.md)."""
    out: list[str] = []
    tables = [(f"{kind.capitalize()}: `content/{folder}/<slug>.yaml`", KINDS[folder])
              for kind, folder in SCHEMA_KINDS.items()]
    for heading, spec in [*tables, ("Site: `content/site.yaml`", SITE)]:
        out += [f"### {heading}", "", "| field | type | required | limits | what it is |",
                "| --- | --- | --- | --- | --- |"]
        for name, field in spec.fields.items():
            out += _rows(name, field, False)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema (draft 2020-12) for every content kind, from the same specs `check` uses."""
    specs: dict[str, RecordSpec] = {name: KINDS[folder] for name, folder in SCHEMA_KINDS.items()}
    specs["vocabulary"] = VOCABULARY
    specs["site"] = SITE
    out: dict[str, dict[str, Any]] = {}
    for name, spec in specs.items():
        schema = spec.json_schema()
        out[name] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://stretch-guide.example.org/schema/{name}.schema.json",
            "title": f"Stretch Guide {name}",
            **schema,
        }
    return out
