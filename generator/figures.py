"""Render stage, figures: an exercise's `figure:` as one HTML `<figure>` of inline SVG frames.

The engine solves each frame (`solve_frame`), the drawing makes one SVG per frame
(`draw_frames`) and `markup` wraps them; this module adds the words (alt text, labels, the
caption), content text going through `text.to_html` only. A figure appears on its exercise page,
in every routine and guide block that folds the exercise, and on cheat sheets, so the HTML is
memoised by figure and title.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .figure import solve_frame
from .figure.camera import VIEWS
from .figure.draw import draw_frames
from .figure.markup import contact_sheet_html, figure_css
from .figure.markup import figure_html as wrap
from .figure.postures import POSTURES
from .model import Exercise, Figure, Frame, Line
from .text import parse_inline, to_html

REFERENCE = "docs/figures"  # the pictures CONTRIBUTING.md shows, made by `schema`


@functools.lru_cache(maxsize=4096)
def _html(figure: Figure, title: Line, numbers: bool) -> str:
    svgs = draw_frames([solve_frame(frame) for frame in figure.frames], figure.view,
                       figure.arrow, numbers=numbers)
    return wrap(svgs, [frame.alt.plain for frame in figure.frames],
                [to_html(frame.label) for frame in figure.frames], to_html(title))


def figure_html(exercise: Exercise, numbers: bool = True) -> str:
    """The exercise's figure as one line of HTML (a `<figure>` out of search), '' without one.
    `numbers=False` leaves out the frame numbers (for pictures printed too small to read them)."""
    return "" if exercise.figure is None else _html(exercise.figure, exercise.title, numbers)


def contact_sheet(exercises: tuple[Exercise, ...]) -> str:
    """One standalone page with every exercise's figure, for reviewing them all at once."""
    return contact_sheet_html([(to_html(e.title), figure_html(e)) for e in exercises
                               if e.figure is not None])


def site_css() -> str:
    """The figures' stylesheet, for pages that include it (the cheat sheets)."""
    return figure_css()


def write_contact_sheet(exercises: tuple[Exercise, ...], out: Path) -> Path:
    """Write the contact sheet to `out` (a .html file, or a folder that gets figures.html)."""
    target = out if out.suffix == ".html" else out / "figures.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(contact_sheet(exercises), encoding="utf-8")
    return target


# The pose each view is shown with: the right arm forwards and the left arm out to the side
# tell front from back and left from right. "above" is for lying down, so it shows a lying body
# with the right arm out to the side.
_VIEW_POSE: tuple[tuple[str, str, int], ...] = (("right_shoulder", "flexion", 90),
                                                ("left_shoulder", "abduction", 45))
_ABOVE_POSE: tuple[tuple[str, str, int], ...] = (("right_shoulder", "abduction", 90),)


def _reference_svg(posture: str, joints: tuple[tuple[str, str, int], ...], view: str) -> str:
    text = parse_inline(posture)[0]
    svg = draw_frames([solve_frame(Frame(text, text, posture, joints))], view, None)[0]
    # A file shown on its own (on GitHub, maybe in dark mode): black lines on white.
    return svg.replace("<svg ", '<svg style="background:#fff;color:#000" ', 1) + "\n"


def reference_svgs() -> dict[str, str]:
    """The pictures of every view and every posture for CONTRIBUTING.md, by file name."""
    out = {f"view-{name}.svg": _reference_svg(*(("lying-on-back", _ABOVE_POSE) if name == "above"
                                                 else ("standing", _VIEW_POSE)), name)
           for name in VIEWS}
    out.update({f"posture-{name}.svg": _reference_svg(name, (), "side") for name in POSTURES})
    return out
