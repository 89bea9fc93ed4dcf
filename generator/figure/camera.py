"""The views as data: an orthographic camera per view, and the projection of world points.

A view is three world directions: picture right, picture up, and `toward` (from the scene to
the camera). Projecting a point is three dot products; `toward` gives a depth that grows
towards the camera, so the painter's algorithm draws low depths first. The three axes form a
right-handed frame (right x up = toward) in every view, so no view draws a mirrored body.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .scene import Vec3


@dataclass(frozen=True, slots=True)
class View:
    """One orthographic camera: world directions of picture right, picture up, and the camera."""

    name: str
    description: str
    right: Vec3
    up: Vec3
    toward: Vec3


def _dot(p: Vec3, q: Vec3) -> float:
    return p[0] * q[0] + p[1] * q[1] + p[2] * q[2]


def _three_quarter(turn_deg: float, raise_deg: float) -> tuple[Vec3, Vec3, Vec3]:
    """The side camera turned `turn_deg` towards the front and raised `raise_deg`."""
    t, e = math.radians(turn_deg), math.radians(raise_deg)
    toward = (math.cos(e) * math.sin(t), math.sin(e), math.cos(e) * math.cos(t))
    right = (math.cos(t), 0.0, -math.sin(t))  # stays horizontal: the floor line stays level
    up = (  # toward x right, so that right x up = toward
        toward[1] * right[2] - toward[2] * right[1],
        toward[2] * right[0] - toward[0] * right[2],
        toward[0] * right[1] - toward[1] * right[0],
    )
    return right, up, toward


_TQ_RIGHT, _TQ_UP, _TQ_TOWARD = _three_quarter(35.0, 18.0)

VIEWS: dict[str, View] = {
    "side": View(
        "side",
        "From the body's right side: a standing body faces the right of the picture.",
        right=(1.0, 0.0, 0.0),
        up=(0.0, 1.0, 0.0),
        toward=(0.0, 0.0, 1.0),
    ),
    "front": View(
        "front",
        "Facing the body: its left side appears on the right of the picture.",
        right=(0.0, 0.0, -1.0),
        up=(0.0, 1.0, 0.0),
        toward=(1.0, 0.0, 0.0),
    ),
    "back": View(
        "back",
        "From behind the body: its right side appears on the right of the picture.",
        right=(0.0, 0.0, 1.0),
        up=(0.0, 1.0, 0.0),
        toward=(-1.0, 0.0, 0.0),
    ),
    "above": View(
        "above",
        "Looking straight down from above, for lying positions: the floor is the picture.",
        right=(1.0, 0.0, 0.0),
        up=(0.0, 0.0, -1.0),
        toward=(0.0, 1.0, 0.0),
    ),
    "three-quarter": View(
        "three-quarter",
        "From the body's right, turned 35 degrees towards its front and raised 18 degrees so the "
        "floor shows.",
        right=_TQ_RIGHT,
        up=_TQ_UP,
        toward=_TQ_TOWARD,
    ),
}


def project(view: View, p: Vec3) -> tuple[float, float, float]:
    """A world point (metres) as picture (right, up) and depth (larger is nearer the camera)."""
    return _dot(p, view.right), _dot(p, view.up), _dot(p, view.toward)
