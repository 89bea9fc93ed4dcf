"""Solved frames as SVG line figures: outlined shapes painted back to front, one camera per view.

Every capsule is the outline of the hull of its two circles; props are simple outlines. Shapes
are painted far to near (the painter's algorithm) with an opaque fill in the page colour, so
near limbs hide far ones. Where two shapes overlap in the picture, the one whose surface is
nearer the camera there is painted later; elsewhere the depth of their middles decides.
`shapes.py` groups the capsules into silhouettes (an arm, a far leg, the trunk with the near
legs), each painted as one: all outlines at double width, then all fills, so joints show no seams.

Colours: `currentColor` for lines and the class `sgb` for the page colour (figure.css); the
presentation attribute `fill="#fff"` beside it is what a renderer without the stylesheet
paints (WeasyPrint's SVG, which ignores page CSS: black lines on white). All frames of a figure
share one viewBox, and every figure one scale (`SCALE`), so people are the same size everywhere.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import outline as ol
from .camera import VIEWS, View, project
from .scene import Ball, Box, Capsule, Scene, Solid, Vec3
from .shapes import Piece, far_side, pieces

SCALE = 100.0  # SVG units per metre, for every figure on the site
DISPLAY = 1.3  # CSS px per SVG unit at natural size: a standing person about 220 px tall
STROKE = 1.6  # line width of near shapes, units
FAR_STROKE = 1.1  # line width of the far side's limbs
FAR_OPACITY = ".55"  # their lines, composited as one group
TINT_OPACITY = ".1"  # their faint currentColor fill
MARGIN = 6.0  # around the union of all frames, units
LABEL_R = 8.0  # the frame number's circle, round a bold digit of font size 11
FOLD_DEG = 55.0  # neighbours folded tighter than this keep their own outline (a bent elbow)


Cap = tuple[float, float, float, float, float, float, float, float]  # ax ay da ra bx by db rb


@dataclass(frozen=True, slots=True)
class _Item:
    """One shape to paint: its path, where it sorts, what it may merge with, its extent, and
    its geometry for depth tests (a capsule's projected ends and radii, or a box's corners)."""

    key: float  # paint order without overlaps: low first
    group: str  # shapes of one group may share a silhouette; "" never merges
    side: str
    d: str
    box: ol.Box2
    probes: tuple[tuple[float, float, float], ...]  # picture points inside, with own depth there
    cap: Cap | None = None  # a capsule's (or ball's, roll's) projected ends, depths and radii
    block: tuple[Vec3, Vec3] | None = None  # a box's low and high corners (world)
    prop: str = ""  # "box", "ball" or "roll" for props; "" for the body


def _pic(view: View, p: Vec3) -> tuple[float, float, float]:
    """A world point as picture units (x right, y down) and depth in metres (larger nearer)."""
    u, v, d = project(view, p)
    return u * SCALE, -v * SCALE, d


def _dot(p: Vec3, q: Vec3) -> float:
    return p[0] * q[0] + p[1] * q[1] + p[2] * q[2]


def _capsule_item(view: View, sort: Vec3, c: Capsule, group: str) -> _Item:
    ax, ay, da = _pic(view, c.a)
    bx, by, db = _pic(view, c.b)
    ra, rb = c.ra * SCALE, c.rb * SCALE
    mid = ((c.a[0] + c.b[0]) / 2, (c.a[1] + c.b[1]) / 2, (c.a[2] + c.b[2]) / 2)
    box = (min(ax - ra, bx - rb), min(ay - ra, by - rb), max(ax + ra, bx + rb), max(ay + ra, by + rb))
    probes = tuple((ax + (bx - ax) * t, ay + (by - ay) * t, da + (db - da) * t + (ra + (rb - ra) * t) / SCALE)
                   for t in (0.25, 0.75))
    return _Item(_dot(mid, sort), group, c.side, ol.hull(ax, ay, ra, bx, by, rb), box, probes,
                 (ax, ay, da, ra, bx, by, db, rb))


def _solid_item(view: View, sort: Vec3, s: Solid) -> _Item:
    """A prop's shape; it sorts by its farthest point, as props hold up what rests on them."""
    if isinstance(s, Box):
        (cx, cy, cz), (sx, sy, sz) = s.center, s.size
        lo, hi = (cx - sx / 2, cy - sy / 2, cz - sz / 2), (cx + sx / 2, cy + sy / 2, cz + sz / 2)
        world = [(x, y, z) for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])]
        pic = [_pic(view, p) for p in world]
        xs, ys = [p[0] for p in pic], [p[1] for p in pic]
        item = _Item(min(_dot(p, sort) for p in world), "", "mid", ol.block(pic, s.rounded),
                     (min(xs), min(ys), max(xs), max(ys)), (), block=(lo, hi), prop="box")
        cx, cy, _ = _pic(view, s.center)
        front = _depth_at(view, item, cx, cy)
        return item if front is None else replace(item, probes=((cx, cy, front),))
    if isinstance(s, Ball):
        x, y, d = _pic(view, s.center)
        r = s.r * SCALE
        return _Item(_dot(s.center, sort) - s.r, "", "mid", ol.ball(x, y, r), (x - r, y - r, x + r, y + r),
                     ((x, y, d + s.r),), (x, y, d, r, x, y, d, r), prop="ball")
    ax, ay, da = _pic(view, s.a)
    bx, by, db = _pic(view, s.b)
    r = s.r * SCALE
    length = math.dist(s.a, s.b)
    minor = r * abs(da - db) / length if length > 0 else r  # an end circle seen aslant: an ellipse
    probes = tuple((ax + (bx - ax) * t, ay + (by - ay) * t, da + (db - da) * t + s.r) for t in (0.25, 0.75))
    return _Item(min(_dot(s.a, sort), _dot(s.b, sort)) - s.r, "", "mid",
                 ol.cylinder((ax, ay), (bx, by), r, minor, da > db),
                 (min(ax, bx) - r, min(ay, by) - r, max(ax, bx) + r, max(ay, by) + r), probes,
                 (ax, ay, da, r, bx, by, db, r), prop="roll")


def _head(view: View, sort: Vec3, scene: Scene, head: Capsule) -> tuple[_Item, str]:
    """The head with a small nose bump on its face side, and a nose mark when the face looks
    at the camera (the bump is then inside the outline)."""
    r, c, f, u = head.ra, head.a, scene.face, scene.up
    tip: Vec3 = (c[0] + (f[0] * 0.93 - u[0] * 0.18) * r, c[1] + (f[1] * 0.93 - u[1] * 0.18) * r,
                 c[2] + (f[2] * 0.93 - u[2] * 0.18) * r)
    hx, hy, _ = _pic(view, c)
    x, y, _ = _pic(view, tip)
    k = r * SCALE * 0.22
    item = replace(_capsule_item(view, sort, head, "trunk"), d=ol.bump(hx, hy, r * SCALE, x, y, k * 1.1))
    mark = ""
    if _dot(f, view.toward) > 0.6:
        mark = (f"M{ol.nums(x - k * 0.3, y - 1.6 * k)}L{ol.nums(x + k * 0.4, y)}"
                f"L{ol.nums(x - k * 0.5, y + 0.4 * k)}")
    return item, mark


# ----------------------------------------------------------------------------- depth order


def _depth_at(view: View, it: _Item, x: float, y: float) -> float | None:
    """The depth (metres) of the surface of `it` nearest the camera at picture point (x, y),
    or None if the shape does not cover that point."""
    if it.cap is not None:
        ax, ay, da, ra, bx, by, db, rb = it.cap
        dx, dy = bx - ax, by - ay
        ll = dx * dx + dy * dy
        t = 0.0 if ll < 1e-9 else min(1.0, max(0.0, ((x - ax) * dx + (y - ay) * dy) / ll))
        best = None
        for s in (t, 0.0 if da > db else 1.0):  # the sphere closest in the picture; the near end
            px, py, r = ax + dx * s, ay + dy * s, ra + (rb - ra) * s
            gap = r * r - (x - px) ** 2 - (y - py) ** 2
            if gap >= 0:
                d = da + (db - da) * s + math.sqrt(gap) / SCALE
                best = d if best is None or d > best else best
        return best
    if it.block is not None:  # the ray through (x, y) against the box's three slabs
        u, v = x / SCALE, -y / SCALE
        lo, hi = it.block
        t_near, t_far = math.inf, -math.inf  # the ray's depths inside every slab so far
        for i in range(3):
            base, step = u * view.right[i] + v * view.up[i], view.toward[i]
            if abs(step) < 1e-9:
                if not lo[i] <= base <= hi[i]:
                    return None
                continue
            t0, t1 = sorted(((lo[i] - base) / step, (hi[i] - base) / step))
            t_near, t_far = min(t_near, t1), max(t_far, t0)
        return t_near if t_far <= t_near else None
    return None


def _in_front(view: View, a: _Item, b: _Item) -> int:
    """+1 if a is nearer than b where they overlap, -1 if b is, 0 if no probe tells."""
    for first, second, sign in ((a, b, 1), (b, a, -1)):
        x0, y0, x1, y1 = second.box
        for x, y, d1 in first.probes:
            if x0 < x < x1 and y0 < y < y1:
                d2 = _depth_at(view, second, x, y)
                if d2 is not None and abs(d1 - d2) > 0.002:
                    return sign if d1 > d2 else -sign
    return 0


def _overlap(a: ol.Box2, b: ol.Box2) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _order(view: View, items: list[_Item]) -> tuple[list[int], list[set[int]]]:
    """Paint order (indices), and for each item the items that must be painted before it."""
    n = len(items)
    under: list[set[int]] = [set() for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            a, b = items[i], items[j]
            if (a.group and a.group == b.group) or not _overlap(a.box, b.box):
                continue  # shapes of one silhouette: their order seldom shows
            front = _in_front(view, a, b)
            if front > 0:
                under[i].add(j)
            elif front < 0:
                under[j].add(i)
    waiting = [len(u) for u in under]
    above: list[list[int]] = [[] for _ in range(n)]
    for i, u in enumerate(under):
        for j in u:
            above[j].append(i)
    ready = [(items[i].key, i) for i in range(n) if not waiting[i]]
    heapq.heapify(ready)
    done: list[int] = []
    left = set(range(n))
    while left:
        if not ready:  # a cycle (three shapes each over the next): break it at the farthest
            i = min(left, key=lambda k: (items[k].key, k))
            waiting[i] = 0
            heapq.heappush(ready, (items[i].key, i))
        _, i = heapq.heappop(ready)
        if i not in left:
            continue
        left.discard(i)
        done.append(i)
        for j in above[i]:
            waiting[j] -= 1
            if waiting[j] == 0 and j in left:
                heapq.heappush(ready, (items[j].key, j))
    return done, under


def _folded(item: _Item, run: list[_Item]) -> bool:
    """True if `item` meets a shape of `run` at a sharp fold, so its outline should show."""
    if item.cap is None:
        return False
    mine = ((item.cap[0], item.cap[1]), (item.cap[4], item.cap[5]))
    for other in run:
        if other.cap is None:
            continue
        theirs = ((other.cap[0], other.cap[1]), (other.cap[4], other.cap[5]))
        for p, q in (mine, mine[::-1]):
            for s, t in (theirs, theirs[::-1]):
                if math.hypot(p[0] - s[0], p[1] - s[1]) > 0.5:
                    continue  # not the shared joint
                ux, uy, vx, vy = q[0] - p[0], q[1] - p[1], t[0] - s[0], t[1] - s[1]
                lu, lv = math.hypot(ux, uy), math.hypot(vx, vy)
                if lu > 1 and lv > 1 and (ux * vx + uy * vy) / (lu * lv) > math.cos(math.radians(FOLD_DEG)):
                    return True
    return False


def _runs(view: View, items: list[_Item]) -> tuple[list[list[int]], list[set[int]]]:
    """Items in paint order, gathered into silhouettes where no shape painted in between must
    lie under the one that joins; and for each item the items that must lie under it."""
    order, under = _order(view, items)
    runs: list[list[int]] = []
    for i in order:
        target = None
        if items[i].group:
            for k in range(len(runs) - 1, -1, -1):
                if items[runs[k][0]].group == items[i].group:
                    between = (j for run in runs[k + 1:] for j in run)
                    blocked = any(j in under[i] for j in between)
                    if not blocked and not _folded(items[i], [items[j] for j in runs[k]]):
                        target = runs[k]
                    break
        if target is None:
            runs.append([i])
        else:
            target.append(i)
    return runs, under


# ----------------------------------------------------------------------------- SVG


def _silhouette(run: list[_Item], far: bool) -> str:
    """Shapes painted as one: all outlines at double width, then all fills over them."""
    paths = "".join(f'<path d="{it.d}"/>' for it in run)
    if not far:
        if len(run) == 1:
            return paths
        return f'<g stroke-width="{ol.num(2 * STROKE)}">{paths}</g><g stroke="none">{paths}</g>'
    return (f'<g stroke-width="{ol.num(2 * FAR_STROKE)}" opacity="{FAR_OPACITY}">{paths}</g>'
            f'<g stroke="none">{paths}</g>'
            f'<g fill="currentColor" stroke="none" opacity="{TINT_OPACITY}">{paths}</g>')


def _paint(view: View, items: list[_Item], far: str) -> tuple[str, str]:
    """The frame's shapes back to front, and the dashed outlines of small props hidden under
    the body (a ball under the back must still show). A prop in front of the body is drawn
    see-through, so it never hides the position the figure is about."""
    runs, under = _runs(view, items)
    body = [i for i, it in enumerate(items) if not it.prop]
    out, hidden = [], ""
    for run in runs:
        first = items[run[0]]
        if not first.prop:
            out.append(_silhouette([items[i] for i in run], bool(far) and first.side == far))
        elif first.prop != "box" and any(run[0] in under[j] for j in body):
            out.append(f'<path d="{first.d}"/>')
            hidden += first.d
        elif any(not items[j].prop for j in under[run[0]]):
            out.append(f'<path fill="none" opacity="{FAR_OPACITY}" d="{first.d}"/>')
        else:
            out.append(f'<path d="{first.d}"/>')
    return "".join(out), hidden


@dataclass(frozen=True, slots=True)
class _Frame:
    items: list[_Item]
    marks: str  # thin lines over the body (the nose seen from the front)
    far: str


def _piece_item(view: View, sort: Vec3, piece: Piece) -> _Item:
    """A piece as a shape to paint, with its own sorting point, outline or depth probes."""
    item = _capsule_item(view, sort, piece.capsule, piece.group)
    if piece.middle is not None:
        item = replace(item, key=_dot(piece.middle, sort))
    ax, ay, da, ra, bx, by, db, rb = item.cap or (0.0,) * 8
    if piece.wide:  # the outline wraps its first end and these spheres
        circles = [(ax, ay, ra)] + [(*_pic(view, p)[:2], r * SCALE) for p, r in piece.wide]
        box = (min(x - r for x, _, r in circles), min(y - r for _, y, r in circles),
               max(x + r for x, _, r in circles), max(y + r for _, y, r in circles))
        item = replace(item, d=ol.wrap(circles), box=box)
    if piece.probe:  # depth told at one end, or not at all
        ends = {"a": ((ax, ay, da + ra / SCALE),), "b": ((bx, by, db + rb / SCALE),), "-": ()}
        item = replace(item, probes=ends[piece.probe])
    return item


def _frame(view: View, sort: Vec3, scene: Scene) -> _Frame:
    far = far_side(view, scene)
    items, marks = [], ""
    for piece in pieces(view, scene, far):
        if piece.capsule.name == "head" and piece.capsule.a == piece.capsule.b:
            head, marks = _head(view, sort, scene, piece.capsule)
            items.append(head)
        else:
            items.append(_piece_item(view, sort, piece))
    items.extend(_solid_item(view, sort, s) for s in scene.solids)
    return _Frame(items, marks, far)


def _centre(items: list[_Item]) -> ol.Pt:
    return (sum(it.box[0] + it.box[2] for it in items) / (2 * len(items)),
            sum(it.box[1] + it.box[3] for it in items) / (2 * len(items)))


def draw_frames(scenes: Sequence[Scene], view: str, arrow: str | None, *,
                numbers: bool = True) -> tuple[str, ...]:
    """One standalone <svg> per frame, all with one scale and one viewBox so they line up;
    `numbers=False` leaves out the frame numbers (pictures shown too small to read them)."""
    cam = VIEWS[view]
    # Sorting halves the camera's height: from a raised camera a thigh beside the belly stays
    # in front of it, while a ball under the back still goes behind the back.
    sort = (cam.toward[0], cam.toward[1] * 0.5, cam.toward[2])
    frames = [_frame(cam, sort, s) for s in scenes]
    arrows: list[tuple[str, str, ol.Box2] | None] = [None]
    for prev, scene, fr in zip(scenes, scenes[1:], frames[1:], strict=False):
        if arrow and arrow in prev.points and arrow in scene.points and fr.items:
            p, q = _pic(cam, prev.points[arrow]), _pic(cam, scene.points[arrow])
            arrows.append(ol.arrow((p[0], p[1]), (q[0], q[1]), _centre(fr.items)))
        else:
            arrows.append(None)
    shapes = [it.box for fr in frames for it in fr.items] or [(-10.0, -10.0, 10.0, 10.0)]
    boxes = shapes + [a[2] for a in arrows if a]
    x0, y0 = min(b[0] for b in boxes) - MARGIN, min(b[1] for b in boxes) - MARGIN
    x1, y1 = max(b[2] for b in boxes) + MARGIN, max(b[3] for b in boxes) + MARGIN
    floor = cam.toward[1] < 0.9 and any(s.floor for s in scenes)
    floor_y = 0.0
    if floor:
        # A level camera sees the floor at y = 0; a raised one sees its near edge lowest.
        floor_y = 0.0 if abs(cam.toward[1]) < 1e-9 else max(b[3] for b in shapes)
        y1 = max(y1, floor_y + 2 * STROKE)
    label = (x0, y0, x0 + 2 * LABEL_R + 4, y0 + 2 * LABEL_R + 4)
    if numbers and any(_overlap(label, b) for b in boxes):
        y0 -= 2 * LABEL_R + 2  # room above the figure for the frame number
    x0, y0, x1, y1 = (round(v, 1) for v in (x0, y0, x1, y1))
    w, h = x1 - x0, y1 - y0
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{" ".join(map(ol.num, (x0, y0, w, h)))}" '
            f'width="{ol.num(w * DISPLAY)}" height="{ol.num(h * DISPLAY)}" class="sg-frame">'
            f'<g fill="none" stroke="currentColor" stroke-width="{ol.num(STROKE)}" '
            'stroke-linecap="round" stroke-linejoin="round">')
    cx, cy = x0 + LABEL_R + 2, y0 + LABEL_R + 2
    out = []
    for number, (fr, arr) in enumerate(zip(frames, arrows, strict=True), start=1):
        parts = [head]
        if floor:
            parts.append(f'<path d="M{ol.nums(x0, floor_y)}H{ol.num(x1)}"/>')
        parts.append('<g class="sgb" fill="#fff">')
        drawn, hidden = _paint(cam, fr.items, fr.far)
        parts.append(drawn + "</g>")
        if hidden:
            parts.append(f'<path stroke-width="1" stroke-dasharray="2 1.5" d="{hidden}"/>')
        if fr.marks:
            parts.append(f'<path stroke-width="1" d="{fr.marks}"/>')
        if arr:  # a halo in the page colour keeps the arrow readable where it crosses the body
            parts.append(f'<path class="sgh" stroke="#fff" stroke-width="{ol.num(3 * STROKE)}" d="{arr[0]}"/>'
                         f'<path d="{arr[0]}"/><path fill="currentColor" d="{arr[1]}"/>')
        if numbers:
            parts.append(f'<circle class="sgb" fill="#fff" stroke-width="1.2" cx="{ol.num(cx)}" '
                         f'cy="{ol.num(cy)}" r="{ol.num(LABEL_R)}"/><text x="{ol.num(cx)}" '
                         f'y="{ol.num(cy + 4)}" fill="currentColor" stroke="none" font-family="sans-serif" '
                         f'font-size="11" font-weight="bold" text-anchor="middle">{number}</text>')
        parts.append("</g></svg>")
        out.append("".join(parts))
    return tuple(out)
