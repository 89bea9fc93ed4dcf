"""How tall a routine's cheat sheet is, estimated without laying it out.

A real layout (WeasyPrint) costs about 0.4 s a sheet and paper, and a long sheet several
seconds, so `check` cannot afford one for every routine of a large library. This module follows
the stylesheets (`templates/cheatsheet*.css`) box by box for two layouts, the first and the
condensed (the last, in two columns): it breaks each paragraph into lines (`text`) and
adds up line heights, borders, paddings and the margins left after collapsing, and balances
the exercises between columns as WeasyPrint does (the lowest column height at which, filled in
order, they fit; an exercise is never split).

It gives an upper bound (`bound="upper"`: lines broken the tight way, text beside a figure
given the widest figure's room unless the figure's width is known, the last bottom margin
counted) and a lower bound (`"lower"`: lines broken the loose way, no room lost to figures,
columns balanced as if exercises could be split). On the seed routines and a synthetic library
the upper bound of the first layout comes out 0.6 mm above the real height;
`tests/test_sheetfit.py` holds both bounds to real layouts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Dose, Exercise, Line, Routine, RoutineItem
from ..xref import Site
from .text import (
    DOSE_SEPARATOR,
    PT,
    SPACE_WIDTH,
    Glue,
    Part,
    Text,
    Unmeasured,
    bold_width,
    dose_parts,
    lines,
    measure,
    rules_of,
    runs,
)

PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}


@dataclass(frozen=True, slots=True)
class Geometry:
    """The sizes (mm, type in points) of one layout, from its stylesheets."""

    margin_x: float  # @page :first
    margin_top: float
    margin_bottom: float
    body: float
    leading: float
    h1: float
    h2: float
    h3: float
    p: float  # a paragraph's top and bottom margin
    qr: float
    header_pad: float  # under the header, above its rule
    safety_margin: float
    safety_pad_y: float
    safety_pad_x: float
    list_margin: float  # above the exercises
    item_pad: float  # above and below each exercise
    columns: int
    column_gap: float
    number: float  # the circled number's least width
    number_border: float  # points
    step_box: float  # padding and border around a step's number
    step_suffix: str  # after a step's number
    figure_height: float
    figure_gap: float  # between the text and the figure
    frame_max: tuple[float, float, float, float]  # a frame's max-width, for 1 to 4 frames
    h2_margins: tuple[float, float]
    ticks: float  # the tick grid with its top margin (measured: two fixed rows and a caption)
    footer_margin: float


FIRST = Geometry(
    margin_x=11.0, margin_top=9.0, margin_bottom=9.0, body=10.0, leading=1.3, h1=17.0, h2=11.0,
    h3=10.5, p=0.6, qr=21.0, header_pad=1.5, safety_margin=2.0, safety_pad_y=1.0,
    safety_pad_x=2.0, list_margin=1.5, item_pad=1.0, columns=1, column_gap=0.0, number=5.0,
    number_border=1.0, step_box=2 * 0.6 + 1.5 * PT, step_suffix="", figure_height=14.0,
    figure_gap=3.0, frame_max=(56.0, 27.2, 17.6, 12.8), h2_margins=(2.5, 1.0),
    ticks=2.5 + 19.42, footer_margin=2.0)
# The last layout: cheatsheet.css + -tight.css + -columns.css + -condensed.css.
CONDENSED = Geometry(
    margin_x=8.0, margin_top=7.0, margin_bottom=7.0, body=9.0, leading=1.15, h1=13.0, h2=10.0,
    h3=9.5, p=0.3, qr=16.0, header_pad=1.0, safety_margin=1.2, safety_pad_y=0.3,
    safety_pad_x=1.2, list_margin=1.0, item_pad=0.6, columns=2, column_gap=6.0, number=4.0,
    number_border=0.75, step_box=0.0, step_suffix=".", figure_height=8.0, figure_gap=2.0,
    frame_max=(26.0, 12.2, 7.8, 5.6), h2_margins=(1.5, 0.5), ticks=1.5 + 14.04,
    footer_margin=1.0)
LAYOUT_GEOMETRY = {"first": FIRST, "condensed": CONDENSED}
_THICK, _THIN = 1.5 * PT, 0.75 * PT  # border widths
_FRAME_GAP, _QR_CAPTION_GAP, _HEADER_GAP, _H1_GAP, _RULES_INDENT, _RULES_GAP = (
    1.5, 0.5, 4.0, 1.0, 5.0, 0.5)
_FLOAT_TOP, _FLOAT_BOTTOM = 0.3, 0.5  # `.pictures` margins
_BALANCE_SLACK = 0.3  # WeasyPrint raises a column's height by at least a pixel at a time


def row_width(frames: int, aspect: float, geometry: Geometry = FIRST) -> float:
    """The width (mm) of a figure's row of `frames` frames, each `aspect` wide to 1 high."""
    each = min(geometry.figure_height * aspect, geometry.frame_max[frames - 1])
    return frames * each + (frames - 1) * _FRAME_GAP


def room(paper: str, layout: str = "first") -> float:
    """The height (mm) a sheet's content has on its first page of `paper`."""
    g = LAYOUT_GEOMETRY[layout]
    return PAPER_MM[paper][1] - g.margin_top - g.margin_bottom


def heights(site: Site, routine: Routine, url: str,
            aspect_of: Callable[[Exercise], float | None] | None = None, layout: str = "first",
            bound: str = "upper") -> dict[str, float]:
    """A bound on the height (mm) of the sheet's content in `layout` ('first' or 'condensed'),
    by paper. `aspect_of` gives the aspect (width to height) of an exercise's figure's frames,
    or None when unknown; it is asked only when a figure's width changes the lines beside it
    (drawing figures is the slow part). Raises Unmeasured for text it cannot measure."""
    g = LAYOUT_GEOMETRY[layout]
    sheet = _measure(site, routine, url, aspect_of or _unknown, g, bound == "lower")
    return {paper: _height(sheet, size[0] - 2 * g.margin_x, g, bound == "lower")
            for paper, size in PAPER_MM.items()}


@dataclass(frozen=True, slots=True)
class _Block:
    """One exercise on the sheet: heading, paragraphs, and its figure's frames (0: none) and
    aspect, asked for only when the figure's width changes the lines (None: unknown)."""

    heading: Text
    paragraphs: tuple[Text, ...]
    frames: int
    aspect: Callable[[], float | None]


@dataclass(frozen=True, slots=True)
class _Sheet:
    """A sheet's text, measured once for every paper."""

    title: Text
    meta: Text
    caption: float
    notices: tuple[Text, ...]
    rules: tuple[Text, ...]  # the rules' heading, then one per rule
    frequency: Text | None
    blocks: tuple[_Block, ...]
    extras: tuple[Text | None, tuple[_Block, ...]]
    footer: Text


def _measure(site: Site, routine: Routine, url: str,
             aspect_of: Callable[[Exercise], float | None], g: Geometry, loose: bool) -> _Sheet:
    def text(parts: Sequence[Part], size: float = g.body) -> Text:
        return measure(parts, size, loose)

    def notice(title: Line, paragraphs: Sequence[Line]) -> Text:
        parts: list[Part] = [*runs(title, True), (". ", True)]
        for paragraph in paragraphs:
            parts += [*runs(paragraph), (" ", False)]
        return text(parts)

    def block(item: RoutineItem, position: int) -> _Block:
        e = site.exercises[item.exercise]
        dose: Dose | None = item.dose or e.dose
        # The circled number (its margin, then a space) is held to the title's first word.
        circle = max(g.number, bold_width(str(position)) * g.h3 * PT + 2 * g.number_border * PT)
        number = Glue(circle + 1.0 + SPACE_WIDTH * g.h3 * PT)
        heading = [number, *runs(e.title, True), (" ", False),
                   (site.term("positions", e.position).label, False)]
        paragraphs: list[Sequence[Part]] = []
        if dose is not None:
            parts: list[Part] = [("Dose:", True), (" ", False)]
            for i, (words, content) in enumerate(dose_parts(dose)):
                parts += [(DOSE_SEPARATOR if i else "", False), (words, False),
                          *(runs(content) if content is not None else ())]
            paragraphs.append(parts)
        steps: list[Part] = []
        for i, step in enumerate(e.steps, start=1):
            # The number (and its box), a no-break space, the step, a space.
            box = (bold_width(str(i) + g.step_suffix) + SPACE_WIDTH) * g.body * PT + g.step_box
            steps += [Glue(box), *runs(step), (" ", False)]
        paragraphs.append(steps)
        if item.note is not None:
            paragraphs.append([("Note:", True), (" ", False), *runs(item.note)])
        paragraphs += [[("Caution:", True), (" ", True), *runs(c, True)] for c in e.cautions]
        frames = len(e.figure.frames) if e.figure is not None else 0
        return _Block(text(heading, g.h3), tuple(text(p) for p in paragraphs), frames,
                      functools.partial(aspect_of, e))

    label = site.term("positions", routine.position).label
    minutes = f"takes {routine.minutes} minute{'' if routine.minutes == 1 else 's'}"
    notices = [*site.defaults, *(site.disclaimers[s] for s in routine.disclaimers
                                 if not site.disclaimers[s].default)]
    rules, frequency = rules_of(site, routine)
    extras = routine.extras
    return _Sheet(
        title=text(runs(routine.title, True), g.h1),
        meta=text([(label, True), (f" · {minutes} · ", False), *runs(routine.summary)]),
        caption=sum(w + s for w, s in measure([("Full instructions", False)], g.body)),
        notices=tuple(notice(d.title, d.text.paragraphs) for d in notices),
        rules=(text([("How to use it:", True)]), *(text(runs(rule)) for rule in rules))
        if rules else (),
        frequency=None if frequency is None else text(
            [("How often:", True), (" ", False), *runs(frequency)]),
        blocks=tuple(block(item, k) for k, item in enumerate(routine.exercises, start=1)),
        extras=(None, ()) if extras is None else (
            text(runs(extras.title, True), g.h2),
            tuple(block(item, k) for k, item in enumerate(extras.exercises,
                                                          start=len(routine.exercises) + 1))),
        footer=text([("Full instructions and pictures: ", False), (url, False)]),
    )


def _height(sheet: _Sheet, width: float, g: Geometry, lower: bool) -> float:
    body = g.body * g.leading * PT

    def count(text: Text, w: float = width) -> int:
        return lines(text, lambda _i: w)

    # The header: title and meta line beside the QR code and its caption.
    beside_qr = width - _HEADER_GAP - max(g.qr, sheet.caption)
    heading = (count(sheet.title, beside_qr) * g.h1 * g.leading * PT + _H1_GAP
               + count(sheet.meta, beside_qr) * body + g.p)
    y = max(heading, g.qr + _QR_CAPTION_GAP + body) + g.header_pad + _THICK
    # The safety notices, in a bordered box with a margin above and below.
    y += g.safety_margin + 2 * (_THICK + g.safety_pad_y) + g.p
    inner = width - 2 * (_THICK + g.safety_pad_x)
    y += sum(count(text, inner) * body + g.p for text in sheet.notices)
    pending = g.safety_margin  # a bottom margin not yet collapsed with the next top margin
    if sheet.rules:
        heading_line, *rules = sheet.rules
        y += pending + count(heading_line) * body + _RULES_GAP
        y += sum(count(rule, width - _RULES_INDENT) for rule in rules) * body
        pending = 0.0
    elif sheet.frequency is not None:
        y += max(pending, g.p) + count(sheet.frequency) * body
        pending = g.p
    y += max(pending, g.list_margin) + _columns(sheet.blocks, width, g, lower)
    title, blocks = sheet.extras
    if title is not None:
        top, bottom = g.h2_margins
        y += top + count(title) * g.h2 * g.leading * PT + max(bottom, g.list_margin)
        y += _columns(blocks, width, g, lower)
    return y + g.ticks + g.footer_margin + count(sheet.footer) * body + (0.0 if lower else g.p)


def _columns(blocks: Sequence[_Block], width: float, g: Geometry, lower: bool) -> float:
    """The height of a list of exercises, in `g.columns` balanced columns."""
    column = (width - (g.columns - 1) * g.column_gap) / g.columns
    tall = [_block(b, column, g, lower) for b in blocks]
    if g.columns == 1 or not tall:
        return sum(tall)
    if lower:  # as if an exercise could be split between columns
        return sum(tall) / g.columns
    # The lowest height at which the exercises, in order, fill the columns (two here): the
    # first column takes as many as fit, the second the rest.
    assert g.columns == 2
    before = 0.0
    best = sum(tall)
    for k in range(len(tall) + 1):
        best = min(best, max(before, sum(tall) - before))
        before += tall[k] if k < len(tall) else 0.0
    return best + _BALANCE_SLACK


def _block(block: _Block, width: float, g: Geometry, lower: bool) -> float:
    """One exercise: its top border, padding, and the taller of its text and its figure."""
    if not block.frames or lower:
        return _laid_out(block, width, width, g)
    # Beside the widest figure any exercise can have; when that takes more lines than no
    # figure at all, the figure's own width decides (and it is drawn to know it).
    widest = _laid_out(block, width, width - g.figure_gap - row_width(1, 1e9, g), g)
    if widest == _laid_out(block, width, width, g) or (aspect := block.aspect()) is None:
        return widest
    return _laid_out(block, width, width - g.figure_gap - row_width(block.frames, aspect, g), g)


def _laid_out(block: _Block, width: float, beside: float, g: Geometry) -> float:
    """One exercise with lines `beside` wide level with its figure, `width` below it."""
    body = g.body * g.leading * PT
    h3 = g.h3 * g.leading * PT
    first = h3 + 2 * g.number_border * PT  # the number's circle makes the first line taller
    bottom = _FLOAT_TOP + g.figure_height + _FLOAT_BOTTOM if block.frames else 0.0

    def width_at(top: float, first: float, step: float) -> Callable[[int], float]:
        # A line that starts level with the figure is shortened by it.
        return lambda i: beside if top + (first + (i - 1) * step if i else 0.0) < bottom else width

    flow = first + (lines(block.heading, width_at(0.0, first, h3)) - 1) * h3
    for text in block.paragraphs:
        top = flow + g.p
        flow = top + lines(text, width_at(top, body, body)) * body
    return _THIN + 2 * g.item_pad + max(flow + g.p, bottom)


def _unknown(_exercise: Exercise) -> float | None:
    return None


__all__ = ["CONDENSED", "FIRST", "Unmeasured", "heights", "room", "row_width"]
