"""Drawing exercise figures: SVG frames from placed scenes, and the HTML that holds them.

The scenes here are built by hand (a standing body of capsules, a chair of boxes, a ball, a
roll), so these tests do not move when the body model or the placement is tuned. Golden
files live in tests/golden/figures/; after a deliberate change to the drawing, regenerate them
with `UPDATE_GOLDEN=1 pytest tests/test_figure_draw.py`, look at them, and review the diff.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.figure.body import H
from generator.figure.camera import VIEWS, project
from generator.figure.draw import DISPLAY, SCALE, draw_frames
from generator.figure.markup import contact_sheet_html, figure_html
from generator.figure.scene import Ball, Box, Capsule, Roll, Scene, Side, Solid, Vec3

GOLDEN = Path(__file__).parent / "golden" / "figures"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
RAISED = (0.32, 1.42, 0.2)  # the right hand when the arm is held straight forward


def _mirror(p: Vec3, side: int) -> Vec3:
    return (p[0], p[1], p[2] * side)


def standing(right_hand: Vec3 | None = None, solids: tuple[Solid, ...] = ()) -> Scene:
    """A standing body facing +x (18 capsules), optionally with the right arm raised forward."""
    caps = [
        Capsule("pelvis", "mid", (0.0, 0.92, -0.07), 0.1, (0.0, 0.92, 0.07), 0.1),
        Capsule("abdomen", "mid", (-0.01, 0.98, 0.0), 0.095, (0.0, 1.13, 0.0), 0.1),
        Capsule("thorax", "mid", (0.0, 1.15, 0.0), 0.1, (0.01, 1.38, 0.0), 0.09),
        Capsule("shoulders", "mid", (-0.01, 1.42, -0.15), 0.06, (-0.01, 1.42, 0.15), 0.06),
        Capsule("neck", "mid", (0.01, 1.45, 0.0), 0.045, (0.02, 1.55, 0.0), 0.04),
        Capsule("head", "mid", (0.03, 1.64, 0.0), 0.1, (0.03, 1.64, 0.0), 0.1),
    ]
    points: dict[str, Vec3] = {"head": (0.03, 1.64, 0.0), "pelvis": (0.0, 0.92, 0.0)}
    for name, s in (("left", -1), ("right", 1)):
        side: Side = "left" if s < 0 else "right"
        shoulder, hip = _mirror((0.0, 1.42, 0.19), s), _mirror((0.0, 0.9, 0.09), s)
        if name == "right" and right_hand is not None:
            elbow, wrist, hand = (0.3, 1.42, 0.2), (0.55, 1.42, 0.2), (0.66, 1.42, 0.2)
        else:
            down = ((0.0, 1.1, 0.2), (0.0, 0.85, 0.2), (0.0, 0.74, 0.2))
            elbow, wrist, hand = (_mirror(p, s) for p in down)
        knee, ankle = _mirror((0.02, 0.48, 0.09), s), _mirror((0.0, 0.08, 0.09), s)
        caps += [
            Capsule(f"{name}_upper_arm", side, shoulder, 0.05, elbow, 0.04),
            Capsule(f"{name}_forearm", side, elbow, 0.04, wrist, 0.03),
            Capsule(f"{name}_hand", side, wrist, 0.03, hand, 0.033),
            Capsule(f"{name}_thigh", side, hip, 0.08, knee, 0.055),
            Capsule(f"{name}_calf", side, knee, 0.053, ankle, 0.034),
            Capsule(f"{name}_foot", side, _mirror((-0.04, 0.03, 0.09), s), 0.03,
                    _mirror((0.17, 0.02, 0.09), s), 0.02),
        ]
        points.update({f"{name}_shoulder": shoulder, f"{name}_hip": hip, f"{name}_elbow": elbow,
                       f"{name}_hand": hand, f"{name}_knee": knee})
    return Scene(tuple(caps), solids, points, (1.0, 0.0, 0.0), (0.0, 1.0, 0.0))


def chair_ball_roll() -> tuple[Solid, ...]:
    """A chair beside the body (seat, four legs, back), a ball and a rolled towel: 8 solids."""
    x, s = -0.6, 0.42
    legs = tuple(Box("chair", (x + i * 0.19, 0.21, k * 0.19), (0.03, 0.42, 0.03))
                 for i in (-1, 1) for k in (-1, 1))
    return (Box("chair", (x, 0.44, 0.0), (s, 0.04, s)), *legs,
            Box("chair", (x - 0.2, 0.68, 0.0), (0.03, 0.44, s)),
            Ball("tennis-ball", (0.35, 0.034, 0.1), 0.034),
            Roll("towel", (0.3, 0.04, -0.25), (0.3, 0.04, 0.05), 0.04))


def two_frames() -> list[Scene]:
    return [standing(solids=chair_ball_roll()), standing(RAISED, chair_ball_roll())]


class _Svgs(HTMLParser):
    """The attributes of every <svg> element in a piece of HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.svgs: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.svgs.append(dict(attrs))


def _svg_attrs(markup: str) -> list[dict[str, str | None]]:
    parser = _Svgs()
    parser.feed(markup)
    return parser.svgs


def _extent(d: str) -> tuple[float, float, float, float]:
    """The picture extent (x0, y0, x1, y1) of a path of M, L, H, Q and circular A commands."""
    tokens = re.findall(r"[MLHQAaZ]|-?(?:\d+\.?\d*|\.\d+)", d)
    xs: list[float] = []
    ys: list[float] = []
    x = y = 0.0
    i = 0
    while i < len(tokens):
        cmd = tokens[i]
        if cmd == "Z":
            i += 1
            continue
        n = {"M": 2, "L": 2, "H": 1, "Q": 4, "A": 7, "a": 7}[cmd]
        v = [float(t) for t in tokens[i + 1:i + 1 + n]]
        i += 1 + n
        if cmd in "aA":
            r, large, sweep = v[0], v[3], v[4]
            ex, ey = (x + v[5], y + v[6]) if cmd == "a" else (v[5], v[6])
            hx, hy = (x - ex) / 2, (y - ey) / 2  # the SVG centre of a circular arc
            k = math.sqrt(max(0.0, r * r / max(hx * hx + hy * hy, 1e-12) - 1))
            k = k if large != sweep else -k
            cx, cy = (x + ex) / 2 + k * hy, (y + ey) / 2 - k * hx
            start = math.atan2(y - cy, x - cx)
            span = (math.atan2(ey - cy, ex - cx) - start) % (2 * math.pi)
            span = span if sweep else span - 2 * math.pi
            for q in range(4):  # the circle's extreme points that the arc passes
                t = q * math.pi / 2
                if ((t - start) % (2 * math.pi) < span) if sweep else ((start - t) % (2 * math.pi) < -span):
                    xs.append(cx + r * math.cos(t))
                    ys.append(cy + r * math.sin(t))
            x, y = ex, ey
        elif cmd == "H":
            x = v[0]
        else:
            x, y = v[-2], v[-1]
        xs.append(x)
        ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def _near_and_far(svg: str) -> tuple[list[str], list[str]]:
    """The body's path data drawn in full lines, and those drawn lighter (the far side)."""
    far_groups = re.findall(r'<g stroke-width="[\d.]+" opacity="\.55">(.*?)</g>', svg)
    far = [d for g in far_groups for d in re.findall(r'd="([^"]+)"', g)]
    near = [d for d in re.findall(r'<path d="([^"]+)"', svg) if d not in far and "H" not in d]
    return near, far  # without the floor line


def _attr(svg: str, name: str) -> str:
    """The value of an attribute of a frame's <svg> element."""
    value = _svg_attrs(svg)[0].get(name.lower())  # HTML parsing lowercases names
    assert value is not None, name
    return value


# ----------------------------------------------------------------------------- camera


def test_views_put_the_standing_body_where_the_reader_expects() -> None:
    face, right_hand = (1.0, 1.5, 0.0), (0.0, 0.8, 0.2)
    assert project(VIEWS["side"], face)[0] > 0  # faces the right of the picture
    assert project(VIEWS["side"], right_hand)[2] > 0  # the right side is the near side
    assert project(VIEWS["front"], (0.0, 0.8, -0.2))[0] > 0  # its left on the picture's right
    assert project(VIEWS["back"], right_hand)[0] > 0
    assert project(VIEWS["above"], (0.0, 0.0, -1.0))[1] > 0  # picture up is -z
    tq = VIEWS["three-quarter"]
    assert project(tq, face)[0] > 0 and project(tq, face)[2] > 0  # turned towards the front
    assert project(tq, (0.0, 0.0, 1.0))[1] < 0 < project(tq, (0.0, 0.0, -1.0))[1]  # raised: floor shows
    assert all(v.description.endswith(".") for v in VIEWS.values())


# ----------------------------------------------------------------------------- SVG


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_same_scenes_give_the_same_bytes(view: str) -> None:
    assert draw_frames(two_frames(), view, "right_hand") == draw_frames(two_frames(), view, "right_hand")


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_frames_of_a_figure_share_one_viewbox_and_stay_small(view: str) -> None:
    frames = draw_frames(two_frames(), view, "right_hand")
    assert len({_attr(f, "viewBox") for f in frames}) == 1
    assert all(len(f.encode()) < 8 * 1024 for f in frames), [len(f) for f in frames]
    for f in frames:
        assert "<script" not in f and "<style" not in f and "<?xml" not in f
        assert f.startswith("<svg ") and f.endswith("</svg>") and "\n" not in f


def test_people_are_drawn_at_one_scale_in_every_figure() -> None:
    one = draw_frames([standing()], "side", None)[0]
    two = draw_frames([standing(RAISED, chair_ball_roll())], "side", None)[0]
    # World coordinates map to the same picture units in any figure: the body's own shapes
    # (the left leg, not moved) are the same paths, and the head's radius is 0.1 m * 100.
    legs = [set(re.findall(r'd="([^"]+)"', f)) for f in (one, two)]
    assert len(legs[0] & legs[1]) >= 3
    assert "A10 10" in one and "A10 10" in two
    box = _attr(one, "viewBox").split(" ")
    # Every figure is shown at the same size per unit (DISPLAY CSS px at natural size).
    assert [float(_attr(one, "width")), float(_attr(one, "height"))] == pytest.approx(
        [float(box[2]) * DISPLAY, float(box[3]) * DISPLAY], abs=0.06)


def test_near_limb_is_painted_over_the_far_one() -> None:
    # Two arms at the same height, the right one nearer the side camera; told apart by radius.
    far = Capsule("left_forearm", "left", (0.0, 1.0, -0.2), 0.05, (0.3, 1.0, -0.2), 0.05)
    near = Capsule("right_forearm", "right", (0.0, 1.0, 0.2), 0.03, (0.3, 1.0, 0.2), 0.03)
    for caps in ((far, near), (near, far)):
        scene = Scene(caps, (), {}, (1.0, 0.0, 0.0), (0.0, 1.0, 0.0))
        for view in ("side", "three-quarter"):
            svg = draw_frames([scene], view, None)[0]
            assert svg.rindex("A5 5") < svg.index("A3 3"), view


def test_far_side_limbs_are_drawn_lighter() -> None:
    svg = draw_frames([standing()], "side", None)[0]
    assert 'opacity=".55"' in svg and 'fill="currentColor" stroke="none" opacity=".1"' in svg
    front = draw_frames([standing()], "front", None)[0]
    assert 'opacity=".1"' not in front  # facing the camera, neither side is the far one


def test_arrow_only_in_frames_after_the_first() -> None:
    frames = draw_frames([standing(), standing(RAISED), standing()], "side", "right_hand")
    assert ['class="sgh"' in f for f in frames] == [False, True, True]
    assert not any('class="sgh"' in f for f in draw_frames(two_frames(), "side", None))
    assert not any('class="sgh"' in f for f in draw_frames(two_frames(), "side", "no_such_point"))


def test_floor_line_in_every_view_but_above() -> None:
    floor = re.compile(r'<path d="M[-\d. ]+H[-\d.]+"/>')
    for view in VIEWS:
        assert bool(floor.search(draw_frames([standing()], view, None)[0])) == (view != "above"), view


def test_colours_follow_the_page_and_print_without_css() -> None:
    svg = draw_frames(two_frames(), "three-quarter", "right_hand")[1]
    colours = set(re.findall(r'(?:fill|stroke)="([^"]+)"', svg))
    assert colours <= {"currentColor", "#fff", "none"}, colours
    assert '<g class="sgb" fill="#fff">' in svg  # figure.css turns #fff into the page colour


def test_ball_under_the_body_still_shows_dashed() -> None:
    ball = Ball("tennis-ball", (0.0, 0.9, 0.04), 0.034)  # inside the pelvis, seen from the side
    svg = draw_frames([standing(solids=(ball,))], "side", None)[0]
    assert "stroke-dasharray" in svg


def test_extent_of_a_path_follows_its_arcs() -> None:
    from generator.figure.outline import circle, hull

    assert _extent(circle(10, 20, 5)) == pytest.approx((5, 15, 15, 25))
    # Ends rounded to a tenth move a half circle's centre by up to half a unit.
    assert _extent(hull(0, 0, 5, 20, 0, 3)) == pytest.approx((-5, -5, 23, 5), abs=0.6)
    assert _extent(hull(20, 0, 3, 0, 0, 5)) == pytest.approx((-5, -5, 23, 5), abs=0.6)


def _trunk_and_thighs() -> Scene:
    keep = ("pelvis", "abdomen", "thorax", "left_thigh", "right_thigh")
    full = standing()
    return replace(full, capsules=tuple(c for c in full.capsules if c.name in keep))


def test_turned_body_shows_no_hip_bulging_in_front_of_the_belly() -> None:
    # Turned towards the camera, the far hip lies on the side the body faces: in the near
    # outline it would bulge like a buttock there, so that the figure seems to face backwards.
    tq = VIEWS["three-quarter"]
    near, far = _near_and_far(draw_frames([_trunk_and_thighs()], "three-quarter", None)[0])
    belly = max(project(tq, c.b)[0] + c.rb for c in standing().capsules if c.name in ("abdomen", "thorax"))
    assert max(_extent(d)[2] for d in near) <= belly * SCALE + 0.6
    far_hip = project(tq, (0.0, 0.92, -0.07))[0] + 0.1  # the pelvis's far end, drawn lighter
    assert max(_extent(d)[2] for d in far) == pytest.approx(far_hip * SCALE, abs=0.6)
    front = draw_frames([_trunk_and_thighs()], "front", None)[0]
    assert not _near_and_far(front)[1]  # facing the camera, both hips are near


TOES_UP = Capsule("right_foot", "right", (0.0, 0.03, 0.09), 0.03, (0.1, 0.12, 0.09), 0.02)


@pytest.mark.parametrize("toes_up", [False, True])
def test_foot_pointing_at_the_camera_is_drawn_over_its_shin(toes_up: bool) -> None:
    scene = standing()
    if toes_up:  # a heel press: the heel on the floor, the toes up and towards the camera
        scene = replace(scene, capsules=tuple(TOES_UP if c.name == "right_foot" else c
                                              for c in scene.capsules))
    svg = draw_frames([scene], "front", None)[0]
    ankle = 2 * 0.034 * SCALE  # the calf's width at the ankle
    # A foot outline of its own (not inside a silhouette's groups), as wide as a foot.
    own = [d for d in re.findall(r'<path d="([^"]+)"/>', svg) if svg.count(d) == 1 and "H" not in d]
    feet = [e for e in map(_extent, own) if e[3] > -1 and e[2] - e[0] > ankle]
    assert len(feet) == 2, feet
    assert all(e[2] - e[0] == pytest.approx(0.055 * H * SCALE, abs=0.6) for e in feet)
    body = svg.split('class="sgb"', 1)[1]
    calf = max(body.rindex(d) for d in re.findall(r'd="([^"]+)"', body) if "A3.4 3.4" in d)
    assert all(body.index(d) > calf for d in own if _extent(d) in feet)  # painted over the shins


def test_thumb_shows_which_way_the_palm_faces() -> None:
    raised = standing(RAISED)  # the right arm straight forward, seen from its side
    plain = set(re.findall(r'd="([^"]+)"', draw_frames([raised], "side", None)[0]))
    hand = 1.42 * SCALE  # the hand's middle, 3.3 units in radius, above the floor
    for up in (1.0, -1.0):  # the thumb up (the palm turned in), then down (turned out)
        svg = draw_frames([replace(raised, thumbs={"right": (0.0, up, 0.0)})], "side", None)[0]
        added = set(re.findall(r'd="([^"]+)"', svg)) - plain
        assert len(added) == 1, added  # a stub, beside the hand on the thumb's side
        _, y0, _, y1 = _extent(added.pop())
        assert (-y0 > hand + 4.3) if up > 0 else (-y1 < hand - 4.3)


def test_frame_numbers_can_be_left_out() -> None:
    frames = draw_frames(two_frames(), "side", "right_hand")
    assert ['>1</text>' in frames[0], '>2</text>' in frames[1]] == [True, True]
    bare = draw_frames(two_frames(), "side", "right_hand", numbers=False)
    assert not any("<text" in f or "<circle" in f for f in bare)
    assert float(_attr(bare[0], "height")) <= float(_attr(frames[0], "height"))


def test_golden_figure() -> None:
    frames = draw_frames(two_frames(), "three-quarter", "right_hand")
    golden = GOLDEN / "standing-props-three-quarter.svg"
    text = "\n".join(frames) + "\n"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- HTML


def test_each_frame_is_an_image_named_by_its_alt_text() -> None:
    alts = ['Standing, "arms" <script>alert(1)</script> & relaxed', "Right arm forward"]
    html = figure_html(draw_frames(two_frames(), "side", "right_hand"), alts,
                       ["<em>Start</em>", "Reach"], "Raise the <strong>right</strong> arm.")
    svgs = _svg_attrs(html)
    assert [s["role"] for s in svgs] == ["img", "img"]
    assert [s["aria-label"] for s in svgs] == alts
    assert "<script" not in html and "&lt;script&gt;" in html and "&quot;arms&quot;" in html
    assert html.startswith('<figure class="sg-figure" data-search-exclude>')
    assert "<figcaption>Raise the <strong>right</strong> arm.</figcaption>" in html
    assert "\n" not in html  # one block of raw HTML: no line, let alone a blank one, ends it


def test_figure_needs_an_alt_and_a_label_per_frame() -> None:
    frames = draw_frames(two_frames(), "side", None)
    with pytest.raises(ValueError):
        figure_html(frames, ["one"], ["1", "2"], "")


def test_contact_sheet_is_one_standalone_page() -> None:
    fig = figure_html(draw_frames([standing()], "side", None), ["Standing"], ["Start"], "")
    page = contact_sheet_html([("Chin tuck &amp; hold", fig), ("Wall slide", fig)])
    assert page.startswith("<!DOCTYPE html>") and page.count("<figure") == 2
    assert "<h2>Chin tuck &amp; hold</h2>" in page and ".sgb" in page
    assert not re.search(r"<link|<script|src=|url\(|@import", page)


# ----------------------------------------------------------------------------- real frames


def test_every_posture_draws_small_in_every_view() -> None:
    from generator.figure import solve_frame
    from generator.figure.postures import POSTURES
    from generator.model import Frame
    from generator.text import parse_inline

    line = parse_inline("A position.")[0]
    for posture in POSTURES:
        still = Frame(label=line, alt=line, posture=posture)
        moved = Frame(label=line, alt=line, posture=posture, joints=(("right_elbow", "flexion", 60),))
        scenes = [solve_frame(still), solve_frame(moved)]
        for view in VIEWS:
            frames = draw_frames(scenes, view, "right_hand")
            assert frames == draw_frames(scenes, view, "right_hand")
            assert all(len(f.encode()) < 8 * 1024 for f in frames), (posture, view)
            assert 'class="sgh"' in frames[1], (posture, view)  # the hand moved: an arrow
