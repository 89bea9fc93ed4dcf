"""Stage 2, validate (vocabulary): `content/vocabulary.yaml`, the controlled vocabularies.

Positions, body areas, equipment and kinds: the slugs every other file refers to, each with the
label readers see. Like `identity` (site.yaml), a file of its own at the top of content/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .discover import SLUG
from .load import Map, Node, Scalar
from .model import Term, Vocabulary
from .schema import INVALID, Ctx, Field, LineSpec, RecordSpec, Spec

LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 '-]{0,39}$")
VOCABULARIES = {"positions": "position", "body_areas": "body area", "equipment": "equipment",
                "kinds": "kind"}
OPTIONAL_VOCABULARIES = ("kinds",)  # added later: a vocabulary file without it stays valid
RESERVED_TERMS = frozenset({"none"})  # "No equipment" on the equipment page and in the filters


@dataclass
class TermsSpec(Spec):
    """A mapping of slug -> {label, description} for one controlled vocabulary."""

    description: str = ""

    def convert(self, node: Node, ctx: Ctx, path: str) -> Any:
        if not isinstance(node, Map):
            return ctx.fail(node, path, "expected a mapping of slug: {label: ...}")
        terms: list[Term] = []
        for key, value in node.pairs:
            where = f"{path}.{key.value}"
            if not SLUG.match(key.value):
                ctx.fail(key, where, f"'{key.value}' is not a slug: use lower-case letters, "
                         "digits and single hyphens")
                continue
            if key.value in RESERVED_TERMS:
                ctx.fail(key, where, f"'{key.value}' is reserved (the exercise pages and filters "
                         "use it for 'no equipment'): choose another slug")
                continue
            term = _TERM.convert(value, ctx, where, {"slug": key.value})
            if term is not INVALID:
                terms.append(term)
        return tuple(terms) if len(terms) == len(node.pairs) else INVALID

    def json_schema(self) -> dict[str, Any]:
        return {"type": "object", "propertyNames": {"pattern": SLUG.pattern},
                "additionalProperties": _TERM.json_schema(), "description": self.description}


@dataclass
class LabelSpec(Spec):
    """A short plain label (shown in tags and menus): letters, digits, spaces, ' and -."""

    description: str = "Short label: letters, digits, spaces, apostrophes and hyphens."

    def convert(self, node: Node, ctx: Ctx, path: str) -> Any:
        if isinstance(node, Scalar) and LABEL.match(node.value):
            return node.value
        return ctx.fail(node, path, "expected a short label (up to 40 letters, digits, spaces, "
                        "apostrophes or hyphens)")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": LABEL.pattern, "description": self.description}


_TERM = RecordSpec({"label": Field(LabelSpec(), True),
                    "description": Field(LineSpec(description="One sentence for readers."))},
                   build=Term, description="A vocabulary term.")
VOCABULARY = RecordSpec(
    {name: Field(TermsSpec(description=f"The {what} slugs content may use."),
                 name not in OPTIONAL_VOCABULARIES)
     for name, what in VOCABULARIES.items()},
    build=lambda path, **kw: Vocabulary(path=path, **kw),
    description="The controlled vocabularies.",
)
