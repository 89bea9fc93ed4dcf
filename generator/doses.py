"""How a dose reads on a page: short sentences, as Markdown or as HTML.

"Start with 5 repetitions on each side, work up to 15. Hold until the tension releases." The
same words either way; only the escaping differs (`text.escape`/`to_markdown` for Markdown,
`html.escape`/`to_html` for raw HTML blocks such as a routine's folded exercises).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from .model import Dose, Line, Range
from .text import escape, to_html, to_markdown


def _amount(n: int | Range, unit: str) -> tuple[str, str]:
    if isinstance(n, Range):
        return f"{n.low} {unit}s", str(n.high)
    return f"{n} {unit}{'' if n == 1 else 's'}", ""


def _sentences(dose: Dose, literal: Callable[[str], str], text: Callable[[Line], str]) -> str:
    side = " on each side" if dose.each_side else ""
    out: list[str] = []
    if dose.reps is not None:
        first, up_to = _amount(dose.reps, "repetition")
        out.append(f"Start with {first}{side}, work up to {up_to}." if up_to else f"Do {first}{side}.")
        side = ""
    if dose.sets is not None:
        out.append(f"Do {dose.sets} set{'' if dose.sets == 1 else 's'}.")
    if dose.hold_seconds is not None:
        first, up_to = _amount(dose.hold_seconds, "second")
        out.append(f"Hold for {first}{side}, building up to {up_to}." if up_to
                   else f"Hold for {first}{side}.")
        side = ""

    def sentence(line: Line) -> str:
        words = text(line)
        return words if line.plain.rstrip().endswith((".", "!", "?")) else words + literal(".")

    parts = [literal(s) for s in out]
    if dose.intensity is not None:
        parts.append(literal("Aim for ") + sentence(dose.intensity))
    if dose.hold_until is not None:
        parts.append(literal("Hold until ") + sentence(dose.hold_until))
    if side:
        parts.append(literal("Do this on each side."))
    return " ".join(parts)


def dose_markdown(dose: Dose) -> str:
    """The dose as short sentences of escaped Markdown."""
    return _sentences(dose, escape, to_markdown)


def dose_html(dose: Dose) -> str:
    """The dose as short sentences of escaped HTML."""
    return _sentences(dose, html.escape, to_html)
