"""The engine's two entry points: check a figure (validation) and solve a frame (drawing).

Both go through one memo of placed frames keyed by what the drawing depends on (posture,
joints, contacts, props), so a frame is placed once per process however often it is checked
and drawn, and a library that reuses poses places each pose once.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Figure, Frame
from .body import PART_PIECES
from .checks import (
    Issue,
    check_balance,
    check_contacts,
    check_motions,
    check_overlaps,
    check_props,
)
from .kinematics import apply
from .placement import Placed, place
from .scene import Scene, Vec3

__all__ = ["Issue", "check_figure", "placed", "solve_frame"]


_PLACED: dict[tuple[object, ...], Placed] = {}


def placed(frame: Frame) -> Placed:
    """The frame's body and props after placement (memoised by pose, not by label or alt)."""
    hit = _PLACED.get(frame.pose)
    if hit is None:
        if len(_PLACED) >= 16384:
            _PLACED.clear()  # bounded: a preview runs for hours
        hit = _PLACED[frame.pose] = place(frame)
    return hit


def check_figure(figure: Figure, equipment: Sequence[str]) -> list[Issue]:
    """Every problem with a figure, each at its path inside the `figure` mapping."""
    issues: list[Issue] = []
    for i, frame in enumerate(figure.frames):
        at = f"frames[{i}]"
        motions = check_motions(frame, at)
        issues += motions
        issues += check_props(frame, equipment, at)
        if motions:
            continue  # a body bent beyond its range is not placed: one problem at a time
        p = placed(frame)
        issues += check_contacts(p, at)
        issues += check_overlaps(p, at)
        issues += check_balance(frame, p, at)
    return issues


def _points(p: Placed) -> dict[str, Vec3]:
    points = dict(p.skeleton[0])
    for part in PART_PIECES:
        c = p.part(part)[0]
        points.setdefault(part, ((c.a[0] + c.b[0]) / 2, (c.a[1] + c.b[1]) / 2,
                                 (c.a[2] + c.b[2]) / 2))
    return points


def solve_frame(frame: Frame) -> Scene:
    """The frame as a scene to draw: the placed body, its props and its named points."""
    p = placed(frame)
    frames = p.skeleton[1]
    neck = frames["neck"]
    # The thumb side of each hand (lateral in the anatomical position), so palms up and down
    # look different.
    thumbs = {"right": apply(frames["right_wrist"], (0.0, 0.0, 1.0)),
              "left": apply(frames["left_wrist"], (0.0, 0.0, -1.0))}
    return Scene(p.capsules, p.solids, _points(p), (neck[0], neck[3], neck[6]),
                 (neck[1], neck[4], neck[7]), thumbs=thumbs)
