"""Cheat-sheet text measured without laying it out: the sheet's own words (shared with the
template) and paragraphs broken into lines with Liberation Sans' advance widths (`font`).

Two ways of breaking, for the two bounds `size` needs. The tight way (an upper bound on
lines) breaks only at a space before a letter or digit, fewer opportunities than Unicode line
breaking (UAX #14) gives Pango, and adds no kerning but the three pairs that push letters apart;
fewer opportunities and wider text never give fewer lines. The loose way (a lower bound) breaks
anywhere but inside a run of letters and digits, where UAX #14 never breaks either, and takes
the text 5 % narrower than it is (kerning draws letters closer by less than that). Text that
cannot be measured (a character without a known width, a word wider than its line) raises
`Unmeasured`.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Dose, Line, Plain, Range, Routine, Span, Strong
from ..xref import Site
from .font import BOLD, CODEPOINTS, NORMAL, UNITS_PER_EM, WIDER_PAIRS

PT = 25.4 / 72  # millimetres in a point
LOOSE = 0.95  # the share of its width text is given for a lower bound

_NORMAL = {chr(c): w / UNITS_PER_EM for c, w in zip(CODEPOINTS, NORMAL, strict=True)}
_BOLD = {chr(c): w / UNITS_PER_EM for c, w in zip(CODEPOINTS, BOLD, strict=True)}
SPACE_WIDTH = _NORMAL[" "]  # em; the same in bold, and for a no-break space
_KERN_APART = {pair: units / UNITS_PER_EM for pair, units in WIDER_PAIRS.items()}
assert all("’" in pair for pair in _KERN_APART)  # `measure` looks for them only then
# No line break at a space after these: an opening bracket or a quotation mark keeps the next
# word on its line in Unicode line breaking (UAX #14, rules LB14-LB19).
_HOLDS_NEXT = frozenset("([{\"'‘’“”‹›«»")
_TOKEN = re.compile(r"[ \t\n\r]+|[^ \t\n\r]+")
_CHUNK = re.compile(r"[^\W_]+|[\W_]")  # runs of letters and digits, and single other characters


# ---------------------------------------------------------------------------- the sheet's words
# Shared with the template (through `cheatsheet`), so the estimate measures what is printed.

DOSE_SEPARATOR = " · "


def dose_parts(dose: Dose) -> list[tuple[str, Line | None]]:
    """A dose in a few words, as parts of plain words and content text:
    [('5-15 reps each side', None), ('hold 5 s', None), ('aim for ', <about 6/10>)]."""

    def amount(n: int | Range, unit: str) -> str:
        return f"{n.low}–{n.high} {unit}" if isinstance(n, Range) else f"{n} {unit}"

    parts: list[tuple[str, Line | None]] = []
    side = " each side" if dose.each_side else ""
    if dose.reps is not None:
        parts.append((amount(dose.reps, "reps") + side, None))
        side = ""
    if dose.sets is not None:
        parts.append((amount(dose.sets, "sets"), None))
    if dose.hold_seconds is not None:
        parts.append(("hold " + amount(dose.hold_seconds, "s") + side, None))
        side = ""
    if dose.intensity is not None:
        parts.append(("aim for ", dose.intensity))
    if dose.hold_until is not None:
        parts.append(("hold until ", dose.hold_until))
    if side:
        parts.append((side.strip(), None))
    return parts


def rules_of(site: Site, routine: Routine) -> tuple[Sequence[Line], Line | None]:
    """What the sheet says about how to use it: the first guide's usage rules, or else the
    routine's own frequency (None when it has none or the rules are shown)."""
    guides = site.guides_using.get(f"routine:{routine.slug}", ())
    rules: Sequence[Line] = guides[0].how_to_use if guides else ()
    return rules, None if rules else routine.frequency


# ---------------------------------------------------------------------------- measuring text


class Unmeasured(Exception):
    """Text the estimate cannot measure: a character of unknown width, or a word wider than its
    line."""


Run = tuple[str, bool]  # text, bold


@dataclass(frozen=True, slots=True)
class Glue:
    """An inline box (an exercise's or a step's number) held to the word after it."""

    width: float  # millimetres


Part = Run | Glue
Text = tuple[tuple[float, float], ...]  # unbreakable pieces: (width, width of the space before)


def runs(line: Line | str, bold: bool = False) -> list[Part]:
    """Content text as runs of plain and bold text (italic is measured with the wider glyphs)."""
    if isinstance(line, str):
        return [(line, bold)]
    out: list[Part] = []

    def walk(spans: Sequence[Span], bold: bool) -> None:
        for span in spans:
            if isinstance(span, Plain):
                out.append((span.text, bold))
            else:
                walk(span.children, bold or isinstance(span, Strong))

    walk(line.spans, bold)
    return out


def measure(parts: Sequence[Part], size_pt: float, loose: bool = False) -> Text:
    """A paragraph as the pieces a line break never splits (see the module's docstring for
    `loose`), in millimetres at `size_pt`."""
    em = size_pt * PT
    pieces: list[tuple[float, float]] = []
    word = space = gap = 0.0  # the current piece, the space before it, a pending space
    prev = ""  # the last character of the current piece ("0" for a box)
    for part in parts:
        if isinstance(part, Glue):
            tokens: Sequence[str] = ("0",)
            ems: Callable[[str], float] = functools.partial(_box_ems, part.width / em)
        else:
            text, bold = part
            tokens = _TOKEN.findall(text)
            ems = _bold_ems if bold else _normal_ems
        for token in tokens:
            if token[0] in " \t\n\r":
                if prev:  # spaces at the start are dropped; the others collapse into one
                    gap = _NORMAL[" "] * em  # the same width in bold
                continue
            if loose:
                for chunk in _CHUNK.findall(token):
                    if prev and (gap or not (prev.isalnum() and chunk[0].isalnum())):
                        pieces.append((word, space))
                        word, space = 0.0, gap * LOOSE
                    word += ems(chunk) * em * LOOSE
                    gap, prev = 0.0, chunk[-1]
                continue
            if gap:
                if token[0].isalnum() and prev not in _HOLDS_NEXT:
                    pieces.append((word, space))
                    word, space = 0.0, gap
                else:
                    word += gap  # a space that cannot break belongs to the piece
                gap = 0.0
            word += ems(token) * em
            prev = token[-1]
    if prev:
        pieces.append((word, space))
    return tuple(pieces)


def _box_ems(ems: float, _token: str) -> float:
    return ems


def _ems(widths: dict[str, float]) -> Callable[[str], float]:
    """A word's width in ems in one style, remembered (a library's text repeats its words)."""
    known: dict[str, float] = {}

    def width(word: str) -> float:
        hit = known.get(word)
        if hit is not None:
            return hit
        try:
            total = sum(map(widths.__getitem__, word))
        except KeyError as err:
            raise Unmeasured(f"no width for {err.args[0]!r}") from None
        if "’" in word:
            total += sum(_KERN_APART.get(pair, 0.0) for pair in itertools.pairwise(word))
        if len(known) < 200_000:
            known[word] = total
        return total

    return width


_normal_ems, _bold_ems = _ems(_NORMAL), _ems(_BOLD)


def bold_width(text: str) -> float:
    """The width of `text` in bold, in ems."""
    return _bold_ems(text)


def lines(text: Text, width_at: Callable[[int], float]) -> int:
    """How many lines `text` takes when its line `i` (from 0) is `width_at(i)` wide."""
    count, x = 0, 0.0
    for width, space in text:
        if count and x + space + width <= width_at(count - 1):
            x += space + width
            continue
        count += 1
        if width > width_at(count - 1):
            raise Unmeasured("a word wider than its line")
        x = width
    return count


