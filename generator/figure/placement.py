"""Placement: move and tilt the posed body onto what it rests on, and place the props.

Editors never give coordinates. The body is lowered and tilted (a least-squares fit of three
numbers: height, pitch and roll) until the parts resting on fixed-height surfaces (the floor,
a tennis ball, a towel, a pillow) touch them; then the surfaces that adapt to the body are put
where it needs them (a chair seat within the height of ordinary chairs, a wall or a chair
back behind the parts leaning on it). How far each contact still is from its surface is
left for `checks` to judge.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Frame
from .body import PART_PIECES, SPHERES, SPINE_PARTS, H
from .fit import bottom, moved, robust_fit, transform
from .kinematics import Skeleton, apply, capsules, forward, mul, rotation, sphere, turns_for
from .postures import POSTURES
from .props import (
    BACK_REST,
    BESIDE_SPINE,
    PROPS,
    SEAT_DEPTH,
    SEAT_HIGH,
    SEAT_LOW,
    SEAT_WIDTH,
    WALL_HEIGHT,
    WALL_WIDTH,
)
from .scene import Ball, Box, Capsule, Roll, Solid, Vec3

SURFACE_NAMES = {"tennis-ball": "tennis ball", "chair": "chair seat", "towel": "towel",
                 "pillow": "pillow", "wall": "wall"}


@dataclass(frozen=True, slots=True)
class Contact:
    """A body part resting on (or, `vertical`, leaning on) a surface, and how far from it it is
    after placement (metres; negative: sunk into it). `source` is where the frame asks for it:
    "touching[2]", "props[0]" or "posture"."""

    part: str
    surface: str
    vertical: bool
    source: str
    gap: float = 0.0


@dataclass(frozen=True)
class Placed:
    """A frame after placement: the body, the props, the contacts and the facing direction."""

    capsules: tuple[Capsule, ...]
    skeleton: Skeleton
    solids: tuple[Solid, ...]
    contacts: tuple[Contact, ...]
    forward: Vec3  # the pelvis' front, horizontal, as a unit vector along x or z
    walls: tuple[tuple[str, float], ...]  # (surface name, plane offset along `forward`)

    def part(self, name: str) -> list[Capsule]:
        """The capsules (or joint spheres) a body part is made of."""
        return [sphere(self.skeleton, p[1:]) if p.startswith("@") else self.named[p]
                for p in PART_PIECES[name]]

    @functools.cached_property
    def named(self) -> dict[str, Capsule]:
        """The capsules by segment name."""
        return {c.name: c for c in self.capsules}


def pose_angles(frame: Frame) -> dict[tuple[str, str], int]:
    """The posture's joint angles plus the frame's changes, by (joint, motion)."""
    angles: dict[tuple[str, str], int] = {}
    for joint, motions in POSTURES[frame.posture].joints.items():
        for motion, degrees in motions.items():
            angles[(joint, motion)] = degrees
    for joint, motion, degrees in frame.joints:
        angles[(joint, motion)] = angles.get((joint, motion), 0) + degrees
    return angles


def rear(c: Capsule, f: Vec3) -> float:
    """How far forward (along `f`) a capsule's rearmost point is."""
    return min(_dot(c.a, f) - c.ra, _dot(c.b, f) - c.rb)


def _dot(a: Vec3, b: Vec3) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _mid(c: Capsule) -> Vec3:
    return ((c.a[0] + c.b[0]) / 2, (c.a[1] + c.b[1]) / 2, (c.a[2] + c.b[2]) / 2)


def place(frame: Frame) -> Placed:
    """Pose the body for `frame`, rest it on its supports and place its props."""
    posture = POSTURES[frame.posture]
    skel = forward(turns_for(pose_angles(frame)), rotation("z", posture.pitch))
    body = Placed(capsules(skel), skel, (), (), (1.0, 0.0, 0.0), ())
    resting = frame.touching if frame.touching is not None else posture.contacts
    claimed = {p for use in frame.props for p in use.parts}
    contacts: list[Contact] = []
    for i, part in enumerate(resting):
        if part in claimed:
            continue  # a prop under (or behind) it says what it rests on
        source = f"touching[{i}]" if frame.touching is not None else "posture"
        seat = (posture.chair in ("seat", "front") and part == "pelvis") or (
            posture.chair == "calves" and part in ("left_calf", "right_calf"))
        contacts.append(Contact(part, "chair seat" if seat else "floor", False, source))
    for j, use in enumerate(frame.props):
        for part in use.parts:
            surface = SURFACE_NAMES[use.prop]
            if use.prop == "chair" and use.relation == "behind":
                surface = "chair back"
            contacts.append(Contact(part, surface, use.relation == "behind", f"props[{j}]"))

    # 1. Rest the body on the fixed-height surfaces.
    heights = {"floor": 0.0, "tennis ball": PROPS["tennis-ball"].height,
               "towel": PROPS["towel"].height, "pillow": PROPS["pillow"].height}
    sides = {p: u.side for u in frame.props for p in u.parts if u.side}
    targets = []
    for c in contacts:
        if c.vertical or c.surface not in heights:
            continue
        caps = body.part(c.part)
        height = heights[c.surface]
        if c.part in sides and c.surface in ("tennis ball", "towel"):
            r = caps[0].ra  # beside the spine the back curves up away from the ball
            height -= r - math.sqrt(max(r * r - BESIDE_SPINE ** 2, 0.0))
        targets.append((caps, height, c.part.endswith("_foot")))
    if not targets:  # nothing fixed under it (sitting with the feet up): the seat holds it
        targets = [(body.part(c.part), (SEAT_LOW + SEAT_HIGH) / 2, False)
                   for c in contacts if c.surface == "chair seat"]
    pivot = skel[0]["pelvis"]
    dy, tilt = robust_fit(targets, pivot) if targets else (0.0, rotation("z", 0.0))
    move = transform(pivot, dy, tilt)
    skel = ({k: move(v) for k, v in skel[0].items()}, {k: mul(tilt, v) for k, v in skel[1].items()})
    placed = Placed(tuple(moved(c, move) for c in body.capsules), skel, (), (), (1.0, 0.0, 0.0),
                    ())
    return _with_props(placed, frame, contacts)


def _with_props(body: Placed, frame: Frame, contacts: list[Contact]) -> Placed:
    """Place the props and the posture's chair around the rested body; measure every contact."""
    pos, frames = body.skeleton
    front = apply(frames["pelvis"], (1.0, 0.0, 0.0))
    if abs(front[1]) > 0.7:  # lying: the front faces the ceiling or the floor; go head to feet
        front = apply(frames["pelvis"], (0.0, -1.0, 0.0))
    along_x = abs(front[0]) >= abs(front[2])
    f: Vec3 = (math.copysign(1.0, front[0]), 0.0, 0.0) if along_x else (
        0.0, 0.0, math.copysign(1.0, front[2]))
    lateral = apply(frames["pelvis"], (0.0, 0.0, 1.0))  # towards the body's right
    solids: list[Solid] = []
    walls: list[tuple[str, float]] = []

    def centre(parts: Sequence[str], side: str | None) -> Vec3:
        mids = [_mid(body.part(p)[0]) for p in parts]
        x, y, z = (sum(m[k] for m in mids) / len(mids) for k in range(3))
        if side and any(p in SPINE_PARTS for p in parts):
            s = BESIDE_SPINE if side == "right" else -BESIDE_SPINE
            x, y, z = x + lateral[0] * s, y + lateral[1] * s, z + lateral[2] * s
        return (x, y, z)

    def chair(top: float, middle: Vec3, back: int, beyond: float = -math.inf) -> None:
        """A chair with its seat top at `top`, centred at `middle`, back rest towards `back`
        (and no nearer than `beyond` along `back`: a chair deep enough for the feet)."""
        seat_top = max(SEAT_LOW, min(SEAT_HIGH, top))
        d = (SEAT_DEPTH, 0.04, SEAT_WIDTH) if along_x else (SEAT_WIDTH, 0.04, SEAT_DEPTH)
        cx, cz = middle[0], middle[2]
        solids.append(Box("chair", (cx, seat_top - 0.02, cz), d))
        for sx in (-1, 1):
            for sz in (-1, 1):
                lx, lz = cx + sx * (d[0] / 2 - 0.03), cz + sz * (d[2] / 2 - 0.03)
                solids.append(Box("chair", (lx, (seat_top - 0.04) / 2, lz),
                                  (0.03, seat_top - 0.04, 0.03)))
        edge = max((d[0] if along_x else d[2]) / 2 + 0.015,
                   beyond - back * _dot(middle, (1.0, 0.0, 0.0) if along_x else (0.0, 0.0, 1.0)))
        off = back * edge
        rest = (cx + off, seat_top + BACK_REST / 2, cz) if along_x else (
            cx, seat_top + BACK_REST / 2, cz + off)
        solids.append(Box("chair", rest, (0.03, BACK_REST, d[2]) if along_x
                          else (d[0], BACK_REST, 0.03)))
        seats.append(seat_top)

    def feet(back: int) -> float:
        """How far the feet reach towards a chair's back rest (along its axis, times `back`)."""
        axis = (1.0, 0.0, 0.0) if along_x else (0.0, 0.0, 1.0)
        return max(back * _dot(end, axis) + r + 0.005 for p in ("left_foot", "right_foot")
                   for c in body.part(p) for end, r in ((c.a, c.ra), (c.b, c.rb)))

    seats: list[float] = []
    posture = POSTURES[frame.posture]
    seat_parts = [c.part for c in contacts if c.surface == "chair seat"]
    pelvis_rear = rear(body.part("pelvis")[0], f)
    behind_rear = min((rear(cap, f) for u in frame.props if u.relation == "behind"
                       and u.prop in ("towel", "chair") for p in u.parts for cap in body.part(p)),
                      default=pelvis_rear)
    for use in frame.props:
        if use.relation == "under" and use.prop == "tennis-ball":
            m = centre(use.parts, use.side)
            solids.append(Ball("tennis-ball", (m[0], 0.0335, m[2]), 0.0335))
        elif use.relation == "under" and use.prop == "towel":
            m = centre(use.parts, use.side)
            half = tuple(lateral[k] * 0.20 for k in range(3))
            solids.append(Roll("towel", (m[0] - half[0], 0.04, m[2] - half[2]),
                               (m[0] + half[0], 0.04, m[2] + half[2]), 0.04))
        elif use.relation == "under" and use.prop == "pillow":
            m = centre(use.parts, use.side)
            k = PROPS["pillow"]
            # Its long side across the body, as a pillow lies under arms or calves.
            size = (k.width, k.height, k.length) if along_x else (k.length, k.height, k.width)
            solids.append(Box("pillow", (m[0], k.height / 2, m[2]), size, rounded=True))
        elif use.relation == "behind" and use.prop == "towel":
            m = centre(use.parts, None)
            walls.append(("towel", behind_rear))
            back = behind_rear - 0.04
            cx, cz = (f[0] * back, m[2]) if along_x else (m[0], f[2] * back)
            solids.append(Roll("towel", (cx - lateral[0] * 0.2, m[1], cz - lateral[2] * 0.2),
                               (cx + lateral[0] * 0.2, m[1], cz + lateral[2] * 0.2), 0.04))
            behind_rear = back - 0.04
        elif use.relation == "behind" and use.prop == "wall":
            plane = min(rear(cap, f) for p in use.parts for cap in body.part(p))
            walls.append(("wall", plane))
            p = pos["pelvis"]
            c = (f[0] * (plane - 0.04), WALL_HEIGHT / 2, p[2]) if along_x else (
                p[0], WALL_HEIGHT / 2, f[2] * (plane - 0.04))
            solids.append(Box("wall", c, (0.08, WALL_HEIGHT, WALL_WIDTH) if along_x
                              else (WALL_WIDTH, WALL_HEIGHT, 0.08)))
        elif use.relation == "under" and use.prop == "chair":
            seat_parts += list(use.parts)
            m = centre(use.parts, None)
            top = sum(min(bottom(c) for c in body.part(p)) for p in use.parts) / len(use.parts)
            away = 1 if _dot(m, f) > _dot(pos["pelvis"], f) else -1
            chair(top, _clear_of_thighs(m, pos, f, away), away, feet(away))
    if posture.chair in ("seat", "front"):
        top = min(bottom(c) for c in body.part("pelvis"))
        middle = pos["pelvis"]
        # The back rest's front face: just behind the seat, or a hand's breadth further back
        # when sitting on the front of the seat (room to clasp the hands behind the back).
        rest_at = min(pelvis_rear, behind_rear) - (0.015 if posture.chair == "seat" else 0.16)
        depth = SEAT_DEPTH / 2
        m = (f[0] * (rest_at + depth) if along_x else middle[0], 0.0,
             f[2] * (rest_at + depth) if not along_x else middle[2])
        chair(top, m, -1)
        walls.append(("chair back", rest_at))
    elif posture.chair == "calves":
        calves = [p for p in ("left_calf", "right_calf")]
        m = centre(calves, None)
        top = sum(min(bottom(c) for c in body.part(p)) for p in calves) / 2
        away = 1 if _dot(m, f) > _dot(pos["pelvis"], f) else -1
        chair(top, _clear_of_thighs(m, pos, f, away), away, feet(away))
    measured = tuple(_measure(body, c, solids, walls, seats, f) for c in contacts)
    return Placed(body.capsules, body.skeleton, tuple(solids), measured, f, tuple(walls))


def _clear_of_thighs(m: Vec3, pos: dict[str, Vec3], f: Vec3, away: int) -> Vec3:
    """A seat under the calves starts just past the knees, clear of the thighs."""
    knee = max(_dot(pos[k], f) * away for k in ("left_knee", "right_knee")) * away
    along = knee + away * (SEAT_DEPTH / 2 + SPHERES["knee"] * H + 0.01)
    return (f[0] * along if f[0] else m[0], m[1], f[2] * along if f[2] else m[2])


def _measure(body: Placed, c: Contact, solids: Sequence[Solid],
             walls: Sequence[tuple[str, float]], seats: Sequence[float], f: Vec3) -> Contact:
    """The contact with its gap: how far the part is from its surface."""
    caps = body.part(c.part)
    if c.vertical:
        plane = next((d for name, d in walls if name == c.surface), None)
        if plane is None:
            return Contact(c.part, c.surface, c.vertical, c.source, math.inf)
        gap = min(rear(cap, f) for cap in caps) - plane
    elif c.surface in ("tennis ball", "towel"):
        gap = min((gap_to(cap, s) for cap in caps for s in solids
                   if isinstance(s, (Ball, Roll)) and SURFACE_NAMES[s.prop] == c.surface),
                  default=math.inf)
    else:
        height = {"floor": 0.0, "pillow": PROPS["pillow"].height}.get(
            c.surface, max(seats, default=SEAT_HIGH))
        if c.part.endswith("_foot"):
            gap = max(max(cap.a[1] - cap.ra, cap.b[1] - cap.rb) for cap in caps) - height
        else:
            gap = min(bottom(cap) for cap in caps) - height
    return Contact(c.part, c.surface, c.vertical, c.source, gap)


def _segment_distance(p: Vec3, a: Vec3, b: Vec3) -> tuple[float, float]:
    """Distance from p to the segment ab, and where along it (0 at a, 1 at b)."""
    ab = (b[0] - a[0], b[1] - a[1], b[2] - a[2])
    ap = (p[0] - a[0], p[1] - a[1], p[2] - a[2])
    n = _dot(ab, ab)
    t = 0.0 if n == 0 else max(0.0, min(1.0, _dot(ap, ab) / n))
    q = (a[0] + ab[0] * t - p[0], a[1] + ab[1] * t - p[1], a[2] + ab[2] * t - p[2])
    return math.sqrt(_dot(q, q)), t


def gap_to(cap: Capsule, solid: Ball | Roll) -> float:
    """The gap between a body capsule and a ball or a roll (negative: overlapping)."""
    if isinstance(solid, Ball):
        d, t = _segment_distance(solid.center, cap.a, cap.b)
        return d - (cap.ra + (cap.rb - cap.ra) * t) - solid.r
    # A roll: sample along it (it is short and straight).
    best = math.inf
    for k in range(5):
        s = k / 4
        p = tuple(solid.a[i] + (solid.b[i] - solid.a[i]) * s for i in range(3))
        d, t = _segment_distance((p[0], p[1], p[2]), cap.a, cap.b)
        best = min(best, d - (cap.ra + (cap.rb - cap.ra) * t) - solid.r)
    return best
