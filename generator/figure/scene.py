"""What a solved frame is: the placed body and props in world coordinates, ready to draw.

The contract between the engine (kinematics, placement, checks) and the drawing. World
coordinates are metres: `y` up with the floor at y = 0; `x` is the direction a standing body
faces; `z` is a standing body's right. Every lying posture lies along the x axis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Vec3 = tuple[float, float, float]
Side = Literal["left", "right", "mid"]


@dataclass(frozen=True, slots=True)
class Capsule:
    """A body segment with volume: the hull of a sphere of radius `ra` at `a` and `rb` at `b`.

    `a == b` is a sphere (a joint, the head). `name` is the segment's name in the body table
    ("right_upper_arm", "thorax", "head"...); `side` tells near limbs from far ones.
    """

    name: str
    side: Side
    a: Vec3
    ra: float
    b: Vec3
    rb: float


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned block of a prop (a chair's seat or leg, a pillow, a wall)."""

    prop: str
    center: Vec3
    size: Vec3  # full extents along x, y, z
    rounded: bool = False  # soft corners (a pillow)


@dataclass(frozen=True, slots=True)
class Ball:
    """A sphere of a prop (a tennis ball)."""

    prop: str
    center: Vec3
    r: float


@dataclass(frozen=True, slots=True)
class Roll:
    """A cylinder of a prop (a rolled towel) from `a` to `b`."""

    prop: str
    a: Vec3
    b: Vec3
    r: float


Solid = Box | Ball | Roll


@dataclass(frozen=True, slots=True)
class Scene:
    """One frame, placed: the body's capsules, the props' solids, and named points.

    `points` holds every joint centre and contact part by name (`right_elbow`, `right_hand`,
    `head`, `pelvis`...), for the movement arrow. `face` is the unit vector the face points
    along, `up` the head's up (crown) direction. `thumbs` gives, for a side ("left",
    "right"), the unit vector its thumb points along from the hand (lateral in the anatomical
    position, turning with the forearm); a side without one is drawn without a thumb.
    """

    capsules: tuple[Capsule, ...]
    solids: tuple[Solid, ...]
    points: dict[str, Vec3]
    face: Vec3
    up: Vec3
    floor: bool = True  # a floor line is drawn (always, today)
    thumbs: dict[str, Vec3] = field(default_factory=dict)
