"""The `figure:` field of an exercise: its names checked against the engine's tables, then the
pose checked against the body.

Conversion (`FIGURE`) refuses unknown views, postures, joints, motions, parts and props with
"did you mean", so the engine only ever sees names it knows. `check_pose` then runs the engine's
physical checks (`check_figure`) and turns each issue into a problem on the line of the YAML it
is about. The names, with a sentence each, also go into the JSON Schema, so editors' tools
complete them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..load import Map, Node, Scalar, Seq
from ..model import Exercise, Figure, Frame, PropUse
from ..problems import Problems
from ..schema import (
    INVALID,
    Ctx,
    EnumSpec,
    Field,
    IntSpec,
    LineSpec,
    ListSpec,
    RecordSpec,
    Spec,
    did_you_mean,
    shown,
)
from .body import JOINTS, PARTS
from .camera import VIEWS
from .postures import POSTURES
from .props import PROPS
from .ranges import RANGES, range_kind
from .solve import check_figure

MAX_FRAMES = 4
SIDES = ("left", "right")
RELATIONS = ("under", "behind")

# What each motion means, in plain words, by joint without its side (for the JSON Schema's
# hover text and for CONTRIBUTING.md). Degrees count from the anatomical position.
_SPINE = {
    "flexion": "bending forwards (rounding)",
    "extension": "bending backwards (arching)",
    "side_bend_left": "bending sideways to the left",
    "side_bend_right": "bending sideways to the right",
    "rotation_left": "turning to the left",
    "rotation_right": "turning to the right",
}
_LIMB = {
    "flexion": "bringing the limb forwards and up",
    "extension": "moving the limb backwards, behind the body",
    "abduction": "moving the limb out to the side, away from the body",
    "adduction": "bringing the limb in, across the body",
    "internal_rotation": "turning the limb inwards about its own length",
    "external_rotation": "turning the limb outwards about its own length",
}
MOTION_WORDS: dict[str, dict[str, str]] = {
    "neck": {**_SPINE, "flexion": "bending the head forwards, chin towards the chest",
             "extension": "tipping the head back, looking up"},
    "thoracic": _SPINE,
    "lumbar": _SPINE,
    "shoulder": {
        "flexion": "raising the arm forwards and up (90: pointing forwards, 180: straight up)",
        "extension": "moving the arm backwards, behind the body",
        "abduction": "raising the arm out to the side (90: level with the shoulder)",
        "adduction": "bringing the arm across the front of the body",
        "internal_rotation": "turning the upper arm inwards (with the elbow bent at 90, the hand "
                             "moves towards the belly)",
        "external_rotation": "turning the upper arm outwards (with the elbow bent at 90, the "
                             "hand moves away from the belly)",
    },
    "elbow": {"flexion": "bending the elbow (0: straight)",
              "extension": "straightening an elbow the posture bends (back to 0, not beyond)"},
    "forearm": {"pronation": "turning the palm from facing forwards (the anatomical position) "
                             "to facing back (80: thumb forwards, 160: palm back)",
                "supination": "turning the palm further forwards than the anatomical position "
                              "(which is already fully turned up)"},
    "wrist": {"flexion": "bending the hand towards the palm side",
              "extension": "bending the hand back, towards the back of the hand"},
    "hip": {
        "flexion": "bringing the thigh forwards and up (90: thigh level, as when sitting)",
        "extension": "moving the thigh backwards, behind the body",
        "abduction": "moving the leg out to the side",
        "adduction": "bringing the leg in, across the other one",
        "internal_rotation": "turning the thigh inwards (the toes point in)",
        "external_rotation": "turning the thigh outwards (the toes point out)",
    },
    "knee": {"flexion": "bending the knee (0: straight)",
             "extension": "straightening a knee the posture bends (back to 0, not beyond)"},
    "ankle": {"dorsiflexion": "pulling the toes up towards the shin",
              "plantarflexion": "pointing the toes away from the shin"},
}


def joint_base(joint: str) -> str:
    """A joint name without its side: 'right_knee' -> 'knee'."""
    return joint.removeprefix("left_").removeprefix("right_")


def spoken(name: str) -> str:
    """A joint or part name as words: 'right_knee' -> 'right knee'."""
    return name.replace("_", " ")


def motion_words(joint: str, motion: str) -> str:
    """What `motion` of `joint` means, in plain words."""
    words = MOTION_WORDS.get(joint_base(joint), {}).get(motion)
    if words is None:
        words = _LIMB.get(motion) or _SPINE.get(motion) or spoken(motion)
    return words


def _part_words(part: str) -> str:
    words = {"back": "the whole back", "upper_back": "the upper back, around the shoulder "
             "blades", "lower_back": "the lower back", "pelvis": "the pelvis (what you sit "
             "on)", "head": "the back or side of the head"}
    return words.get(part, f"the {spoken(part)}")


@dataclass
class NameSpec(Spec):
    """One name from one of the engine's tables (a posture, a joint, a part, a prop...)."""

    names: Mapping[str, str]  # name -> one sentence for editors
    what: str  # 'posture', 'body part'... for messages
    description: str = ""

    def convert(self, node: Node, ctx: Ctx, path: str) -> Any:
        s = self._scalar(node, ctx, path, f"a {self.what} name")
        if s is None:
            return INVALID
        if s.value in self.names:
            return s.value
        if not s.value:
            return ctx.fail(s, path, f"must not be empty: give a {self.what} name")
        choices = tuple(self.names)
        if self.what == "prop" and not did_you_mean(s.value, choices):
            return ctx.fail(s, path, f"the figure cannot draw '{s.value}': the props it can "
                            f"draw are {', '.join(choices)}")
        return ctx.fail(s, path, unknown(self.what, s.value, choices))

    def json_schema(self) -> dict[str, Any]:
        # `enumDescriptions` is what VS Code's YAML extension shows beside each completion.
        return {"enum": list(self.names), "enumDescriptions": list(self.names.values()),
                "description": self.description}


def unknown(what: str, value: str, choices: tuple[str, ...]) -> str:
    """'unknown posture 'x' (did you mean 'y'?)', or the choices when none is close."""
    hint = did_you_mean(value, choices)
    return f"unknown {what} '{value}'" + (hint or f": choose one of {', '.join(choices)}")


@dataclass
class PartsSpec(Spec):
    """A body part, or a list of body parts."""

    part: NameSpec
    description: str = ""

    def convert(self, node: Node, ctx: Ctx, path: str) -> Any:
        if isinstance(node, Seq):
            return ListSpec(self.part, 1, len(self.part.names), unique=True).convert(node, ctx, path)
        value = self.part.convert(node, ctx, path)
        return value if value is INVALID else (value,)

    def json_schema(self) -> dict[str, Any]:
        one = self.part.json_schema()
        return {"oneOf": [one, {"type": "array", "items": one, "minItems": 1, "uniqueItems": True,
                                "description": "Several body parts."}],
                "description": self.description}


@dataclass
class JointsSpec(Spec):
    """`{joint: {motion: degrees}}`: changes from the posture, in whole degrees."""

    joints: Mapping[str, tuple[str, ...]]
    description: str = ""
    degrees: IntSpec = field(default_factory=lambda: IntSpec(0, 360))

    def convert(self, node: Node, ctx: Ctx, path: str) -> Any:
        if not isinstance(node, Map):
            return ctx.fail(node, path, "expected a mapping of joint: {motion: degrees}, e.g. "
                            f"'right_knee: {{flexion: 90}}', got {shown(node)}")
        out: list[tuple[str, str, int]] = []
        failed = False
        for key, value in node.pairs:
            joint, where = key.value, f"{path}.{key.value}"
            if joint not in self.joints:
                failed = True
                ctx.fail(key, where, unknown("joint", joint, tuple(self.joints)))
            elif not isinstance(value, Map) or not value.pairs:
                failed = True
                ctx.fail(value, where, "expected a mapping of motion: degrees, e.g. "
                         f"{{{self.joints[joint][0]}: 30}}")
            else:
                for mkey, degrees in value.pairs:
                    motion = mkey.value
                    if motion not in self.joints[joint]:
                        failed = True
                        ctx.fail(mkey, f"{where}.{motion}",
                                 _no_motion(joint, motion, self.joints[joint]))
                        continue
                    number = self.degrees.convert(degrees, ctx, f"{where}.{motion}")
                    failed |= number is INVALID
                    out.append((joint, motion, number))
        return INVALID if failed else tuple(out)

    def json_schema(self) -> dict[str, Any]:
        def joint(name: str, motions: tuple[str, ...]) -> dict[str, Any]:
            props = {m: {**self.degrees.json_schema(),
                         "description": f"Degrees of {spoken(m)}: {motion_words(name, m)}; "
                         f"{normal_range(name, m)}."} for m in motions}
            return {"type": "object", "properties": props, "additionalProperties": False,
                    "minProperties": 1, "description": f"The {spoken(name)}: "
                    + ", ".join(spoken(m) for m in motions) + "."}
        return {"type": "object", "additionalProperties": False,
                "properties": {name: joint(name, m) for name, m in self.joints.items()},
                "description": self.description}


def normal_range(joint: str, motion: str) -> str:
    """'normal range 0 to 135' for a joint's motion (from `ranges.py`), or ''."""
    normal = RANGES.get(range_kind(joint), {}).get(motion)
    return f"normal range 0 to {normal.high}" if normal else ""


def _no_motion(joint: str, motion: str, motions: tuple[str, ...]) -> str:
    hint = did_you_mean(motion, motions)
    return (f"the {spoken(joint_base(joint))} has no motion '{motion}'"
            + (hint or f": its motions are {', '.join(motions)}"))


class PropUseSpec(RecordSpec):
    """`{prop, under | behind, side}`: a prop and the body parts that rest or lean on it."""

    def convert(self, node: Node, ctx: Ctx, path: str,
                extra: Mapping[str, Any] | None = None) -> Any:
        values = super().convert(node, ctx, path, extra)
        if values is INVALID or not isinstance(node, Map):
            return INVALID
        given = [key for key, _ in node.pairs if key.value in RELATIONS]
        if len(given) != 1:
            if given:
                return ctx.fail(given[1], f"{path}.{given[1].value}", "give either 'under' or "
                                "'behind', not both: a prop is under body parts or behind them")
            return ctx.fail(node, path, "missing 'under' or 'behind': name the body parts that "
                            "rest on the prop (under) or lean against it (behind)")
        relation, prop = given[0].value, values["prop"]
        allowed = PROPS[prop].relations
        if relation not in allowed:
            return ctx.fail(given[0], f"{path}.{relation}", f"a {prop} cannot go {relation} "
                            f"body parts; use {' or '.join(repr(r) for r in allowed)}")
        return PropUse(prop, "under" if relation == "under" else "behind", values[relation],
                       values.get("side"))

    def json_schema(self) -> dict[str, Any]:
        out = super().json_schema()
        out["anyOf"] = [{"required": [r]} for r in RELATIONS]
        out["not"] = {"required": list(RELATIONS)}
        out["allOf"] = [
            {"if": {"properties": {"prop": {"const": name}}, "required": ["prop"]},
             "then": {"not": {"required": [r]}}}
            for name, kind in PROPS.items() for r in RELATIONS if r not in kind.relations]
        return out


class FigureSpec(RecordSpec):
    """The whole `figure:` mapping; `example` is what `new exercise` offers editors."""

    example = """\
figure:
  # side, front, back, above (for lying down) or three-quarter
  view: side
  # 1 to 4 positions, in order
  frames:
    - label: "Start"
      alt: "Standing tall with both arms raised forwards to shoulder height."
      posture: standing
      # changes from the posture, in whole degrees
      joints:
        right_shoulder: {flexion: 90}
        left_shoulder: {flexion: 90}"""


PART = NameSpec({p: _part_words(p) for p in PARTS}, "body part",
                "A body part that can touch something.")
_PARTS = PartsSpec(PART)


FRAME = RecordSpec(
    {
        "label": Field(LineSpec(40, "A short name for this position, e.g. 'Start' or 'Open "
                                "up'; shown under the picture.", "it sits under a small picture: "
                                "two or three words; the alt text holds the detail"), True),
        "alt": Field(LineSpec(description="What the picture shows, in words, for people who "
                              "cannot see it."), True),
        "posture": Field(NameSpec({n: p.description for n, p in POSTURES.items()}, "posture",
                                  "The starting posture, from the posture library."), True),
        "joints": Field(JointsSpec(JOINTS, "Changes from the posture, in whole degrees from "
                                   "the anatomical position (standing, arms by the sides, palms "
                                   "forward).")),
        "touching": Field(ListSpec(PART, 1, len(PARTS), unique=True,
                                   description="The body parts that rest on the floor (or "
                                   "the chair); replaces the posture's own contacts.")),
        "props": Field(ListSpec(PropUseSpec(
            {"prop": Field(NameSpec({n: k.description for n, k in PROPS.items()}, "prop",
                                    "A prop the figure can draw; it must be in the "
                                    "exercise's equipment."), True),
             "under": Field(PartsSpec(PART, "The body part or parts that rest on the prop.")),
             "behind": Field(PartsSpec(PART, "The body part or parts that lean against the "
                                       "prop.")),
             "side": Field(EnumSpec(SIDES, "Beside the spine on this side (for back parts)."))},
            build=dict, description="A prop: 'under' or 'behind' some body parts."),
            0, 6, description="Props in this position, each under or behind body parts.")),
    },
    build=Frame, description="One position of the exercise.",
)

FIGURE = FigureSpec(
    {
        "view": Field(NameSpec({n: v.description for n, v in VIEWS.items()}, "view",
                               "Where the picture is seen from."), True),
        "arrow": Field(NameSpec(PART.names, "body part", "A body part whose path from one "
                                "position to the next is drawn as an arrow.")),
        "frames": Field(ListSpec(FRAME, 1, MAX_FRAMES, description="The positions, in order: "
                                 f"1 to {MAX_FRAMES}."), True),
    },
    build=Figure,
    description="A line drawing of the exercise, made from the positions described here "
                "(see CONTRIBUTING.md, 'Figures').",
)

# ---------------------------------------------------------------------------- the body's checks

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def locate(root: Node, path: str) -> Node:
    """The node at a dotted path such as 'frames[1].joints.right_knee.flexion' inside `root`, or
    the deepest node on the way when the rest is not written in the file."""
    node = root
    for name, index in _STEP.findall(path):
        child: Node | None = None
        if index and isinstance(node, Seq) and int(index) < len(node.items):
            child = node.items[int(index)]
        elif name and isinstance(node, Map):
            child = node.get(name)
        if child is None:
            break
        node = child
    return node


def check_pose(value: Any, document: Node, ctx: Ctx) -> Any:
    """Check an exercise's figure against the body (ranges, contacts, balance, props); each issue
    becomes a problem on its line. Returns `value`, or INVALID when the figure has issues.

    Also runs for an exercise that failed on other fields, as long as its figure converted, so
    an editor sees every problem in one run."""
    node = document.get("figure") if isinstance(document, Map) else None
    if node is None or not isinstance(document, Map):
        return value
    if isinstance(value, Exercise):
        figure, equipment = value.figure, value.equipment
    else:
        figure = FIGURE.convert(node, Ctx(ctx.path, Problems()), "figure")
        items = document.get("equipment")
        equipment = tuple(i.value for i in items.items if isinstance(i, Scalar)) if isinstance(
            items, Seq) else ()
    if not isinstance(figure, Figure):
        return value
    issues = check_figure(figure, equipment)
    for issue in issues:
        ctx.fail(locate(node, issue.path), f"figure.{issue.path}", issue.message)
    return INVALID if issues else value
