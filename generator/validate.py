"""Stage 2, validate: check every file against its content kind and build the typed model.

The field tables below are the single definition of the content model (`content-model.md`):
the validator walks them, and the JSON Schema for editors is generated from them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .cache import Reuse
from .discover import SourceFile
from .figure.spec import FIGURE, check_pose
from .identity import SITE
from .load import MAX_BYTES, Node, Scalar, load_bytes, load_file
from .model import (
    LEVELS,
    Content,
    Disclaimer,
    Dose,
    Exercise,
    Extras,
    Guide,
    Identity,
    Image,
    Range,
    Routine,
    RoutineItem,
    Source,
    Vocabulary,
)
from .problems import Problems
from .records import Checked, decode_object, dump_checked, load_checked
from .schema import (
    INVALID,
    BoolSpec,
    Ctx,
    EitherSpec,
    EnumSpec,
    Field,
    IntSpec,
    LineSpec,
    ListSpec,
    ProseSpec,
    RangeSpec,
    RecordSpec,
    RefSpec,
    RefUse,
    Spec,
    UrlSpec,
)
from .vocabulary import VOCABULARY

# Length limits, and what to do when text is over one (CONTRIBUTING.md, "Limits", says why each
# number is what it is).
TITLE = 80
SUMMARY = 200
TITLE_ADVICE = "keep the name short; put other names in also_known_as"
SUMMARY_ADVICE = "one sentence on what it is for; the details belong in the steps"
STEP_ADVICE = ("one action per step: split it into two steps, and move notes and explanations "
               "to tips or cautions")
STEPS_ADVICE = ("merge steps that are one movement, move notes to tips, or split the exercise "
                "into two")

# ---------------------------------------------------------------------------- shared parts


def _lines(description: str, min_items: int = 0, max_items: int = 50, *,
           line: str = "one point per item: split it in two",
           many: str = "keep the ones that matter most") -> ListSpec:
    return ListSpec(LineSpec(description=description, advice=line), min_items, max_items,
                    description=description, advice=many)


def _refs(kind: str, description: str, min_items: int = 0, max_items: int = 10) -> ListSpec:
    # Ten body areas, props or disclaimers is already more than one page can use well; a guide
    # may gather up to 200 routines or exercises.
    return ListSpec(RefSpec(kind, description=f"A {kind} slug."), min_items, max_items,
                    unique=True, description=description,
                    advice=f"keep the {kind}s that matter most" if max_items <= 10 else
                    "split it into two guides")


def _range_or_int(low: int, high: int, what: str) -> EitherSpec:
    bound = IntSpec(low, high, description=what)
    return EitherSpec(
        bound,
        RangeSpec({"from": Field(bound, True), "to": Field(bound, True)},
                  build=lambda **kw: Range(kw["from"], kw["to"]),
                  description=f"{what}: start at 'from', work up to 'to'."),
        description=f"{what}: a whole number, or {{from, to}} to build up over time.",
    )


DOSE = RecordSpec(
    {
        "reps": Field(_range_or_int(1, 100, "Repetitions")),
        "sets": Field(IntSpec(1, 20, description="Number of sets.")),
        "hold_seconds": Field(_range_or_int(1, 600, "Seconds each hold lasts")),
        "hold_until": Field(LineSpec(description="A hold that ends on a sensation, e.g. 'the "
                                     "pain eases from 6/10 to about 2/10'.")),
        "intensity": Field(LineSpec(description="How hard, e.g. 'about 6/10 on the pain scale'.")),
        "each_side": Field(BoolSpec(description="true when the dose is for each side.")),
    },
    build=Dose, min_fields=1,
    description="How much to do. Every key is optional; give at least one.",
)

@dataclass
class ImageFileSpec(Spec):
    """The name of a picture in content/images/ (checked to exist by the cross-reference stage)."""

    description: str = ("File name of a picture in content/images/, e.g. wall-slides-1.jpg: "
                        "PNG, JPEG or WebP, at most 2 MB (see 'Adding a photo').")

    def convert(self, node: Node, ctx: Ctx, path: str) -> Any:
        if isinstance(node, Scalar) and IMAGE_NAME.match(node.value):
            ctx.refs.append(RefUse("image", node.value, ctx.path, node.mark, path))
            return node.value
        return ctx.fail(node, path, "expected an image file name like 'wall-slides-1.png' "
                        "(lower-case slug, then .png, .jpg, .jpeg or .webp)")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": IMAGE_NAME.pattern, "description": self.description}


IMAGE_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.(png|jpe?g|webp)$")
IMAGE = RecordSpec(
    {
        "file": Field(ImageFileSpec(), True),
        "alt": Field(LineSpec(description="What the picture shows, for people who cannot see it."),
                     True),
        "caption": Field(LineSpec(description="Caption shown under the picture.")),
        "credit": Field(LineSpec(description="Who made the picture.")),
        "license": Field(LineSpec(description="The picture's licence.")),
    },
    build=Image, description="A picture of the exercise.",
)

SOURCE = RecordSpec(
    {"title": Field(LineSpec(description="Title of the source."), True),
     "url": Field(UrlSpec(description="https address of the source."), True)},
    build=Source, description="Where the guidance comes from.",
)

# ---------------------------------------------------------------------------- content kinds


def _exercise_fields() -> dict[str, Field]:
    return {
        "title": Field(LineSpec(TITLE, "Name shown to readers.", TITLE_ADVICE), True),
        "summary": Field(LineSpec(SUMMARY, "One sentence: what the exercise is for. Used in "
                                  "lists, cheat sheets and the page description.",
                                  SUMMARY_ADVICE), True),
        "also_known_as": Field(_lines("Other names people know this exercise by; all are "
                                      "searchable.", max_items=20, line="one name per item",
                                      many="keep the names people actually search for")),
        "level": Field(EnumSpec(LEVELS, "How demanding the exercise is."), True),
        "kind": Field(RefSpec("kind", "What sort of exercise it is: a stretch, mobility, "
                              "strengthening... (a slug from vocabulary.yaml kinds).")),
        "position": Field(RefSpec("position", "The body position it is done in (a slug from "
                                  "vocabulary.yaml positions)."), True),
        "targets": Field(_refs("body area", "Where it acts (slugs from vocabulary.yaml "
                               "body_areas).", 1), True),
        "equipment": Field(_refs("equipment", "Props needed (slugs from vocabulary.yaml "
                                 "equipment).")),
        "dose": Field(DOSE),
        "steps": Field(_lines("The instructions in order: one action per step.", 1, 20,
                              line=STEP_ADVICE, many=STEPS_ADVICE), True),
        "tips": Field(_lines("Hints that make the exercise easier or better.")),
        "common_mistakes": Field(_lines("Mistakes to avoid.")),
        "cautions": Field(_lines("Safety warnings; always shown, never folded away.")),
        "disclaimers": Field(_refs("disclaimer", "Extra disclaimers shown besides the "
                                   "default ones.")),
        "figure": Field(FIGURE),
        "images": Field(ListSpec(IMAGE, 0, 10, description="Pictures of the exercise.",
                                 advice="keep the pictures that show a new position")),
        "sources": Field(ListSpec(SOURCE, 0, 20, description="Where the guidance comes from.",
                                  advice="keep the sources the text actually rests on")),
    }


ROUTINE_ITEM = EitherSpec(
    RefSpec("exercise", "An exercise slug."),
    RecordSpec({"exercise": Field(RefSpec("exercise", "An exercise slug."), True),
                "dose": Field(DOSE), "note": Field(LineSpec(description="A note for this "
                                                            "routine only."))},
               build=RoutineItem, description="An exercise with its own dose or note."),
    description="An exercise slug, or {exercise, dose, note}.",
    wrap=lambda slug: RoutineItem(slug),
)
ITEMS = ListSpec(ROUTINE_ITEM, 1, 40, description="The exercises, in order.",
                 advice="split it into two routines (a routine is done in one go)")


def _routine_fields() -> dict[str, Field]:
    return {
        "title": Field(LineSpec(TITLE, "Name shown to readers.", TITLE_ADVICE), True),
        "summary": Field(LineSpec(SUMMARY, "One sentence: who or what the routine is for.",
                                  SUMMARY_ADVICE), True),
        "position": Field(RefSpec("position", "The situation the routine is for (a positions "
                                  "slug)."), True),
        "minutes": Field(IntSpec(1, 120, description="How long the routine takes, in minutes; "
                                 "within twice its timed doses (see Timing)."),
                         True),
        "exercises": Field(ITEMS, True),
        "extras": Field(RecordSpec(
            {"title": Field(LineSpec(TITLE, "e.g. 'Add this whenever sitting'."), True),
             "exercises": Field(ITEMS, True)},
            build=Extras,
            description="Exercises to add whenever in this situation.")),
        "frequency": Field(LineSpec(description="How often to do it, e.g. 'At least once a day "
                                    "until the pain has gone for 24 hours'.")),
        "disclaimers": Field(_refs("disclaimer", "Extra disclaimers besides the default ones.")),
    }


def _guide_fields() -> dict[str, Field]:
    fields = _exercise_fields()
    return {
        "title": fields["title"],
        "summary": fields["summary"],
        "audience": Field(ProseSpec(description="Who this guide is for: 'This is for you if ...'.")),
        "introduction": Field(ProseSpec(description="An overview shown at the top of the guide.")),
        "also_known_as": Field(_lines("Other names for this guide's topic; searchable.")),
        "level": Field(EnumSpec(LEVELS, "How demanding the guide's exercises are.")),
        "targets": Field(_refs("body area", "Body areas the guide is about.")),
        "disclaimers": Field(_refs("disclaimer", "Extra disclaimers besides the default ones.")),
        "how_to_use": Field(_lines("Usage rules: how often, in what order, what to skip.")),
        "routines": Field(_refs("routine", "Routines in this guide, in order.", 0, 200)),
        "exercises": Field(_refs("exercise", "Exercises in this guide, in order.", 0, 200)),
        "tips": Field(_lines("Tips for the whole guide.")),
    }


def _disclaimer_fields() -> dict[str, Field]:
    return {
        "title": Field(LineSpec(TITLE, "Heading of the notice."), True),
        "text": Field(ProseSpec(description="The notice; paragraphs separated by a blank line."),
                      True),
        "default": Field(BoolSpec(description="true to show it on every exercise, routine and "
                                  "guide page and on every cheat sheet.")),
    }


def _doc(cls: type, slug: str, path: str, **values: Any) -> Any:
    return cls(slug=slug, path=path, **values)


# Content folder -> the record spec of the documents in it.
KINDS: dict[str, RecordSpec] = {
    "exercises": RecordSpec(_exercise_fields(), partial(_doc, Exercise), description="One exercise."),
    "routines": RecordSpec(_routine_fields(), partial(_doc, Routine),
                           description="An ordered set of exercises."),
    "guides": RecordSpec(_guide_fields(), partial(_doc, Guide), description="A guide for one complaint."),
    "disclaimers": RecordSpec(_disclaimer_fields(), partial(_doc, Disclaimer),
                              description="A reusable safety notice."),
}

# ---------------------------------------------------------------------------- entry point


# The content files that stand alone at the top of content/, and what a missing one means.
SINGLE: dict[str, RecordSpec] = {"vocabulary": VOCABULARY, "site": SITE}
MISSING = {
    "vocabulary": "the vocabularies (positions, body_areas, equipment) must be defined",
    "site": "the site's name and home page text must be defined (copy the one in the "
            "Stretch Guide repository and make it yours)",
}


@dataclass(frozen=True)
class Validated:
    """What validation produced: every document that passed, and the references they make."""

    vocabulary: Vocabulary | None
    exercises: tuple[Exercise, ...]
    routines: tuple[Routine, ...]
    guides: tuple[Guide, ...]
    disclaimers: tuple[Disclaimer, ...]
    refs: list[RefUse]
    complete: bool  # every file passed
    digests: dict[str, str]  # repository path -> SHA-256 of the bytes, for files read from disk
    identity: Identity | None = None

    def content(self) -> Content | None:
        """The whole model, when every file passed."""
        if not self.complete or self.vocabulary is None or self.identity is None:
            return None
        return Content(self.vocabulary, self.exercises, self.routines, self.guides,
                       self.disclaimers, self.identity)


# Each file's check by its path, with the digest of the bytes it was made from: a file whose
# bytes did not change is not parsed or checked again, in the rebuilds of one `serve` and, kept in
# the cache (`records`), in the next process. At 1,000 exercises that is half a second of every
# `check`, build and preview. Each file's result depends on that file alone (and the generator's
# code, which stamps the cache); cross-file checks run afresh in `xref`.
_CHECKED: Reuse[Checked] = Reuse(dump_checked, load_checked, decode_object)


def _check_file(f: SourceFile) -> tuple[str | None, Checked]:
    """The digest of one file's bytes (None if unreadable) and its check, reused when unchanged."""
    try:
        data = f.path.read_bytes() if f.path.stat().st_size <= MAX_BYTES else None
    except OSError:
        data = None
    digest = None if data is None else hashlib.sha256(data).hexdigest()
    return digest, _CHECKED.get(f.rel, digest, partial(_check_bytes, f, data))


def _check_bytes(f: SourceFile, data: bytes | None) -> Checked:
    """Load and convert one file (`data` None: read it, and report why it cannot be read)."""
    problems = Problems()
    refs: list[RefUse] = []
    value: Any = INVALID
    node = load_file(f.path, f.rel, problems) if data is None else load_bytes(data, f.rel, problems)
    if node is not None:
        ctx = Ctx(f.rel, problems, refs)
        if f.kind in SINGLE:
            value = SINGLE[f.kind].convert(node, ctx, "", {"path": f.rel})
        else:
            value = KINDS[f.kind].convert(node, ctx, "", {"slug": f.slug, "path": f.rel})
            value = check_pose(value, node, ctx) if f.kind == "exercises" else value
            if isinstance(value, Guide) and not (value.routines or value.exercises):
                value = ctx.fail(node, "routines", "a guide needs 'routines' or 'exercises' "
                                 "(or both)")
    return value, tuple(problems.items), tuple(refs)


def validate_files(files: list[SourceFile], problems: Problems,
                   keep: Path | None = None) -> Validated:
    """Load and check every file; keep what passed, and every reference, for the next stage.

    With `keep` (`cache.record_cache`), files unchanged since the last run are not checked again."""
    refs: list[RefUse] = []
    single: dict[str, Any] = {}
    docs: dict[str, list[Any]] = {kind: [] for kind in KINDS}
    failed = False
    digests: dict[str, str] = {}
    _CHECKED.start(keep=True, file=keep)
    for f in files:
        if f.kind not in KINDS and f.kind not in SINGLE:
            continue
        digest, (value, found, uses) = _check_file(f)
        problems.items.extend(found)
        refs.extend(uses)
        if digest is not None:
            digests[f.rel] = digest
        if f.kind in SINGLE:
            single[f.kind] = None if value is INVALID else value
        elif value is not INVALID:
            docs[f.kind].append(value)
        failed |= value is INVALID
    _CHECKED.finish()
    for kind, what in MISSING.items():
        if not any(f.kind == kind for f in files):
            problems.add(f"content/{kind}.yaml", 1, 1, "", f"file not found: {what}")
    def by_slug(kind: str) -> tuple[Any, ...]:
        return tuple(sorted(docs[kind], key=lambda d: d.slug))

    vocabulary, identity = single.get("vocabulary"), single.get("site")
    return Validated(vocabulary, by_slug("exercises"), by_slug("routines"), by_slug("guides"),
                     by_slug("disclaimers"), refs, complete=not failed and vocabulary is not None
                     and identity is not None, digests=digests, identity=identity)
