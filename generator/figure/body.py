"""The human body as data: joints, segments with volume, body parts that touch, and masses.

Lengths are fractions of body height `H` from Drillis & Contini (1966) as tabulated by Winter,
*Biomechanics and Motor Control of Human Movement* (4th ed., 2009), fig. 4.1; segment masses and
centres of mass are Dempster's (1955), from Winter's table 4.1. Left equals right: the left side
is the right side mirrored in z. Coordinates are those of `scene.py` (x forward, y up, z right)
in the anatomical position: standing, arms by the sides, palms forward, feet on the floor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from .scene import Side

H = 1.70  # body height in metres; every length below is a fraction of it
SIDES = ("left", "right")
T = TypeVar("T")


def sided(name: str, side: str) -> str:
    """A table name for one side: '*knee' -> 'left_knee'; names without '*' are unchanged."""
    return name.replace("*", f"{side}_")


def _both_sides(rows: Iterable[T], name: Callable[[T], str],
                make: Callable[[T, str], T]) -> tuple[T, ...]:
    """Table rows with every '*' row written out for the left and then the right side."""
    return tuple(out for row in rows for out in (
        [make(row, side) for side in SIDES] if name(row).startswith("*") else [row]))


@dataclass(frozen=True, slots=True)
class Joint:
    """A point of the skeleton: where it sits on its parent, and how it may move.

    `offset` is from the parent joint in the parent's frame (fractions of H, right side; the
    left side mirrors z). `kind` names the motions it takes (`MOTIONS`); "" for a fixed point.
    """

    name: str
    parent: str | None
    offset: tuple[float, float, float]
    kind: str = ""


# Sided joints are written once, for the right side, with a "*" for "left_"/"right_".
_SKELETON: tuple[Joint, ...] = (
    Joint("pelvis", None, (0.0, 0.530, 0.0)),                 # midway between the hip joints
    Joint("lumbar", "pelvis", (-0.010, 0.045, 0.0), "spine"),  # L5/S1
    Joint("thoracic", "lumbar", (0.0, 0.085, 0.0), "spine"),   # T12/L1
    Joint("neck", "thoracic", (0.005, 0.175, 0.0), "spine"),   # C7/T1
    Joint("skull", "neck", (0.012, 0.055, 0.0)),              # where the head sits on the neck
    Joint("head", "skull", (0.008, 0.040, 0.0)),              # the middle of the head
    Joint("*shoulder", "thoracic", (0.005, 0.158, 0.105), "shoulder"),
    Joint("*elbow", "*shoulder", (0.0, -0.186, 0.0), "elbow"),
    Joint("*wrist", "*elbow", (0.0, -0.146, 0.0), "wrist"),
    Joint("*hand", "*wrist", (0.0, -0.055, 0.0)),             # the middle of the hand
    Joint("*hip", "pelvis", (0.0, 0.0, 0.052), "hip"),
    Joint("*knee", "*hip", (0.0, -0.245, 0.0), "knee"),
    Joint("*ankle", "*knee", (0.0, -0.246, 0.0), "ankle"),
    Joint("*heel", "*ankle", (-0.022, -0.022, 0.0)),
    Joint("*toes", "*ankle", (0.108, -0.027, 0.0)),
)


def _joint(j: Joint, side: str) -> Joint:
    x, y, z = j.offset
    return Joint(sided(j.name, side), sided(j.parent, side) if j.parent else None,
                 (x, y, -z if side == "left" else z), j.kind)


SKELETON = _both_sides(_SKELETON, lambda j: j.name, _joint)  # parents before children
BY_NAME = {j.name: j for j in SKELETON}

# Motion -> (rotation axis of the joint's own frame, sign for the right side). The left side
# flips the sign of rotations about x and y (mirror image in z). A positive angle about an
# axis turns by the right-hand rule; e.g. flexion of the spine turns its top forwards (+x),
# which is a negative turn about z.
_SPINE = {"flexion": ("z", -1), "extension": ("z", 1), "side_bend_right": ("x", 1),
          "side_bend_left": ("x", -1), "rotation_left": ("y", 1), "rotation_right": ("y", -1)}
MOTIONS: dict[str, dict[str, tuple[str, int]]] = {
    "spine": _SPINE,
    "shoulder": {"flexion": ("z", 1), "extension": ("z", -1), "abduction": ("x", -1),
                 "adduction": ("x", 1), "internal_rotation": ("y", 1),
                 "external_rotation": ("y", -1)},
    # The forearm turns about its own length at the elbow; the wrist bends the hand.
    # Extension of the elbow and knee straightens a bent posture back towards 0.
    "elbow": {"flexion": ("z", 1), "extension": ("z", -1), "pronation": ("y", 1),
              "supination": ("y", -1)},
    "wrist": {"flexion": ("z", 1), "extension": ("z", -1)},
    "hip": {"flexion": ("z", 1), "extension": ("z", -1), "abduction": ("x", -1),
            "adduction": ("x", 1), "internal_rotation": ("y", 1), "external_rotation": ("y", -1)},
    "knee": {"flexion": ("z", -1), "extension": ("z", 1)},
    "ankle": {"dorsiflexion": ("z", 1), "plantarflexion": ("z", -1)},
}
# The order in which a joint's turns are applied (as in the ISB joint coordinate systems:
# the flexion plane first, then out of it, then about the segment's own length).
AXIS_ORDER = ("z", "x", "y")

# Editors' joint names -> (skeleton joint, motion kind). The forearm's pronation and
# supination are a joint of their own for editors, though they turn at the elbow.
_EDITOR_JOINTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "neck": ("neck", tuple(_SPINE)),
    "thoracic": ("thoracic", tuple(_SPINE)),
    "lumbar": ("lumbar", tuple(_SPINE)),
    "*shoulder": ("*shoulder", tuple(MOTIONS["shoulder"])),
    "*elbow": ("*elbow", ("flexion", "extension")),
    "*forearm": ("*elbow", ("pronation", "supination")),
    "*wrist": ("*wrist", tuple(MOTIONS["wrist"])),
    "*hip": ("*hip", tuple(MOTIONS["hip"])),
    "*knee": ("*knee", ("flexion", "extension")),
    "*ankle": ("*ankle", tuple(MOTIONS["ankle"])),
}


# Editor's joint name -> (skeleton joint, its motions).
EDITOR_JOINTS: dict[str, tuple[str, tuple[str, ...]]] = dict(_both_sides(
    _EDITOR_JOINTS.items(), lambda row: row[0],
    lambda row, side: (sided(row[0], side), (sided(row[1][0], side), row[1][1]))))
JOINTS: dict[str, tuple[str, ...]] = {k: v[1] for k, v in EDITOR_JOINTS.items()}

# Pairs of motions a joint cannot take at once.
OPPOSITE = {"flexion": "extension", "extension": "flexion", "abduction": "adduction",
            "adduction": "abduction", "internal_rotation": "external_rotation",
            "external_rotation": "internal_rotation", "pronation": "supination",
            "supination": "pronation", "dorsiflexion": "plantarflexion",
            "plantarflexion": "dorsiflexion", "side_bend_left": "side_bend_right",
            "side_bend_right": "side_bend_left", "rotation_left": "rotation_right",
            "rotation_right": "rotation_left"}


@dataclass(frozen=True, slots=True)
class Segment:
    """A drawn segment: a tapered capsule between two skeleton points, with its mass.

    `a` and `b` are skeleton joints; `shift_*` moves each end in the frame of the joint that
    carries it (fractions of H), so a torso's back lies flat while its joints run inside it.
    `mass` is a fraction of body mass (Dempster), `com` the centre of mass from a to b.
    """

    name: str
    a: str
    b: str
    ra: float
    rb: float
    mass: float = 0.0
    com: float = 0.5
    shift_a: tuple[float, float, float] = (0.0, 0.0, 0.0)
    shift_b: tuple[float, float, float] = (0.0, 0.0, 0.0)


_SEGMENTS: tuple[Segment, ...] = (
    # The pelvis is drawn across, hip to hip; the torso up the spine; "shoulders" across the top.
    Segment("pelvis", "left_hip", "right_hip", 0.060, 0.060, 0.142, 0.5,
            (0.004, 0.022, 0.018), (0.004, 0.022, -0.018)),
    Segment("abdomen", "lumbar", "thoracic", 0.056, 0.058, 0.139, 0.5, (0.010, -0.01, 0.0),
            (0.012, 0.0, 0.0)),
    Segment("thorax", "thoracic", "neck", 0.060, 0.052, 0.216, 0.5, (0.014, 0.01, 0.0),
            (0.006, -0.040, 0.0)),
    Segment("shoulders", "left_shoulder", "right_shoulder", 0.036, 0.036, 0.0, 0.5,
            (-0.004, -0.012, 0.018), (-0.004, -0.012, -0.018)),
    Segment("neck", "neck", "skull", 0.026, 0.024, 0.0, 0.5),
    Segment("head", "head", "head", 0.062, 0.062, 0.081, 0.5),
    Segment("*upper_arm", "*shoulder", "*elbow", 0.030, 0.024, 0.028, 0.436),
    Segment("*forearm", "*elbow", "*wrist", 0.023, 0.017, 0.016, 0.430),
    Segment("*hand", "*wrist", "*hand", 0.018, 0.020, 0.006, 0.506, (0.0, 0.0, 0.0),
            (0.0, -0.012, 0.0)),
    Segment("*thigh", "*hip", "*knee", 0.048, 0.032, 0.100, 0.433),
    Segment("*calf", "*knee", "*ankle", 0.031, 0.020, 0.0465, 0.433),
    Segment("*foot", "*heel", "*toes", 0.018, 0.012, 0.0145, 0.5),
)


SEGMENTS = _both_sides(_SEGMENTS, lambda seg: seg.name, lambda seg, side: Segment(
    sided(seg.name, side), sided(seg.a, side), sided(seg.b, side), seg.ra, seg.rb, seg.mass,
    seg.com, seg.shift_a, seg.shift_b))
SEGMENT = {s.name: s for s in SEGMENTS}


def side_of(name: str) -> Side:
    """'left', 'right' or 'mid' for a joint, segment or part name."""
    if name.startswith("left_"):
        return "left"
    return "right" if name.startswith("right_") else "mid"


# Body parts that can touch a surface -> how to measure them: the segments they are made of,
# or a sphere ("@joint", radius) around a joint. A foot touches only when it is flat (both
# its ends touch); any other part touches where it comes closest.
_PARTS: dict[str, tuple[str, ...]] = {
    "head": ("head",),
    "upper_back": ("thorax", "shoulders"),
    "lower_back": ("abdomen",),
    "back": ("thorax", "abdomen"),
    # The front of the trunk, for lying face down (not in the content model's list: added).
    "chest": ("thorax",),
    "belly": ("abdomen",),
    "pelvis": ("pelvis",),
    "*hand": ("*hand",),
    "*forearm": ("*forearm",),
    "*elbow": ("@*elbow",),
    "*shoulder": ("@*shoulder",),
    "*knee": ("@*knee",),
    "*thigh": ("*thigh",),
    "*calf": ("*calf",),
    "*foot": ("*foot",),
    "*heel": ("@*heel",),
    "*toes": ("@*toes",),
}
# Radii of the joint spheres used for parts, fractions of H.
SPHERES = {"elbow": 0.024, "shoulder": 0.036, "knee": 0.032, "heel": 0.018, "toes": 0.012}


PART_PIECES: dict[str, tuple[str, ...]] = dict(_both_sides(
    _PARTS.items(), lambda row: row[0],
    lambda row, side: (sided(row[0], side), tuple(sided(p, side) for p in row[1]))))
PARTS: tuple[str, ...] = tuple(PART_PIECES)
SPINE_PARTS = ("upper_back", "lower_back", "back", "chest", "belly")
