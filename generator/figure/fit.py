"""The fit behind placement: the height and tilt that rest a posed body on its supports.

Least squares over three numbers (height, pitch and roll) by Gauss-Newton, with a robust
outer loop that leaves out a contact that cannot reach its surface rather than tilting the
whole body to share its error. Pure functions of capsules and target heights.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from .body import H
from .kinematics import Mat, apply, mul, rotation
from .scene import Capsule, Vec3


def tolerance() -> float:
    """How far a contact may be from its surface, and a part into one: 1 % of body height."""
    return 0.01 * H


def bottom(c: Capsule) -> float:
    """The lowest height a capsule reaches."""
    return min(c.a[1] - c.ra, c.b[1] - c.rb)


def transform(pivot: Vec3, dy: float, m: Mat) -> Callable[[Vec3], Vec3]:
    """The rigid move: turn by `m` about `pivot`, then raise by `dy`."""
    def move(p: Vec3) -> Vec3:
        q = apply(m, (p[0] - pivot[0], p[1] - pivot[1], p[2] - pivot[2]))
        return (q[0] + pivot[0], q[1] + pivot[1] + dy, q[2] + pivot[2])
    return move


def moved(c: Capsule, move: Callable[[Vec3], Vec3]) -> Capsule:
    """A capsule after a move."""
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

    def residuals(p: tuple[float, float, float]) -> tuple[list[float], list[tuple[float, ...]]]:
        """The distances left, and their derivatives by (height, pitch, roll)."""
        cp, sp, cr, sr = math.cos(p[1]), math.sin(p[1]), math.cos(p[2]), math.sin(p[2])
        # Row y of rotation_x(roll) @ rotation_z(pitch), and its derivatives.
        m3, m4, m5 = cr * sp, cr * cp, -sr
        out: list[float] = []
        rows: list[tuple[float, ...]] = []
        for points, height, flat in ends:
            lows = [(m3 * x + m4 * y + m5 * z - r + p[0] - height, x, y, z)
                    for x, y, z, r in points]
            for v, x, y, z in (lows if flat else [min(lows)]):
                out.append(v)
                rows.append((1.0, m4 * x - m3 * y, -sr * sp * x - sr * cp * y - cr * z))
        # Prefer the posture's own tilt where the contacts leave it free.
        out += [0.02 * (p[1] - pitch), 0.02 * p[2]]
        rows += [(0.0, 0.02, 0.0), (0.0, 0.0, 0.02)]
        return out, rows

    # Start level with the first flat part (a foot): bending at the hips of a standing body
    # turns the legs, which hang from the pelvis, so the whole body must turn to stand again.
    flat = next((c[0] for c, _, f in targets if f), None)
    # The full angle in the body's plane, so the sole ends up facing down, not up.
    pitch = 0.0 if flat is None else -math.atan2(flat.b[1] - flat.a[1], flat.b[0] - flat.a[0])
    p = (0.0, pitch, 0.0)
    for _ in range(8):
        r, rows = residuals(p)  # Gauss-Newton with the exact derivatives
        step = _solve3([[sum(row[i] * row[j] for row in rows) + (1e-6 if i == j else 0.0)
                         for j in range(3)] for i in range(3)],
                       [-sum(row[i] * v for row, v in zip(rows, r, strict=True))
                        for i in range(3)])
        limit = math.radians(20)  # per step: the fit is not linear in the angles
        p = (p[0] + step[0], p[1] + max(-limit, min(limit, step[1])),
             p[2] + max(-limit, min(limit, step[2])))
        if abs(step[0]) < 1e-5 and abs(step[1]) < 1e-5 and abs(step[2]) < 1e-5:
            break
    return p[0], _tilt(p[1], p[2]), max(abs(v) for v in residuals(p)[0][:-2])


def robust_fit(targets: Sequence[Target], pivot: Vec3) -> tuple[float, Mat]:
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
            move = transform(pivot, t_dy, t_tilt)
            lowest = min(bottom(moved(c, move)) - targets[i][1]
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
