"""The pieces a frame is drawn from: the scene's capsules, grouped into silhouettes, plus the
shapes a turned view needs that the body's capsules do not give on their own.

World geometry only (metres, before the camera's projection), for `draw.py`:
- a piece across the body (the pelvis, the shoulders) seen turned is cut in two, and its far
  part drawn with the far limbs: whole, the far hip sticks out of the trunk on the side the
  body faces and reads as a buttock, so the figure seems to face the other way;
- a foot pointing at the camera (or away from it) lies inside its own shin in the picture, so
  it is drawn as its own outline, as wide as a foot across the ball of the foot;
- a hand gets a thumb stub on its thumb side when the scene knows where the thumb points, so
  palms up and palms down differ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from .body import H
from .camera import View
from .scene import Capsule, Scene, Side, Vec3

_ARMS = ("upper_arm", "forearm", "hand")
_LEGS = ("thigh", "calf", "shank", "foot")
_ACROSS = {"pelvis": "leg", "shoulders": "arm"}  # pieces drawn across the body, and their limb
NEAR_PART = 0.3  # of a piece across the body, the share drawn with the trunk when turned
END_ON = 0.7  # a foot whose direction is this close to the camera's (cosine) is seen end on
FOOT_HALF_WIDTH = 0.055 * H / 2  # foot breadth 0.055 H (Drillis & Contini, in Winter, fig. 4.1)
BALL = 0.9  # where the foot is widest (its ball and toes), from the heel to the toes
THUMB_R = 0.011  # the thumb stub's radius, metres
THUMB_OUT = 0.018  # how far the stub's tip stands out of the side of the hand, metres


@dataclass(frozen=True, slots=True)
class Piece:
    """One capsule to draw and the silhouette it joins.

    `probe` tells where its depth is measured against overlapping shapes: "" along its length,
    "a" or "b" at that end only (the other end lies inside another shape), "-" nowhere (a
    detail). `wide` are spheres (centre, radius) that its outline wraps together with its first
    end, instead of the capsule's own outline (a foot as wide as a foot). `middle` is the point
    that orders it where nothing overlaps, if not the middle of the capsule."""

    capsule: Capsule
    group: str
    probe: Literal["", "a", "b", "-"] = ""
    wide: tuple[tuple[Vec3, float], ...] = ()
    middle: Vec3 | None = None


def _dot(p: Vec3, q: Vec3) -> float:
    return p[0] * q[0] + p[1] * q[1] + p[2] * q[2]


def _sub(p: Vec3, q: Vec3) -> Vec3:
    return (p[0] - q[0], p[1] - q[1], p[2] - q[2])


def _along(p: Vec3, d: Vec3, k: float) -> Vec3:
    """The point p + k d."""
    return (p[0] + d[0] * k, p[1] + d[1] * k, p[2] + d[2] * k)


def _unit(v: Vec3) -> Vec3 | None:
    n = math.sqrt(_dot(v, v))
    return None if n < 1e-9 else (v[0] / n, v[1] / n, v[2] / n)


def far_side(view: View, scene: Scene) -> str:
    """The side ("left" or "right") whose limbs are clearly farther from the camera, or ""."""
    pts = scene.points
    if all(f"{s}_{n}" in pts for s in ("left", "right") for n in ("shoulder", "hip")):
        diff = sum(_dot(pts[f"right_{n}"], view.toward) - _dot(pts[f"left_{n}"], view.toward)
                   for n in ("shoulder", "hip")) / 2
    else:
        def mean(side: str) -> float:
            ds = [_dot(c.a, view.toward) for c in scene.capsules if c.side == side]
            return sum(ds) / len(ds) if ds else 0.0

        diff = mean("right") - mean("left")
    return "left" if diff > 0.05 else "right" if diff < -0.05 else ""


def group(c: Capsule, far: str) -> str:
    """Which silhouette a capsule joins: an arm, a far leg, or the trunk (with the near legs,
    whose hips then flow into the body instead of showing a ball joint)."""
    if c.side == "mid":
        return "trunk"
    if any(k in c.name for k in _ARMS):
        return f"{c.side}_arm"
    if any(k in c.name for k in _LEGS):
        return f"{c.side}_leg" if c.side == far else "trunk"
    return c.name


def _split(view: View, c: Capsule, far: str) -> list[Piece]:
    """A piece across the body, turned: its near part with the trunk, the rest on the far side."""
    (near, rn), (away, rf) = (c.a, c.ra), (c.b, c.rb)
    if _dot(c.a, view.toward) < _dot(c.b, view.toward):
        (near, rn), (away, rf) = (away, rf), (near, rn)
    cut = _along(near, _sub(away, near), NEAR_PART)
    rc = rn + (rf - rn) * NEAR_PART
    side: Side = "left" if far == "left" else "right"
    # The near part sorts as the whole piece did, so the near arm still joins its shoulder.
    whole = _along(c.a, _sub(c.b, c.a), 0.5)
    return [Piece(Capsule(c.name, "mid", near, rn, cut, rc), "trunk", middle=whole),
            Piece(Capsule(f"{far}_{c.name}", side, cut, rc, away, rf), f"{far}_{_ACROSS[c.name]}", "b")]


def _foot(view: View, c: Capsule, shin: Capsule | None, far: str) -> Piece:
    """A foot; pointing at the camera or away, its own outline, as wide as a foot at its ball."""
    axis = _sub(c.b, c.a)
    length = math.sqrt(_dot(axis, axis))
    facing = _dot(axis, view.toward) / length if length > 1e-9 else 0.0
    if abs(facing) < END_ON or shin is None:
        return Piece(c, group(c, far))
    s = _sub(shin.b, shin.a)
    across = _unit((axis[1] * s[2] - axis[2] * s[1], axis[2] * s[0] - axis[0] * s[2],
                    axis[0] * s[1] - axis[1] * s[0]))
    wide: tuple[tuple[Vec3, float], ...] = ()
    if across is not None:
        ball = _along(c.a, axis, BALL)
        r = c.ra + (c.rb - c.ra) * BALL
        half = max(FOOT_HALF_WIDTH - r, 0.0)
        wide = ((_along(ball, across, -half), r), (_along(ball, across, half), r))
    # Its depth is told at the toes or the heel, whichever is nearer the camera.
    return Piece(c, f"{c.side}_foot", "b" if facing > 0 else "a", wide)


def _thumb(c: Capsule, thumb: Vec3, far: str) -> Piece:
    """A thumb stub on the side of the hand its thumb points to, angled towards the fingers."""
    axis = _sub(c.b, c.a)
    base = _along(_along(c.a, axis, 0.3), thumb, c.ra * 0.4)
    tip = _along(_along(c.a, axis, 0.65), thumb, c.ra + THUMB_OUT)
    # No depth of its own: a thumb along a wall or the floor would push the prop over the body.
    return Piece(Capsule(c.name.replace("hand", "thumb"), c.side, base, THUMB_R * 1.1, tip, THUMB_R),
                 group(c, far), "-")


def pieces(view: View, scene: Scene, far: str) -> list[Piece]:
    """Every capsule of the scene as pieces to draw, with the shapes the view needs added."""
    by_name = {c.name: c for c in scene.capsules}
    out: list[Piece] = []
    for c in scene.capsules:
        if far and c.name in _ACROSS:
            out += _split(view, c, far)
        elif c.name.endswith("_foot") and c.side != "mid":
            out.append(_foot(view, c, by_name.get(f"{c.side}_calf"), far))
        else:
            out.append(Piece(c, group(c, far)))
            thumb = scene.thumbs.get(c.side) if c.name.endswith("_hand") else None
            if thumb is not None:
                out.append(_thumb(c, thumb, far))
    return out
