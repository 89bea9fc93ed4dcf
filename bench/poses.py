"""Pose templates for the synthetic corpus: a valid `figure:` for every synthetic exercise.

Each position has a few families of poses (a posture, the angles that change from frame to
frame, the angles chosen once per figure, contacts and props), each angle from a list of values
inside the range the engine accepts for that family. `figure(rng, position, equipment)` picks a
family and its angles with the corpus's seeded generator, so most frames of a large corpus are
distinct poses (the engine places each distinct pose once). A prop appears only when the
exercise's equipment has it. Every combination of every family must pass the engine's checks:
`python -m bench.poses` checks them all with `generator.figure.check_figure` (run it after the
engine's ranges, postures or placement change; the benchmark's `check` fails otherwise).
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal


def _r(low: int, high: int, step: int = 5) -> tuple[int, ...]:
    return tuple(range(low, high + 1, step))


BOTH_SHOULDERS = ("left_shoulder", "right_shoulder")
BOTH_ELBOWS = ("left_elbow", "right_elbow")
BOTH_HIPS = ("left_hip", "right_hip")
BOTH_KNEES = ("left_knee", "right_knee")
BOTH_ANKLES = ("left_ankle", "right_ankle")


@dataclass(frozen=True)
class Angle:
    """One motion, the same on each of `joints`, taking one of `values` (0: not written)."""

    joints: tuple[str, ...]
    motion: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Family:
    """A kind of exercise in one posture: `moving` changes from frame to frame, `fixed` once
    per figure; `alt` is the frames' alt text with `{v}` for the moving angle."""

    name: str
    position: str
    posture: str
    views: tuple[str, ...]
    moving: Angle
    alt: str
    fixed: tuple[Angle, ...] = ()
    arrow: str | None = None
    touching: tuple[str, ...] | None = None
    props: tuple[dict[str, Any], ...] = ()
    needs: str | None = None  # the equipment slug the props need

    def combinations(self) -> int:
        """How many distinct poses the family can make."""
        count = len(self.moving.values)
        for a in self.fixed:
            count *= len(a.values)
        return count


_LYING_VIEWS = ("side", "above", "three-quarter")
_UPRIGHT_VIEWS = ("side", "front", "three-quarter")
_ALL_FOURS_HAND = ("left_hand", "left_knee", "right_knee", "left_toes", "right_toes")
_BALL_LEFT = {"prop": "tennis-ball", "under": "upper_back", "side": "left"}
_BALL_RIGHT = {"prop": "tennis-ball", "under": "upper_back", "side": "right"}

FAMILIES: tuple[Family, ...] = (
    # Standing.
    Family("arms-forward", "standing", "standing", _UPRIGHT_VIEWS,
           Angle(BOTH_SHOULDERS, "flexion", _r(0, 180, 1)),
           "Standing tall, both arms raised forwards to {v} degrees.",
           (Angle(BOTH_ELBOWS, "flexion", _r(0, 40)),), "right_hand"),
    Family("arm-out", "standing", "standing", ("front", "back", "three-quarter"),
           Angle(("right_shoulder",), "abduction", _r(0, 180, 1)),
           "Standing tall, the right arm raised out to the side to {v} degrees.",
           (Angle(("neck",), "rotation_right", _r(0, 40)),), "right_hand"),
    Family("goal-post", "standing", "standing", ("front", "three-quarter"),
           Angle(BOTH_SHOULDERS, "abduction", _r(60, 120, 1)),
           "Standing, elbows bent and arms out like a goal post, raised to {v} degrees.",
           (Angle(BOTH_SHOULDERS, "external_rotation", _r(60, 90)),
            Angle(BOTH_ELBOWS, "flexion", _r(70, 110, 10))), "right_hand"),
    Family("trunk-turn", "standing", "standing", ("front", "above", "three-quarter"),
           Angle(("thoracic",), "rotation_left", _r(0, 40, 1)),
           "Standing, the upper body turned {v} degrees to the left.",
           (Angle(("neck",), "rotation_left", _r(0, 50)),
            Angle(("thoracic",), "side_bend_right", _r(0, 20))), "right_shoulder"),
    Family("forward-bend", "standing", "standing", ("side", "three-quarter"),
           Angle(("thoracic",), "flexion", _r(0, 40, 1)),
           "Standing, the upper back rounded forwards by {v} degrees.",
           (Angle(("neck",), "flexion", _r(0, 30)),
            Angle(BOTH_SHOULDERS, "flexion", _r(0, 90, 15))), "head"),
    Family("wall-slide", "standing", "standing", ("side", "three-quarter"),
           Angle(BOTH_SHOULDERS, "abduction", _r(60, 120, 1)),
           "Standing with the back against a wall, arms like a goal post at {v} degrees.",
           (Angle(BOTH_SHOULDERS, "external_rotation", _r(60, 90)),
            Angle(BOTH_ELBOWS, "flexion", _r(70, 110, 10))), "right_hand",
           props=({"prop": "wall", "behind": ["upper_back", "pelvis"]},), needs="wall"),
    # Sitting (the posture brings its chair).
    Family("seated-reach", "sitting", "sitting", _UPRIGHT_VIEWS,
           Angle(BOTH_SHOULDERS, "flexion", _r(0, 110, 1)),
           "Sitting tall on a chair, both arms raised forwards by {v} degrees.",
           (Angle(BOTH_ELBOWS, "flexion", _r(0, 40)),), "right_hand"),
    Family("seated-turn", "sitting", "sitting", ("front", "above", "three-quarter"),
           Angle(("thoracic",), "rotation_left", _r(0, 20, 1)),
           "Sitting on a chair, the upper body turned {v} degrees to the left.",
           (Angle(("thoracic",), "flexion", _r(0, 20)),
            Angle(("neck",), "rotation_left", _r(0, 40))), "right_shoulder"),
    Family("seated-slump", "sitting", "sitting", ("side", "three-quarter"),
           Angle(("thoracic",), "flexion", _r(0, 25, 1)),
           "Sitting on a chair, the upper back rounded forwards by {v} degrees.",
           (Angle(("neck",), "flexion", _r(0, 30, 2)),
            Angle(BOTH_SHOULDERS, "flexion", _r(0, 60, 10))), "head"),
    Family("seated-towel", "sitting", "sitting", ("side", "three-quarter"),
           Angle(BOTH_SHOULDERS, "flexion", _r(0, 90, 1)),
           "Sitting against a rolled towel behind the upper back, both arms raised forwards by "
           "{v} degrees.", (Angle(("neck",), "extension", _r(0, 10, 2)),), "right_hand",
           props=({"prop": "towel", "behind": "upper_back"},), needs="towel"),
    Family("seated-chair-back", "sitting", "sitting", ("side", "three-quarter"),
           Angle(BOTH_SHOULDERS, "flexion", _r(0, 110, 1)),
           "Sitting back against the chair, both arms raised forwards by {v} degrees.",
           (Angle(("neck",), "rotation_right", _r(0, 40)),), "right_hand",
           props=({"prop": "chair", "behind": "upper_back"},), needs="chair"),
    # Lying down.
    Family("back-arms-up", "lying-down", "lying-on-back", _LYING_VIEWS,
           Angle(BOTH_SHOULDERS, "abduction", _r(0, 180, 1)),
           "Lying on the back, both arms out on the floor at {v} degrees.",
           (Angle(("neck",), "rotation_left", _r(0, 40)),), "right_hand"),
    Family("back-leg-raise", "lying-down", "lying-on-back", ("side", "three-quarter"),
           Angle(("right_hip",), "flexion", _r(40, 90, 1)),
           "Lying on the back, the right leg raised to {v} degrees.",
           (Angle(("right_knee",), "flexion", _r(0, 30, 2)),), "right_heel",
           touching=("head", "upper_back", "pelvis", "left_heel")),
    Family("knees-bent-arms", "lying-down", "lying-on-back-knees-bent", _LYING_VIEWS,
           Angle(BOTH_SHOULDERS, "flexion", _r(0, 150, 1)),
           "Lying on the back, knees bent, both arms raised by {v} degrees.",
           (Angle(BOTH_ELBOWS, "flexion", _r(0, 60, 10)),), "right_hand"),
    Family("face-down-arms", "lying-down", "lying-face-down", _LYING_VIEWS,
           Angle(BOTH_SHOULDERS, "abduction", _r(0, 180, 1)),
           "Lying face down, both arms out on the floor at {v} degrees.",
           (Angle(("neck",), "extension", _r(0, 30)),), "right_hand"),
    Family("elbows-look", "lying-down", "leaning-back-on-elbows", ("side", "three-quarter"),
           Angle(("neck",), "rotation_left", _r(0, 40, 1)),
           "Leaning back on both elbows, knees bent, looking {v} degrees to the left.",
           (Angle(("neck",), "flexion", _r(0, 30, 2)),), "head"),
    Family("legs-on-chair", "lying-down", "lying-on-back-legs-on-chair", _LYING_VIEWS,
           Angle(BOTH_SHOULDERS, "flexion", _r(50, 180, 1)),
           "Lying on the back with the legs on a chair, both arms raised by {v} degrees.",
           (Angle(("neck",), "rotation_left", _r(0, 40, 5)),), "right_hand"),
    Family("ball-arms", "lying-down", "lying-on-back-knees-bent", _LYING_VIEWS,
           Angle(BOTH_SHOULDERS, "flexion", _r(0, 90, 2)),
           "Lying with knees bent on a tennis ball beside the spine, arms raised by {v} "
           "degrees.",
           (Angle(BOTH_HIPS, "flexion", _r(12, 16, 1)), Angle(BOTH_KNEES, "flexion", _r(6, 12, 2)),
            Angle(BOTH_ANKLES, "dorsiflexion", _r(0, 5))), "right_hand",
           touching=("pelvis", "left_foot", "right_foot"), props=(_BALL_LEFT,),
           needs="tennis-ball"),
    Family("two-balls", "lying-down", "lying-on-back-knees-bent", _LYING_VIEWS,
           Angle(BOTH_SHOULDERS, "flexion", _r(0, 90, 2)),
           "Lying with knees bent on two tennis balls either side of the spine, arms raised "
           "by {v} degrees.",
           (Angle(BOTH_HIPS, "flexion", _r(12, 14, 1)), Angle(BOTH_KNEES, "flexion", _r(4, 10, 2))),
           "right_hand", touching=("pelvis", "left_foot", "right_foot"),
           props=(_BALL_LEFT, _BALL_RIGHT), needs="tennis-ball"),
    Family("face-down-pillow", "lying-down", "lying-face-down", _LYING_VIEWS,
           Angle(BOTH_SHOULDERS, "abduction", _r(150, 180, 1)),
           "Lying face down, arms overhead at {v} degrees, hands resting on a pillow.",
           (Angle(("neck",), "extension", _r(0, 20, 5)),), "right_hand",
           props=({"prop": "pillow", "under": ["left_hand", "right_hand"]},), needs="pillow"),
    # On all fours.
    Family("all-fours-head", "all-fours", "all-fours", ("side", "front", "three-quarter"),
           Angle(("neck",), "flexion", _r(0, 40, 1)),
           "On hands and knees, back level, head lowered by {v} degrees.",
           (Angle(("neck",), "rotation_left", _r(0, 40, 2)),), "head"),
    Family("thread-open", "all-fours", "all-fours", ("front", "three-quarter", "back"),
           Angle(("right_shoulder",), "abduction", _r(0, 120, 1)),
           "On hands and knees, the right arm opened up towards the ceiling to {v} degrees.",
           (Angle(("thoracic",), "rotation_right", _r(0, 35)),), "right_hand",
           touching=_ALL_FOURS_HAND),
    Family("leg-back", "all-fours", "all-fours", ("side", "three-quarter"),
           Angle(("right_hip",), "extension", _r(20, 30, 1)),
           "On hands and knees, the right leg reaching back to {v} degrees.",
           (Angle(("neck",), "flexion", _r(0, 20, 2)),
            Angle(("right_knee",), "flexion", _r(0, 25, 5))), "right_knee",
           touching=("left_hand", "right_hand", "left_knee", "left_toes")),
    Family("cat", "all-fours", "all-fours", ("side", "three-quarter"),
           Angle(("thoracic",), "flexion", _r(0, 8, 1)),
           "On hands and knees, the upper back rounded up by {v} degrees.",
           (Angle(BOTH_SHOULDERS, "extension", _r(0, 20, 1)),
            Angle(("neck",), "flexion", _r(0, 30, 5))), "upper_back"),
)

BY_POSITION: dict[str, tuple[Family, ...]] = {}
for _f in FAMILIES:
    BY_POSITION[_f.position] = (*BY_POSITION.get(_f.position, ()), _f)

_LABELS = {1: (("Hold",), ("Position",), ("The stretch",)),
           2: (("Start", "End"), ("Start", "Stretch"), ("Before", "After")),
           3: (("Start", "Halfway", "End"), ("Start", "Move", "Hold"), ("One", "Two", "Three"))}
FRAME_COUNTS = (1, 2, 2, 2, 3, 3)
PROP_CHANCE = 0.7  # when the equipment allows a prop family, how often one is chosen


def joints_of(family: Family, fixed: Sequence[int], value: int) -> dict[str, dict[str, int]]:
    """The frame's `joints:` mapping (joint -> motion -> degrees), zero angles left out."""
    out: dict[str, dict[str, int]] = {}
    for angle, degrees in ((family.moving, value), *zip(family.fixed, fixed, strict=True)):
        if degrees:
            for joint in angle.joints:
                out.setdefault(joint, {})[angle.motion] = degrees
    return out


def frame_of(family: Family, fixed: Sequence[int], value: int, label: str) -> dict[str, Any]:
    """One frame as the YAML mapping an editor writes."""
    frame: dict[str, Any] = {"label": label, "alt": family.alt.format(v=value),
                             "posture": family.posture}
    joints = joints_of(family, fixed, value)
    if joints:
        frame["joints"] = joints
    if family.touching is not None:
        frame["touching"] = list(family.touching)
    if family.props:
        frame["props"] = [dict(p) for p in family.props]
    return frame


def choose(rng: random.Random, position: str, equipment: Sequence[str]) -> Family:
    """A family for the position; one with props only when the equipment has them."""
    families = BY_POSITION[position]
    with_props = [f for f in families if f.needs is not None and f.needs in equipment]
    if with_props and rng.random() < PROP_CHANCE:
        return rng.choice(with_props)
    return rng.choice([f for f in families if f.needs is None])


def figure(rng: random.Random, position: str, equipment: Sequence[str]) -> dict[str, Any]:
    """A `figure:` mapping of 1 to 3 frames for an exercise in `position`."""
    family = choose(rng, position, equipment)
    count = rng.choice(FRAME_COUNTS)
    fixed = [rng.choice(a.values) for a in family.fixed]
    values = sorted(rng.sample(family.moving.values, count))
    if rng.random() < 0.3:
        values.reverse()  # some movements are drawn returning
    labels = rng.choice(_LABELS[count])
    doc: dict[str, Any] = {"view": rng.choice(family.views)}
    if count > 1 and family.arrow:
        doc["arrow"] = family.arrow
    doc["frames"] = [frame_of(family, fixed, v, label) for v, label in zip(values, labels, strict=True)]
    return doc


def variations(family: Family) -> Iterator[tuple[tuple[int, ...], int]]:
    """Every (fixed angles, moving angle) the family can produce."""
    for fixed in itertools.product(*(a.values for a in family.fixed)):
        for value in family.moving.values:
            yield fixed, value


def pose_key(frame: dict[str, Any]) -> tuple[object, ...]:
    """What the engine memoises a frame by (posture, joints, contacts, props), from its YAML."""
    joints = tuple((j, m, d) for j, motions in frame.get("joints", {}).items()
                   for m, d in motions.items())
    touching = tuple(frame["touching"]) if "touching" in frame else None
    props = tuple(tuple(sorted((k, str(v)) for k, v in p.items())) for p in frame.get("props", ()))
    return (frame["posture"], joints, touching, props)


def _prop_use(entry: dict[str, Any]) -> Any:
    """A prop entry as the model's PropUse (what validation makes of the YAML)."""
    from generator.model import PropUse

    relation: Literal["under", "behind"] = "under" if "under" in entry else "behind"
    parts = entry[relation]
    return PropUse(entry["prop"], relation, (parts,) if isinstance(parts, str) else tuple(parts),
                   entry.get("side"))


def verify(families: Sequence[Family]) -> list[str]:
    """Check every variation of every family with the engine; one line per failing pose."""
    from generator.figure import check_figure
    from generator.model import Figure, Frame
    from generator.text import parse_inline

    line = parse_inline("x")[0]
    failures: list[str] = []
    for family in families:
        props = tuple(_prop_use(p) for p in family.props)
        equipment = (family.needs,) if family.needs else ()
        for fixed, value in variations(family):
            joints = tuple((j, m, d) for j, motions in joints_of(family, fixed, value).items()
                           for m, d in motions.items())
            frame = Frame(line, line, family.posture, joints, family.touching, props)
            for issue in check_figure(Figure(family.views[0], (frame,)), equipment):
                angles = ", ".join(f"{a.joints[-1]}.{a.motion}={v}" for a, v in zip(
                    (family.moving, *family.fixed), (value, *fixed), strict=True))
                failures.append(f"{family.name} {angles}: {issue.path}: {issue.message}")
    return failures


def main(argv: Sequence[str] | None = None) -> int:
    """Check every pose the corpus can write; exit 1 when one fails the engine's checks."""
    p = argparse.ArgumentParser(prog="python -m bench.poses", description=main.__doc__)
    p.add_argument("--family", action="append", help="only this family (repeatable)")
    p.add_argument("--limit", type=int, default=20, help="failures printed per family")
    args = p.parse_args(argv)
    families = [f for f in FAMILIES if not args.family or f.name in args.family]
    failed = 0
    for family in families:
        start = time.perf_counter()
        failures = verify([family])
        ms = (time.perf_counter() - start) * 1000
        total = family.combinations()
        print(f"{family.name:<20} {total - len(failures):>5}/{total:<5} poses pass  "
              f"({ms / total:.2f} ms each)")
        for text in failures[:args.limit]:
            print("    " + text)
        failed += len(failures)
    print(f"{sum(f.combinations() for f in families)} poses, {failed} failing")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
