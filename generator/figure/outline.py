"""Outlines as SVG path data, in picture units (x right, y down): capsules, props, arrows.

Pure 2-D geometry for `draw.py`: everything here takes points already projected by the
camera. Numbers are written with one decimal and no redundant characters, so the same
figure always gives the same bytes and a frame stays small.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Pt = tuple[float, float]
Box2 = tuple[float, float, float, float]  # x0, y0, x1, y1


# Tenths -> their text: pictures reuse a few thousand numbers, and writing numbers is most of
# the time a frame takes.
_NUM: dict[int, str] = {}


def num(v: float) -> str:
    """A coordinate with one decimal, as short as SVG allows ("-.5", "12", "3.4")."""
    k = round(v * 10)
    s = _NUM.get(k)
    if s is None:
        if len(_NUM) > 100_000:
            _NUM.clear()  # bounded, whatever the pictures
        q, r = divmod(abs(k), 10)
        s = str(q) if not r else f"{q}.{r}" if q else f".{r}"
        s = _NUM[k] = "-" + s if k < 0 else s
    return s


def nums(*vs: float) -> str:
    """Numbers joined with a space only where the next one does not start with a minus."""
    return " ".join(map(num, vs)).replace(" -", "-")


def circle(cx: float, cy: float, r: float) -> str:
    """A circle as one path (two half arcs)."""
    return f"M{nums(cx - r, cy)}a{nums(r, r, 0, 1, 0, 2 * r, 0)}a{nums(r, r, 0, 1, 0, -2 * r, 0)}Z"


def hull(ax: float, ay: float, ra: float, bx: float, by: float, rb: float) -> str:
    """The outline of the convex hull of two circles: two tangent lines and two arcs."""
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy)
    if length <= abs(ra - rb) + 0.05:  # one circle holds the other: a sphere
        return circle(ax, ay, ra) if ra >= rb else circle(bx, by, rb)
    ex, ey = dx / length, dy / length
    s = (ra - rb) / length
    c = math.sqrt(max(0.0, 1.0 - s * s))
    # The outward normals of the two tangent lines; (-ey, ex) is e turned +90 degrees, and
    # both arcs then run towards decreasing angles (SVG sweep flag 0).
    px, py = s * ex - c * ey, s * ey + c * ex
    qx, qy = s * ex + c * ey, s * ey - c * ex
    large_b = 1 if s < 0 else 0  # the arc round b spans more than half when b is the bigger end
    return (
        f"M{nums(ax + ra * px, ay + ra * py)}L{nums(bx + rb * px, by + rb * py)}"
        f"A{nums(rb, rb, 0, large_b, 0, bx + rb * qx, by + rb * qy)}"
        f"L{nums(ax + ra * qx, ay + ra * qy)}"
        f"A{nums(ra, ra, 0, 1 - large_b, 0, ax + ra * px, ay + ra * py)}Z"
    )


def convex(points: Sequence[Pt]) -> list[Pt]:
    """The convex hull of a few points, in order (Andrew's monotone chain)."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def half(seq: list[Pt]) -> list[Pt]:
        out: list[Pt] = []
        for p in seq:
            while len(out) >= 2 and ((out[-1][0] - out[-2][0]) * (p[1] - out[-2][1])
                                     - (out[-1][1] - out[-2][1]) * (p[0] - out[-2][0])) <= 1e-9:
                out.pop()
            out.append(p)
        return out[:-1]

    return half(pts) + half(pts[::-1])


def polygon(pts: Sequence[Pt]) -> str:
    """A closed polygon."""
    return "M" + "L".join(nums(x, y) for x, y in pts) + "Z"


def rounded(pts: Sequence[Pt], r: float) -> str:
    """A closed polygon with its corners cut by quadratic curves (a pillow)."""
    out = ""
    n = len(pts)
    for i in range(n):
        (x0, y0), (x1, y1), (x2, y2) = pts[i - 1], pts[i], pts[(i + 1) % n]
        la, lb = math.hypot(x1 - x0, y1 - y0), math.hypot(x2 - x1, y2 - y1)
        ka, kb = min(r, la / 2) / max(la, 1e-9), min(r, lb / 2) / max(lb, 1e-9)
        out += ("M" if i == 0 else "L") + nums(x1 + (x0 - x1) * ka, y1 + (y0 - y1) * ka)
        out += "Q" + nums(x1, y1, x1 + (x2 - x1) * kb, y1 + (y2 - y1) * kb)
    return out + "Z"


def block(corners: Sequence[tuple[float, float, float]], soft: bool) -> str:
    """A box from its 8 projected corners (x, y, depth; index bits = x, y, z of the corner):
    its silhouette, plus the three edges from the corner nearest the camera."""
    flat = [(x, y) for x, y, _ in corners]
    outline = convex(flat)
    if soft:
        return rounded(outline, 4.0)
    d = polygon(outline)
    near = max(range(8), key=lambda i: corners[i][2])
    nx, ny = flat[near]
    if (nx, ny) not in outline:  # seen at a slant: the near corner is inside the silhouette
        for bit in (4, 2, 1):  # its neighbour along x, y and z differs in one index bit
            ox, oy = flat[near ^ bit]
            if math.hypot(ox - nx, oy - ny) > 0.5:
                d += f"M{nums(nx, ny)}L{nums(ox, oy)}"
    return d


def ball(x: float, y: float, r: float) -> str:
    """A tennis ball: a circle with one curved seam."""
    seam = f"M{nums(x - 0.55 * r, y - 0.83 * r)}A{nums(r, r, 0, 0, 1, x - 0.55 * r, y + 0.83 * r)}"
    return circle(x, y, r) + seam


def cylinder(a: Pt, b: Pt, r: float, minor: float, a_faces: bool) -> str:
    """A roll from a to b: two side lines, the far end's half ellipse, the near end's face.
    `minor` is the end circles' half width as seen (0: side on), `a_faces` whether a's end
    is the one towards the camera."""
    (ax, ay), (bx, by) = a, b
    length = math.hypot(bx - ax, by - ay)
    if length < 0.5:  # seen end on
        return circle(ax, ay, r)
    nx, ny = -(by - ay) / length, (bx - ax) / length
    turn = math.degrees(math.atan2(ny, nx))

    def half(x: float, y: float) -> str:  # half an end ellipse, to (x, y)
        return "A" + nums(r, minor, turn, 0, 0, x, y)

    d = (f"M{nums(ax + r * nx, ay + r * ny)}L{nums(bx + r * nx, by + r * ny)}"
         f"{half(bx - r * nx, by - r * ny)}L{nums(ax - r * nx, ay - r * ny)}"
         f"{half(ax + r * nx, ay + r * ny)}Z")
    if minor > 0.3:
        fx, fy = a if a_faces else b
        d += (f"M{nums(fx + r * nx, fy + r * ny)}{half(fx - r * nx, fy - r * ny)}"
              f"{half(fx + r * nx, fy + r * ny)}")
    return d


def arrow(p: Pt, q: Pt, away: Pt) -> tuple[str, str, Box2] | None:
    """A curved arrow from p to q bulging away from `away`: (line, head, extent), or None
    when the two points are too close to draw one."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    dist = math.hypot(dx, dy)
    if dist < 8:
        return None
    nx, ny = -dy / dist, dx / dist
    mx, my = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
    if (mx - away[0]) * nx + (my - away[1]) * ny < 0:
        nx, ny = -nx, -ny
    cx, cy = mx + nx * dist * 0.3, my + ny * dist * 0.3
    tl = math.hypot(q[0] - cx, q[1] - cy)
    tx, ty = (q[0] - cx) / tl, (q[1] - cy) / tl
    size = 6.0
    bx, by = q[0] - tx * size, q[1] - ty * size  # the line stops where the head starts
    line = f"M{nums(p[0], p[1])}Q{nums(cx, cy, bx, by)}"
    head = (f"M{nums(q[0], q[1])}L{nums(bx - ty * size * 0.5, by + tx * size * 0.5)}"
            f"L{nums(bx + ty * size * 0.5, by - tx * size * 0.5)}Z")
    xs, ys = (p[0], q[0], cx), (p[1], q[1], cy)
    return line, head, (min(xs) - size, min(ys) - size, max(xs) + size, max(ys) + size)


def bump(cx: float, cy: float, r: float, px: float, py: float, pr: float) -> str:
    """The outline of a circle with a small circle sticking out of it (a head and its nose):
    the big circle's long arc, then the small one's outer arc. A small circle inside the big
    one (a face turned to the camera) leaves the plain circle."""
    dx, dy = px - cx, py - cy
    d = math.hypot(dx, dy)
    if d + pr <= r or d >= r + pr or d < 1e-9:
        return circle(cx, cy, r)
    ex, ey = dx / d, dy / d
    a = (r * r - pr * pr + d * d) / (2 * d)  # from the centre to the chord of the crossings
    h = math.sqrt(max(0.0, r * r - a * a))
    bx, by = cx + a * ex, cy + a * ey
    i1, i2 = (bx - h * ey, by + h * ex), (bx + h * ey, by - h * ex)
    # Both arcs turn the same way (sweep 1): the big one the long way round, away from the
    # small one; the small one through its far side, more than half when its centre is out.
    return (f"M{nums(*i1)}A{nums(r, r, 0, 1 if a > 0 else 0, 1, *i2)}"
            f"A{nums(pr, pr, 0, 1 if a < d else 0, 1, *i1)}Z")


def wrap(circles: Sequence[tuple[float, float, float]]) -> str:
    """The outline of the convex hull of a few circles (x, y, r): arcs joined by tangents.

    Which circle bounds the hull in each of 48 directions gives their order round it; the
    tangent between two neighbours is then exact (as in `hull`)."""
    steps = 48
    seq: list[int] = []
    for k in range(steps):
        t = 2 * math.pi * k / steps
        ct, st = math.cos(t), math.sin(t)
        i = max(range(len(circles)), key=lambda j: circles[j][0] * ct + circles[j][1] * st + circles[j][2])
        if not seq or seq[-1] != i:
            seq.append(i)
    while len(seq) > 1 and seq[0] == seq[-1]:
        seq.pop()
    if len(seq) == 1:
        return circle(*circles[seq[0]])
    normals = []
    for k, i in enumerate(seq):  # the outer tangent from circle i to the next one round
        (ax, ay, ra), (bx, by, rb) = circles[i], circles[seq[(k + 1) % len(seq)]]
        length = max(math.hypot(bx - ax, by - ay), 1e-9)
        ex, ey = (bx - ax) / length, (by - ay) / length
        s = max(-1.0, min(1.0, (ra - rb) / length))
        c = math.sqrt(1.0 - s * s)
        normals.append((s * ex + c * ey, s * ey - c * ex))  # the one met turning on from a
    out = ""
    for k, i in enumerate(seq):
        x, y, r = circles[i]
        (px, py), (qx, qy) = normals[k - 1], normals[k]
        turn = (math.atan2(qy, qx) - math.atan2(py, px)) % (2 * math.pi)
        start = nums(x + r * px, y + r * py)
        out += (f"M{start}" if k == 0 else f"L{start}") + (
            f"A{nums(r, r, 0, 1 if turn > math.pi else 0, 1, x + r * qx, y + r * qy)}")
    return out + "Z"
