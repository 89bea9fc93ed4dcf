"""The engine's two entry points: check a figure (validation) and solve a frame (drawing).

Checking a frame's body (ranges, contacts, overlaps, balance) depends only on its pose
(posture, joints, contacts, props), so the result is memoised by pose and can be kept between
runs (`load_memo` / `save_memo`, in the cache folder outside the repository, stamped with the
generator's code version): at a thousand exercises, placing and checking every frame again was
two seconds of every `check`. Only the equipment check, which also depends on the exercise,
runs every time. Placement itself is memoised in-process for a few hundred poses, so a preview
that checks and then draws a frame places it once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from ..cache import code_version, write_atomic
from ..model import Figure, Frame, Line
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

__all__ = ["Issue", "check_figure", "load_memo", "placed", "save_memo", "solve_frame"]

_NO_TEXT = Line((), "")
# Pose key -> (motion issues, placement issues), each as (path after "frames[i]", message).
Found = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]
_ISSUES: dict[str, Found] = {}
_MEMO_LIMIT = 100_000  # poses; a library of thousands of exercises stays well under it
_changed = False


@lru_cache(maxsize=512)
def _placed(pose: tuple[object, ...]) -> Placed:
    posture, joints, touching, props = pose
    return place(Frame(_NO_TEXT, _NO_TEXT, posture, joints, touching, props))  # type: ignore[arg-type]


def placed(frame: Frame) -> Placed:
    """The frame's body and props after placement (memoised by pose, not by label or alt)."""
    return _placed(frame.pose)


def _key(frame: Frame) -> str:
    # repr of tuples of strings and ints: the same pose always gives the same text.
    return hashlib.sha256(repr(frame.pose).encode()).hexdigest()[:32]


def _body_issues(frame: Frame) -> Found:
    """The problems of a frame's body, by pose; paths start after 'frames[i]'."""
    global _changed
    key = _key(frame)
    hit = _ISSUES.get(key)
    if hit is None:
        motions = check_motions(frame, "")
        rest: list[Issue] = []
        if not motions:  # a body bent beyond its range is not placed: one problem at a time
            p = placed(frame)
            rest = check_contacts(p, "") + check_overlaps(p, "") + check_balance(frame, p, "")
        if len(_ISSUES) >= _MEMO_LIMIT:
            _ISSUES.clear()
        hit = _ISSUES[key] = (tuple((i.path, i.message) for i in motions),
                              tuple((i.path, i.message) for i in rest))
        _changed = True
    return hit


def check_figure(figure: Figure, equipment: Sequence[str]) -> list[Issue]:
    """Every problem with a figure, each at its path inside the `figure` mapping."""
    issues: list[Issue] = []
    for i, frame in enumerate(figure.frames):
        at = f"frames[{i}]"
        motions, rest = _body_issues(frame)
        issues += [Issue(at + path, message) for path, message in motions]
        issues += check_props(frame, equipment, at)
        issues += [Issue(at + path, message) for path, message in rest]
    return issues


def load_memo(file: Path) -> None:
    """Take up the body checks kept by an earlier run (ignored when unreadable or made by
    other generator code)."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        if data.get("code") != code_version():
            return
        for key, (motions, rest) in data["poses"].items():
            _ISSUES.setdefault(key, (tuple((p, m) for p, m in motions),
                                     tuple((p, m) for p, m in rest)))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return


def save_memo(file: Path) -> None:
    """Keep the body checks for the next run, if this run checked a pose it had not seen."""
    global _changed
    if not _changed:
        return
    data = {"code": code_version(), "poses": dict(sorted(_ISSUES.items()))}
    try:
        write_atomic(file, json.dumps(data, separators=(",", ":")).encode())
        _changed = False
    except OSError:
        pass  # a cache that cannot be written only costs time


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
