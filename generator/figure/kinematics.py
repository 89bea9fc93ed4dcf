"""Forward kinematics: joint angles in, the skeleton's points and the body's capsules out.

Pure functions over the tables in `body.py`. Rotations are 3x3 matrices kept as 9-tuples (no
numpy: a frame has about thirty joints, and plain tuples keep a frame well under a millisecond).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from .body import (
    AXIS_ORDER,
    BY_NAME,
    EDITOR_JOINTS,
    MOTIONS,
    SEGMENTS,
    SKELETON,
    SPHERES,
    H,
    side_of,
)
from .scene import Capsule, Vec3

Mat = tuple[float, float, float, float, float, float, float, float, float]
IDENTITY: Mat = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0)
Turns = Mapping[str, Mapping[str, float]]  # skeleton joint -> axis -> degrees (right-hand rule)


def rotation(axis: str, degrees: float) -> Mat:
    """The rotation by `degrees` about the x, y or z axis (right-hand rule)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    if axis == "x":
        return (1.0, 0.0, 0.0, 0.0, c, -s, 0.0, s, c)
    if axis == "y":
        return (c, 0.0, s, 0.0, 1.0, 0.0, -s, 0.0, c)
    return (c, -s, 0.0, s, c, 0.0, 0.0, 0.0, 1.0)


def mul(a: Mat, b: Mat) -> Mat:
    """The matrix product a·b."""
    return (a[0] * b[0] + a[1] * b[3] + a[2] * b[6], a[0] * b[1] + a[1] * b[4] + a[2] * b[7],
            a[0] * b[2] + a[1] * b[5] + a[2] * b[8],
            a[3] * b[0] + a[4] * b[3] + a[5] * b[6], a[3] * b[1] + a[4] * b[4] + a[5] * b[7],
            a[3] * b[2] + a[4] * b[5] + a[5] * b[8],
            a[6] * b[0] + a[7] * b[3] + a[8] * b[6], a[6] * b[1] + a[7] * b[4] + a[8] * b[7],
            a[6] * b[2] + a[7] * b[5] + a[8] * b[8])


def apply(m: Mat, v: Vec3) -> Vec3:
    """The matrix m applied to the vector v."""
    return (m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
            m[6] * v[0] + m[7] * v[1] + m[8] * v[2])


def add(a: Vec3, b: Vec3) -> Vec3:
    """a + b."""
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def turns_for(angles: Mapping[tuple[str, str], float]) -> dict[str, dict[str, float]]:
    """Editors' (joint, motion) -> degrees as skeleton joint -> axis -> signed degrees."""
    out: dict[str, dict[str, float]] = {}
    for (joint, motion), degrees in angles.items():
        skeleton_joint = EDITOR_JOINTS[joint][0]
        axis, sign = MOTIONS[BY_NAME[skeleton_joint].kind][motion]
        if skeleton_joint.startswith("left_") and axis != "z":
            sign = -sign  # the left side is the right side mirrored in z
        axes = out.setdefault(skeleton_joint, {})
        axes[axis] = axes.get(axis, 0.0) + sign * degrees
    return out


def joint_rotation(axes: Mapping[str, float]) -> Mat:
    """One joint's rotation from its turns about its own axes, applied in AXIS_ORDER."""
    m = IDENTITY
    for axis in AXIS_ORDER:
        if axes.get(axis):
            m = mul(m, rotation(axis, axes[axis]))
    return m


Skeleton = tuple[dict[str, Vec3], dict[str, Mat]]  # joint -> position, joint -> frame


def forward(turns: Turns, root: Mat = IDENTITY) -> Skeleton:
    """Every skeleton joint's position and frame for the given turns; `root` orients the body
    about its pelvis, which stays where it is in the anatomical position."""
    pos: dict[str, Vec3] = {}
    frame: dict[str, Mat] = {}
    for j, offset in _OFFSETS:
        axes = turns.get(j.name)
        if j.parent is None:
            pos[j.name] = offset
            frame[j.name] = mul(root, joint_rotation(axes)) if axes else root
        else:
            parent = frame[j.parent]
            pos[j.name] = add(pos[j.parent], apply(parent, offset))
            # Most joints do not turn: their frame is their parent's (no product to compute).
            frame[j.name] = mul(parent, joint_rotation(axes)) if axes else parent
    return pos, frame


_OFFSETS = tuple((j, (j.offset[0] * H, j.offset[1] * H, j.offset[2] * H)) for j in SKELETON)


# The joint whose frame carries each segment's shifted ends (its own proximal joint, except
# for segments drawn across the body).
_CARRIER = {"pelvis": "pelvis", "shoulders": "thoracic", "head": "neck", "neck": "neck"}


def capsules(skeleton: Skeleton) -> tuple[Capsule, ...]:
    """The body's segments as capsules, in the order of the body table."""
    pos, frame = skeleton
    out = []
    for s in SEGMENTS:
        carrier = frame[_CARRIER.get(s.name, s.a)]
        a = add(pos[s.a], apply(carrier, (s.shift_a[0] * H, s.shift_a[1] * H, s.shift_a[2] * H)))
        b = add(pos[s.b], apply(carrier, (s.shift_b[0] * H, s.shift_b[1] * H, s.shift_b[2] * H)))
        out.append(Capsule(s.name, side_of(s.name), a, s.ra * H, b, s.rb * H))
    return tuple(out)


def sphere(skeleton: Skeleton, joint: str) -> Capsule:
    """A joint as a sphere (for parts such as an elbow or a heel)."""
    p = skeleton[0][joint]
    kind = joint.split("_", 1)[1]
    return Capsule("@" + joint, "mid", p, SPHERES[kind] * H, p, SPHERES[kind] * H)


def segment_com(c: Capsule, fraction: float) -> Vec3:
    """The point `fraction` of the way from a capsule's first end to its second."""
    return (c.a[0] + (c.b[0] - c.a[0]) * fraction, c.a[1] + (c.b[1] - c.a[1]) * fraction,
            c.a[2] + (c.b[2] - c.a[2]) * fraction)
