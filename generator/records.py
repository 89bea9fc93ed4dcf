"""Checked records kept between runs: what checking one file produced, as JSON and back.

Parsing and checking the files is most of `read_site` (at 1,000 exercises, half a second, of
which libyaml's events alone are 0.3 s). A file whose bytes and whose generator code are the
same as in the last run gives the same record, so `validate` keeps each file's record, problems
and references in the cache (`cache.record_cache`) and the next process reads them back in a
tenth of the time.

JSON, not pickle: a cache file is data that can only ever become our own record classes with
plain values, never code, whoever wrote it. A record is a one-key object `{"@Class": [fields in
order]}`; tuples are lists. Anything else in a cache file makes it unreadable, and unreadable
only costs the time to check the files again.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from . import model
from .load import Mark
from .problems import Problem
from .schema import INVALID, RefUse

# Every class a checked file can hold. A record class added to the model must be added here;
# `tests/test_records.py` round-trips every seed file to catch one that is missing.
_KEPT: tuple[type, ...] = (
    model.Plain, model.Strong, model.Emph, model.Link, model.Line, model.Prose, model.Range,
    model.Dose, model.Image, model.Source, model.Term, model.Vocabulary, model.PropUse,
    model.Frame, model.Figure, model.Exercise, model.RoutineItem, model.Extras, model.Routine,
    model.Guide, model.Disclaimer, model.Home, model.Identity, Problem, RefUse, Mark,
)
_CLASSES: dict[str, type] = {"@" + cls.__name__: cls for cls in _KEPT}
_FIELDS: dict[type, tuple[str, ...]] = {cls: tuple(f.name for f in fields(cls)) for cls in _KEPT}
_PLAIN = (str, int, bool, float, type(None))

Checked = tuple[Any, tuple[Problem, ...], tuple[RefUse, ...]]  # record (or INVALID), problems, refs


def encode(value: Any) -> Any:
    """`value` as JSON data; raises TypeError for anything that is not a kept record or plain."""
    kind = type(value)
    if kind is tuple or kind is list:
        return [encode(item) for item in value]
    names = _FIELDS.get(kind)
    if names is not None:
        return {"@" + kind.__name__: [encode(getattr(value, name)) for name in names]}
    if kind in _PLAIN:
        return value
    raise TypeError(f"a {kind.__name__} cannot be kept in the cache")


def decode_object(obj: dict[str, Any]) -> Any:
    """`json.loads` object hook: a `{"@Class": [...]}` object becomes its record again."""
    if len(obj) == 1:
        ((name, args),) = obj.items()
        cls = _CLASSES.get(name)
        if cls is not None and type(args) is list:
            return cls(*[_tuple(a) if type(a) is list else a for a in args])
    return obj


def _tuple(items: list[Any]) -> tuple[Any, ...]:
    if list not in map(type, items):  # the usual case, tested at C speed
        return tuple(items)
    return tuple(_tuple(item) if type(item) is list else item for item in items)


def dump_checked(checked: Checked) -> Any:
    """One file's check as JSON data (an invalid record as null)."""
    value, problems, refs = checked
    return [None if value is INVALID else encode(value), encode(problems), encode(refs)]


def load_checked(data: Any) -> Checked:
    """One file's check from JSON data decoded with `decode_object`; TypeError if malformed."""
    value, problems, refs = data
    problems, refs = _tuple(problems), _tuple(refs)
    if (value is not None and type(value) not in _FIELDS) or not (
            all(type(p) is Problem for p in problems) and all(type(r) is RefUse for r in refs)):
        raise TypeError("not a checked file")
    return (INVALID if value is None else value), problems, refs
