"""Editor tooling from the field specs: `new KIND SLUG` starting files and the JSON Schemas.

The template is written from the same field specs that `check` uses, so its comments are the
field descriptions editors also see in their editor. Required fields get empty placeholders,
which `check` reports until they are filled in; optional fields are commented out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .discover import slug_problem
from .schema import (
    BoolSpec,
    EitherSpec,
    EnumSpec,
    Field,
    IntSpec,
    ListSpec,
    RecordSpec,
    RefSpec,
    Spec,
)
from .validate import KINDS, VOCABULARY

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
    if isinstance(spec, EnumSpec):
        return " \\| ".join(f"`{v}`" for v in spec.values)
    if isinstance(spec, RefSpec):
        return f"{spec.kind} slug"
    if isinstance(spec, RecordSpec):
        return "mapping"
    return {"LineSpec": "line", "ProseSpec": "prose", "IntSpec": "whole number",
            "BoolSpec": "`true` \\| `false`", "UrlSpec": "https URL"}.get(type(spec).__name__, "text")


REFERENCE_START = "<!-- field reference: generated by `python -m generator schema`, do not edit -->"
REFERENCE_END = "<!-- end of field reference -->"


def with_reference(document: str) -> str:
    """`document` with the text between the reference markers replaced by `field_reference()`."""
    head, _, rest = document.partition(REFERENCE_START)
    _, _, tail = rest.partition(REFERENCE_END)
    return f"{head}{REFERENCE_START}\n\n{field_reference()}\n{REFERENCE_END}{tail}"


def field_reference() -> str:
    """Markdown tables of every field of every kind, from the specs (for CONTRIBUTING.md)."""
    out: list[str] = []
    for kind, folder in SCHEMA_KINDS.items():
        spec = KINDS[folder]
        out += [f"### {kind.capitalize()}: `content/{folder}/<slug>.yaml`", "",
                "| field | type | required | what it is |", "| --- | --- | --- | --- |"]
        for name, field in spec.fields.items():
            out.append(f"| `{name}` | {_type_name(field.spec)} | {'yes' if field.required else 'no'} "
                       f"| {field.spec.description} |")
            sub = field.spec.item if isinstance(field.spec, ListSpec) else field.spec
            if isinstance(sub, EitherSpec):
                sub = sub.mapping
            if isinstance(sub, RecordSpec):
                for key, f in sub.fields.items():
                    out.append(f"| `{name}.{key}` | {_type_name(f.spec)} | "
                               f"{'yes' if f.required else 'no'} | {f.spec.description} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema (draft 2020-12) for every content kind, from the same specs `check` uses."""
    specs: dict[str, RecordSpec] = {name: KINDS[folder] for name, folder in SCHEMA_KINDS.items()}
    specs["vocabulary"] = VOCABULARY
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
