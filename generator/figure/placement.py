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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Frame
from .body import PART_PIECES, SPINE_PARTS, H
from .kinematics import Mat, Skeleton, apply, capsules, forward, mul, rotation, sphere, turns_for
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


def bottom(c: Capsule) -> float:
    """The lowest height a capsule reaches."""
    return min(c.a[1] - c.ra, c.b[1] - c.rb)


def rear(c: Capsule, f: Vec3) -> float:
    """How far forward (along `f`) a capsule's rearmost point is."""
    return min(_dot(c.a, f) - c.ra, _dot(c.b, f) - c.rb)


def _dot(a: Vec3, b: Vec3) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _mid(c: Capsule) -> Vec3:
    return ((c.a[0] + c.b[0]) / 2, (c.a[1] + c.b[1]) / 2, (c.a[2] + c.b[2]) / 2)


def _transform(pivot: Vec3, dy: float, m: Mat) -> Callable[[Vec3], Vec3]:
    def move(p: Vec3) -> Vec3:
        q = apply(m, (p[0] - pivot[0], p[1] - pivot[1], p[2] - pivot[2]))
        return (q[0] + pivot[0], q[1] + pivot[1] + dy, q[2] + pivot[2])
    return move


def _moved(c: Capsule, move: Callable[[Vec3], Vec3]) -> Capsule:
    return Capsule(c.name, c.side, move(c.a), c.ra, move(c.b), c.rb)


def _tilt(pitch: float, roll: float) -> Mat:
    return mul(rotation("x", math.degrees(roll)), rotation("z", math.degrees(pitch)))


Target = tuple[list[Capsule], float, bool]


def _fit(targets: Sequence[Target], pivot: Vec3) -> tuple[float, Mat, float]:
    """Height and tilt that bring each target's capsules down onto its height (least squares).

    A target is (capsules, height, flat): `flat` asks both ends of the capsule to touch (a
    foot); otherwise its lowest point should. Tilt is kept small unless contacts need it.
    Returns the height change, the tilt, and the largest distance left between a target and
    its height.
    """
    # Only heights matter, so each end is kept relative to the pivot and only the second row
    # of the tilt is applied (a third of the work of moving whole capsules).
    ends = [([(c.a[0] - pivot[0], c.a[1] - pivot[1], c.a[2] - pivot[2], c.ra) for c in caps]
             + [(c.b[0] - pivot[0], c.b[1] - pivot[1], c.b[2] - pivot[2], c.rb) for c in caps],
             height - pivot[1], flat) for caps, height, flat in targets]

    def residuals(p: tuple[float, float, float]) -> list[float]:
        cp, sp, cr, sr = math.cos(p[1]), math.sin(p[1]), math.cos(p[2]), math.sin(p[2])
        # Row y of rotation_x(roll) @ rotation_z(pitch).
        m3, m4, m5 = cr * sp, cr * cp, -sr
        out = []
        for points, height, flat in ends:
            lows = [m3 * x + m4 * y + m5 * z - r + p[0] - height for x, y, z, r in points]
            if flat:
                out += lows
            else:
                out.append(min(lows))
        # Prefer the posture's own tilt where the contacts leave it free.
        return [*out, 0.02 * (p[1] - pitch), 0.02 * p[2]]

    # Start level with the first flat part (a foot): bending at the hips of a standing body
    # turns the legs, which hang from the pelvis, so the whole body must turn to stand again.
    flat = next((c[0] for c, _, f in targets if f), None)
    pitch = 0.0 if flat is None else -math.atan2(flat.b[1] - flat.a[1],
                                                 math.hypot(flat.b[0] - flat.a[0],
                                                            flat.b[2] - flat.a[2]))
    if flat is not None and flat.b[0] < flat.a[0]:
        pitch = -pitch  # the foot points along -x
    p = (0.0, pitch, 0.0)
    for _ in range(8):
        r = residuals(p)
        cols = []
        for k in range(3):
            q = list(p)
            q[k] += 1e-4
            cols.append([(a - b) / 1e-4 for a, b in zip(residuals((q[0], q[1], q[2])), r,
                                                         strict=True)])
        step = _solve3([[sum(cols[i][n] * cols[j][n] for n in range(len(r))) + (1e-6 if i == j
                                                                               else 0.0)
                         for j in range(3)] for i in range(3)],
                       [-sum(cols[i][n] * r[n] for n in range(len(r))) for i in range(3)])
        limit = math.radians(20)  # per step: the fit is not linear in the angles
        p = (p[0] + step[0], p[1] + max(-limit, min(limit, step[1])),
             p[2] + max(-limit, min(limit, step[2])))
        if abs(step[0]) < 1e-5 and abs(step[1]) < 1e-5 and abs(step[2]) < 1e-5:
            break
    return p[0], _tilt(p[1], p[2]), max(abs(v) for v in residuals(p)[:-2])


def _robust_fit(targets: Sequence[Target], pivot: Vec3) -> tuple[float, Mat]:
    """The fit on the largest set of targets that can all be met: a contact that cannot reach
    its surface is left hanging (and reported by the checks) instead of tilting the whole
    body to share its error with the contacts that are right. A left-out contact may hang
    above its surface but not sink into it."""
    dy, tilt, worst = _fit(targets, pivot)
    kept = list(range(len(targets)))
    tol = tolerance()
    while worst > tol and len(kept) > 1:
        trials = []
        for k in kept:
            rest = [i for i in kept if i != k]
            t_dy, t_tilt, t_worst = _fit([targets[i] for i in rest], pivot)
            move = _transform(pivot, t_dy, t_tilt)
            lowest = min(bottom(_moved(c, move)) - targets[i][1]
                         for i in range(len(targets)) if i not in rest for c in targets[i][0])
            if lowest >= -tol:
                trials.append((t_worst, k, t_dy, t_tilt))
        if not trials:
            break
        worst, drop, dy, tilt = min(trials, key=lambda t: t[0])
        kept.remove(drop)
    if len(kept) < len(targets) and worst > tol:
        dy, tilt, worst = _fit(targets, pivot)  # nothing better: share the error after all
    return dy, tilt


def _solve3(a: list[list[float]], b: list[float]) -> list[float]:
    """Solve a 3x3 linear system (Cramer's rule; the system is regularised, never singular)."""
    def det(m: list[list[float]]) -> float:
        return (m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]))
    d = det(a)
    out = []
    for k in range(3):
        m = [row[:] for row in a]
        for i in range(3):
            m[i][k] = b[i]
        out.append(det(m) / d)
    return out


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
        seat = (posture.chair == "seat" and part == "pelvis") or (
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
    dy, tilt = _robust_fit(targets, pivot) if targets else (0.0, rotation("z", 0.0))
    move = _transform(pivot, dy, tilt)
    skel = ({k: move(v) for k, v in skel[0].items()}, {k: mul(tilt, v) for k, v in skel[1].items()})
    placed = Placed(tuple(_moved(c, move) for c in body.capsules), skel, (), (), (1.0, 0.0, 0.0),
                    ())
    return _with_props(placed, frame, contacts)


def _with_props(body: Placed, frame: Frame, contacts: list[Contact]) -> Placed:
    """Place the props and the posture's chair around the rested body; measure every contact."""
    pos, frames = body.skeleton
    front = apply(frames["pelvis"], (1.0, 0.0, 0.0))
    along_x = abs(front[0]) >= abs(front[2])
    f: Vec3 = (math.copysign(1.0, front[0]), 0.0, 0.0) if along_x else (
        0.0, 0.0, math.copysign(1.0, front[2]))
    lateral = apply(frames["pelvis"], (0.0, 0.0, 1.0))  # towards the body's right
    solids: list[Solid] = []
    walls: list[tuple[str, float]] = []
    gaps: dict[int, float] = {}

    def centre(parts: Sequence[str], side: str | None) -> Vec3:
        mids = [_mid(body.part(p)[0]) for p in parts]
        x, y, z = (sum(m[k] for m in mids) / len(mids) for k in range(3))
        if side and any(p in SPINE_PARTS for p in parts):
            s = BESIDE_SPINE if side == "right" else -BESIDE_SPINE
            x, y, z = x + lateral[0] * s, y + lateral[1] * s, z + lateral[2] * s
        return (x, y, z)

    def chair(top: float, middle: Vec3, back: int) -> None:
        """A chair with its seat top at `top`, centred at `middle`, back rest towards `back`."""
        seat_top = max(SEAT_LOW, min(SEAT_HIGH, top))
        d = (SEAT_DEPTH, 0.04, SEAT_WIDTH) if along_x else (SEAT_WIDTH, 0.04, SEAT_DEPTH)
        cx, cz = middle[0], middle[2]
        solids.append(Box("chair", (cx, seat_top - 0.02, cz), d))
        for sx in (-1, 1):
            for sz in (-1, 1):
                lx, lz = cx + sx * (d[0] / 2 - 0.03), cz + sz * (d[2] / 2 - 0.03)
                solids.append(Box("chair", (lx, (seat_top - 0.04) / 2, lz),
                                  (0.03, seat_top - 0.04, 0.03)))
        off = back * (d[0] / 2 if along_x else d[2] / 2)
        rest = (cx + off, seat_top + BACK_REST / 2, cz) if along_x else (
            cx, seat_top + BACK_REST / 2, cz + off)
        solids.append(Box("chair", rest, (0.03, BACK_REST, d[2]) if along_x
                          else (d[0], BACK_REST, 0.03)))
        seats.append(seat_top)

    seats: list[float] = []
    posture = POSTURES[frame.posture]
    seat_parts = [c.part for c in contacts if c.surface == "chair seat"]
    pelvis_rear = rear(body.part("pelvis")[0], f)
    behind_rear = min((rear(cap, f) for u in frame.props if u.relation == "behind"
                       and u.prop in ("towel", "chair") for p in u.parts for cap in body.part(p)),
                      default=pelvis_rear)
    for j, use in enumerate(frame.props):
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
            size = (k.length, k.height, k.width) if along_x else (k.width, k.height, k.length)
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
            chair(top, _clear_of_thighs(m, pos, f, away), away)
        gaps[j] = 0.0
    if posture.chair == "seat":
        top = min(bottom(c) for c in body.part("pelvis"))
        middle = pos["pelvis"]
        rest_at = min(pelvis_rear, behind_rear) - 0.015  # the back rest's front face
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
        chair(top, _clear_of_thighs(m, pos, f, away), away)
    measured = tuple(_measure(body, c, solids, walls, seats, f) for c in contacts)
    return Placed(body.capsules, body.skeleton, tuple(solids), measured, f, tuple(walls))


def _clear_of_thighs(m: Vec3, pos: dict[str, Vec3], f: Vec3, away: int) -> Vec3:
    """A seat under the calves starts just past the knees, clear of the thighs."""
    knee = max(_dot(pos[k], f) * away for k in ("left_knee", "right_knee")) * away
    along = knee + away * (SEAT_DEPTH / 2 + 0.04)
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
        gap = min((_gap_to(cap, s) for cap in caps for s in solids
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


def _gap_to(cap: Capsule, solid: Ball | Roll) -> float:
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


def tolerance() -> float:
    """How far a contact may be from its surface, and a part into one: 1 % of body height."""
    return 0.01 * H
