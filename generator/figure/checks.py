"""Checks: refuse a frame that a human body cannot take, one located message per problem.

Each problem is an `Issue` whose path is inside the exercise's `figure` mapping, so validation
can point at the exact line: motions outside their normal range, opposite motions on one joint,
contacts that do not reach their surfaces, parts below the floor or through a wall or a prop,
a standing, sitting or all-fours body whose centre of mass is outside what supports it, and
props that are not in the exercise's equipment.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Frame
from .body import OPPOSITE, SEGMENT, SPINE_PARTS
from .fit import bottom, tolerance
from .kinematics import segment_com
from .placement import SURFACE_NAMES, Placed, gap_to, pose_angles, rear
from .postures import POSTURES
from .ranges import NAMES, RANGES, range_kind
from .scene import Ball, Box, Capsule, Roll, Vec3

BALANCED = ("standing", "sitting", "all-fours")  # postures that can tip over


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem at `path` inside the `figure` mapping, e.g. 'frames[1].joints.right_knee.flexion'."""

    path: str
    message: str


# Readers' names for the drawn segments, in messages.
_SEGMENT_WORDS = {"thorax": "chest and upper back", "abdomen": "belly and lower back",
                  "upper_arm": "upper arm"}


def _words(name: str) -> str:
    side, _, rest = name.lstrip("@").partition("_")
    if side not in ("left", "right"):
        side, rest = "", name.lstrip("@")
    words = _SEGMENT_WORDS.get(rest, rest.replace("_", " ").replace("-", " "))
    return f"{side} {words}".strip()


def _cm(metres: float) -> int:
    return max(1, round(abs(metres) * 100))


def check_motions(frame: Frame, at: str) -> list[Issue]:
    """Opposite motions on one joint, and totals (posture plus changes) beyond normal ranges."""
    issues: list[Issue] = []
    given: dict[str, dict[str, int]] = defaultdict(dict)
    for joint, motion, degrees in frame.joints:
        other = OPPOSITE[motion]
        if other in given[joint]:
            issues.append(Issue(f"{at}.joints.{joint}.{motion}",
                                f"'{other}' and '{motion}' are opposite motions: give only one"))
        given[joint][motion] = degrees
    total = pose_angles(frame)
    posture = POSTURES[frame.posture].joints
    # Net angle of each motion pair; the thoracic and lumbar spine count together.
    nets: dict[tuple[str, str], list[tuple[str, int, int]]] = defaultdict(list)
    for (joint, motion), degrees in total.items():
        kind = range_kind(joint)
        first = min(motion, OPPOSITE[motion])
        sign = 1 if motion == first else -1
        start = posture.get(joint, {}).get(motion, 0)
        nets[(kind if kind == "thoracolumbar" else joint, first)].append(
            (joint, sign * degrees, sign * start))
    for (_, first), parts in nets.items():
        net = sum(p[1] for p in parts)
        motion = first if net >= 0 else OPPOSITE[first]
        kind = range_kind(parts[0][0])
        high = RANGES[kind][motion].high
        if abs(net) <= high:
            continue
        editor_joint = next((j for j, _, _ in reversed(parts) if motion in given[j]
                             or OPPOSITE[motion] in given[j]), None)
        if editor_joint is None:
            continue  # the posture alone (the library's data is checked by the tests)
        written = motion if motion in given[editor_joint] else OPPOSITE[motion]
        start = abs(sum(p[2] for p in parts))
        limit = f"the normal range of the {NAMES[kind]} (0 to {high})"
        if kind == "thoracolumbar":
            message = (f"thoracic and lumbar {_words(motion)} together make {abs(net)} degrees, "
                       f"beyond {limit}")
        elif start:
            message = (f"{frame.posture} already has {start} degrees of {_words(motion)}; with "
                       f"this change it is {abs(net)}, beyond {limit}")
        elif written != motion:
            message = f"this makes {abs(net)} degrees of {_words(motion)}, beyond {limit}"
        else:
            message = f"{abs(net)} degrees is beyond {limit}"
        issues.append(Issue(f"{at}.joints.{editor_joint}.{written}", message))
    return issues


def _where(source: str, at: str) -> str:
    return f"{at}.posture" if source == "posture" else f"{at}.{source}"


def check_contacts(placed: Placed, at: str) -> list[Issue]:
    """Every contact within 1 % of body height of its surface."""
    issues = []
    tol = tolerance()
    for c in placed.contacts:
        if abs(c.gap) <= tol:
            continue
        verb = "lean on" if c.vertical else "rest on"
        if math.isinf(c.gap):
            message = f"{c.part} should {verb} the {c.surface} but there is none here"
        elif c.vertical:
            message = (f"{c.part} should lean on the {c.surface} but is {_cm(c.gap)} cm "
                       f"{'in front of' if c.gap > 0 else 'behind'} it")
        elif c.gap > 0:
            message = f"{c.part} should rest on the {c.surface} but is {_cm(c.gap)} cm above it"
        else:
            message = f"{c.part} should rest on the {c.surface} but sinks {_cm(c.gap)} cm into it"
        if c.surface == "chair seat" and not c.vertical:
            message += " (a chair seat is 40 to 50 cm high)"
        issues.append(Issue(_where(c.source, at), message))
    return issues


def _box_gap(p: Vec3, r: float, box: Box) -> float:
    """Signed distance from a sphere to an axis-aligned box (negative: overlapping)."""
    outside = [max(abs(p[k] - box.center[k]) - box.size[k] / 2, 0.0) for k in range(3)]
    inside = max(abs(p[k] - box.center[k]) - box.size[k] / 2 for k in range(3))
    d = math.sqrt(sum(o * o for o in outside)) if any(outside) else inside
    return d - r


def _solid_gap(c: Capsule, solid: Ball | Box | Roll) -> float:
    if isinstance(solid, Box):
        return min(_box_gap(tuple(c.a[k] + (c.b[k] - c.a[k]) * t for k in range(3)),  # type: ignore[arg-type]
                            c.ra + (c.rb - c.ra) * t, solid) for t in (0.0, 0.25, 0.5, 0.75, 1.0))
    return gap_to(c, solid)


def _bounds(s: Ball | Box | Roll) -> tuple[list[float], list[float]]:
    """A solid's axis-aligned bounding box (low and high corners)."""
    if isinstance(s, Box):
        return ([s.center[k] - s.size[k] / 2 for k in range(3)],
                [s.center[k] + s.size[k] / 2 for k in range(3)])
    if isinstance(s, Ball):
        return [s.center[k] - s.r for k in range(3)], [s.center[k] + s.r for k in range(3)]
    return ([min(s.a[k], s.b[k]) - s.r for k in range(3)],
            [max(s.a[k], s.b[k]) + s.r for k in range(3)])


def check_overlaps(placed: Placed, at: str) -> list[Issue]:
    """No part below the floor, behind a wall or chair back, or inside a prop."""
    tol = tolerance()
    worst: dict[str, tuple[float, str]] = {}

    def note(surface: str, depth: float, part: str) -> None:
        if depth > tol and depth > worst.get(surface, (0.0, ""))[0]:
            worst[surface] = (depth, part)

    # A part resting on a surface is judged by its contact (`check_contacts`), not again here.
    resting: dict[str, set[str]] = defaultdict(set)
    for contact in placed.contacts:
        for piece in placed.part(contact.part):
            resting[contact.surface].add(piece.name.lstrip("@"))
    resting["chair"] = resting["chair seat"]
    # A wall is a plane; a chair's back rest and a towel are solids of their own size, checked
    # as such (a head tipped back above the back rest is not behind it).
    walls = [(name, plane) for name, plane in placed.walls if name == "wall"]
    solids = [(s, _bounds(s)) for s in placed.solids if s.prop != "wall"]
    for c in placed.capsules:
        if c.name not in resting["floor"]:
            note("floor", -bottom(c), c.name)
        for name, plane in walls:
            if c.name not in resting[name]:
                note(name, plane - rear(c, placed.forward), c.name)
        r = max(c.ra, c.rb)
        low = [min(c.a[k], c.b[k]) - r for k in range(3)]
        high = [max(c.a[k], c.b[k]) + r for k in range(3)]
        for s, (s_low, s_high) in solids:
            if any(high[k] < s_low[k] or low[k] > s_high[k] for k in range(3)):
                continue  # their boxes do not even meet (most pairs: skip the exact test)
            surface = "chair" if s.prop == "chair" else SURFACE_NAMES[s.prop]
            if c.name in resting[surface] or (s.prop == "chair" and c.name in resting["chair back"]):
                continue
            note(surface, -_solid_gap(c, s), c.name)
    issues = []
    for surface, (depth, part) in sorted(worst.items()):
        if surface == "floor":
            where = "below the floor"
        elif surface in ("wall", "chair back"):
            where = f"behind the {surface}"
        else:
            where = f"inside the {surface}"
        issues.append(Issue(at, f"the {_words(part)} is {_cm(depth)} cm {where}"))
    return issues


def centre_of_mass(capsules: Sequence[Capsule]) -> Vec3:
    """The body's centre of mass from the segments' masses (Dempster)."""
    total, x, y, z = 0.0, 0.0, 0.0, 0.0
    for c in capsules:
        s = SEGMENT[c.name]
        if s.mass:
            p = segment_com(c, s.com)
            total += s.mass
            x, y, z = x + p[0] * s.mass, y + p[1] * s.mass, z + p[2] * s.mass
    return (x / total, y / total, z / total)


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _outside(p: tuple[float, float], hull: list[tuple[float, float]]) -> tuple[float, float]:
    """How far p lies outside the polygon, as a vector from its nearest point (0, 0 inside)."""
    if len(hull) >= 3 and all(
            (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) >= 0
            for a, b in zip(hull, hull[1:] + hull[:1], strict=True)):
        return (0.0, 0.0)
    best = (math.inf, 0.0, 0.0)
    for a, b in zip(hull, hull[1:] + hull[:1], strict=True):
        ab = (b[0] - a[0], b[1] - a[1])
        n = ab[0] ** 2 + ab[1] ** 2
        t = 0.0 if n == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1]) / n))
        d = (p[0] - a[0] - ab[0] * t, p[1] - a[1] - ab[1] * t)
        best = min(best, (math.hypot(*d), d[0], d[1]))
    return (best[1], best[2])


def check_balance(frame: Frame, placed: Placed, at: str) -> list[Issue]:
    """A standing, sitting or all-fours body keeps its centre of mass over its support."""
    if frame.posture not in BALANCED:
        return []
    tol = tolerance()
    points: list[tuple[float, float]] = []
    holders: list[str] = []
    for c in placed.contacts:
        if abs(c.gap) > tol:
            continue
        holders.append(c.part)
        for cap in placed.part(c.part):
            for end, r in ((cap.a, cap.ra), (cap.b, cap.rb)):
                near = (end[1] - r) <= bottom(cap) + tol if not c.vertical else True
                if near:
                    points.append((end[0], end[2]))
    if not points:
        return []
    com = centre_of_mass(placed.capsules)
    dx, dz = _outside((com[0], com[2]), _hull(points))
    distance = math.hypot(dx, dz)
    if distance <= tol:
        return []
    frames = placed.skeleton[1]
    f = placed.forward
    lateral = frames["pelvis"][2], frames["pelvis"][8]  # the body's right, horizontally
    ahead = dx * f[0] + dz * f[2]
    right = dx * lateral[0] + dz * lateral[1]
    if abs(ahead) >= abs(right):
        where, tip = ("in front of", "forwards") if ahead > 0 else ("behind", "backwards")
    else:
        where, tip = ("to the right of", "to the right") if right > 0 else (
            "to the left of", "to the left")
    return [Issue(at, f"the centre of mass is {_cm(distance)} cm {where} what supports the body "
                      f"({', '.join(holders)}): it would tip {tip}")]


def check_props(frame: Frame, equipment: Sequence[str], at: str) -> list[Issue]:
    """Props the exercise lists in its equipment, placed where they can go."""
    issues = []
    for j, use in enumerate(frame.props):
        if use.prop not in equipment:
            issues.append(Issue(f"{at}.props[{j}].prop", f"'{use.prop}' is not in this "
                                "exercise's equipment: add it there, or remove the prop"))
        if use.side and not any(p in SPINE_PARTS for p in use.parts):
            issues.append(Issue(f"{at}.props[{j}].side", "'side' puts a prop beside the spine: "
                                "use it with back, upper_back or lower_back"))
        if use.prop == "chair" and use.relation == "behind" and POSTURES[frame.posture].chair != "seat":
            issues.append(Issue(f"{at}.props[{j}]", "a chair's back rest is only behind a body "
                                "that sits on the chair (posture: sitting)"))
    return issues


