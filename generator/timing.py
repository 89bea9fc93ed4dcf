"""The timing plan of a routine: what the player does second by second, and how long it takes.

Made from the typed model alone, so the page, `check` and the player agree. Each exercise is a
get-ready phase followed by its work: every set, each side separately with a switch between,
rests between sets. A hold that ends on a sensation waits for the reader's "Done" and counts at
an estimate. The numbers below are the documented pace (CONTRIBUTING.md, "Timing"): change them
there too.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from .model import Dose, Range, Routine, RoutineItem
from .problems import Problem, line_of
from .sheetfit.text import DOSE_SEPARATOR, dose_parts
from .xref import Site

READY_SECONDS = 5  # to read the next exercise when staying in the same position
MOVE_SECONDS = 15  # to get into position: the first exercise, or a change of position
SUGGESTED_SECONDS = 30  # an exercise whose dose gives no time: a usual static-stretch hold
REP_SECONDS = 4  # one slow, controlled repetition: about 2 s each way
RELEASE_SECONDS = 2  # after each rep's hold, to let go and come back
SWITCH_SECONDS = 5  # to change sides
REST_SECONDS = 15  # between sets
UNTIL_ESTIMATE = 60  # a hold that ends on a sensation, counted at this for the duration
FACTOR = 2.0  # the computed and declared durations may differ by up to this factor

# Headings by phase kind; a suggested hold of a mobility exercise keeps moving rather than holds.
_LABELS = {"ready": "Get ready", "move": "Get into position", "hold": "Hold", "keep": "Keep going",
           "reps": "Repeat", "switch": "Switch sides", "rest": "Rest", "until": "Hold until"}


@dataclass(frozen=True, slots=True)
class Phase:
    """One step of the player: a countdown, a paced set of reps, or a wait for "Done"."""

    exercise: int  # index into the routine's exercises
    kind: str  # ready, hold, reps, switch, rest, until
    label: str
    seconds: int  # how long it runs (an `until` phase: its estimate)
    side: str | None = None  # "first" or "other" when the dose is per side
    set: int = 1
    sets: int = 1
    reps: int = 0
    up_to: int | None = None  # the top of a reps or hold range: "work up to"
    hold: int = 0  # seconds held in each rep
    seconds_per_rep: int = 0  # a reps phase's pace
    suggested: bool = False  # the content gave no time; the plan suggests one
    until: str = ""  # the sensation an `until` phase waits for


@dataclass(frozen=True, slots=True)
class Plan:
    """A routine's phases and its computed length."""

    routine: Routine
    phases: tuple[Phase, ...]

    @property
    def seconds(self) -> int:
        """The computed duration, `until` phases at their estimate."""
        return sum(p.seconds for p in self.phases)


def _low(n: int | Range | None) -> int | None:
    return n.low if isinstance(n, Range) else n


def _high(n: int | Range | None) -> int | None:
    return n.high if isinstance(n, Range) else None


def _work(index: int, dose: Dose | None, kind: str | None) -> list[Phase]:
    """One side of one set of an exercise's work, without side or set numbers."""
    if dose is not None and dose.hold_until is not None:
        return [Phase(index, "until", _LABELS["until"], UNTIL_ESTIMATE,
                      until=dose.hold_until.plain)]
    reps = _low(dose.reps) if dose else None
    hold = _low(dose.hold_seconds) if dose else None
    if reps is not None:
        pace = max(REP_SECONDS, hold + RELEASE_SECONDS) if hold else REP_SECONDS
        return [Phase(index, "reps", _LABELS["reps"], reps * pace, reps=reps,
                      up_to=_high(dose.reps) if dose else None, hold=hold or 0,
                      seconds_per_rep=pace)]
    if hold is not None:
        return [Phase(index, "hold", _LABELS["hold"], hold,
                      up_to=_high(dose.hold_seconds) if dose else None)]
    label = _LABELS["keep" if kind == "mobility" else "hold"]
    return [Phase(index, "hold", label, SUGGESTED_SECONDS, suggested=True)]


def _exercise(site: Site, index: int, item: RoutineItem, previous: str | None) -> list[Phase]:
    e = site.exercises[item.exercise]
    dose = item.dose or e.dose
    ready = "move" if e.position != previous else "ready"
    phases = [Phase(index, "ready", _LABELS[ready],
                    MOVE_SECONDS if ready == "move" else READY_SECONDS)]
    sets = (dose.sets if dose else None) or 1
    sides: tuple[str | None, ...] = ("first", "other") if dose and dose.each_side else (None,)
    for n in range(1, sets + 1):
        if n > 1:
            phases.append(Phase(index, "rest", _LABELS["rest"], REST_SECONDS, set=n, sets=sets))
        for side in sides:
            if side == "other":
                phases.append(Phase(index, "switch", _LABELS["switch"], SWITCH_SECONDS,
                                    side=side, set=n, sets=sets))
            phases += [Phase(**{**asdict(p), "side": side, "set": n, "sets": sets})
                       for p in _work(index, dose, e.kind)]
    return phases


def plan(site: Site, routine: Routine) -> Plan:
    """The routine's phases, in order (its extras are done whenever, so they are not in it)."""
    phases: list[Phase] = []
    previous: str | None = None
    for index, item in enumerate(routine.exercises):
        phases += _exercise(site, index, item, previous)
        previous = site.exercises[item.exercise].position
    return Plan(routine, tuple(phases))


def duration(seconds: int) -> str:
    """'2 min 5 s', '45 s', '3 min'."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def duration_warnings(site: Site, root: Path) -> list[Problem]:
    """A routine whose declared `minutes` and computed duration differ by more than FACTOR,
    located on its `minutes:` line (a warning: `check` and the strict build stop on it)."""
    found = []
    for routine in site.content.routines:
        computed = plan(site, routine).seconds
        declared = routine.minutes * 60
        if max(computed, declared) <= FACTOR * min(computed, declared):
            continue
        fit = max(1, round(computed / 60))
        found.append(Problem(
            routine.path, line_of(root / routine.path, "minutes"), 1, "minutes",
            f"says {routine.minutes} minute{'s' * (routine.minutes != 1)}, but at its doses the "
            f"routine takes about {duration(computed)}, "
            + (f"over {FACTOR:g} times as long" if computed > declared else
               f"under 1/{FACTOR:g} of that")
            + f": set `minutes: {fit}`, or give "
            "the exercises doses that match (see \"Timing\" in CONTRIBUTING.md)"))
    return found


def _dose_text(dose: Dose | None) -> str:
    if dose is None:
        return ""
    text = DOSE_SEPARATOR.join(words + (line.plain if line else "") for words, line in
                               dose_parts(dose))
    return text[:1].upper() + text[1:]


def plan_json(site: Site, routine: Routine) -> str:
    """The plan as JSON for the page's player: plain text only, safe inside a <script>
    element (no `<`, `>` or `&` left to end it or start markup)."""
    p = plan(site, routine)
    exercises = []
    for number, item in enumerate(routine.exercises, start=1):
        e = site.exercises[item.exercise]
        exercises.append({
            "number": number, "slug": e.slug, "title": e.title.plain,
            "position": site.term("positions", e.position).label,
            "dose": _dose_text(item.dose or e.dose), "note": item.note.plain if item.note else "",
            "steps": [s.plain for s in e.steps], "cautions": [c.plain for c in e.cautions],
            "block": f"sg-item-{number}"})
    hurts = site.disclaimers.get("stop-if-it-hurts")
    data = {
        "routine": routine.slug, "title": routine.title.plain,
        "declared_seconds": routine.minutes * 60, "total_seconds": p.seconds,
        "hurts": {"title": hurts.title.plain, "text": hurts.text.plain} if hurts else
        {"title": "Stop if it hurts", "text": "If an exercise causes pain, stop doing it."},
        "exercises": exercises,
        "phases": [{k: v for k, v in asdict(phase).items() if v not in (None, "", 0, False)
                    or k in ("exercise", "seconds", "side")} for phase in p.phases],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


SCRIPTS = ("assets/javascripts/player.js", "assets/javascripts/days.js",
           "assets/javascripts/offline.js")


def player_html(site: Site, routine: Routine, relative: Callable[[str], str]) -> str:
    """What a routine page needs for the player, the log of days and offline use: the plan as
    data and the scripts (`relative` turns a site path into a URL from the page). The scripts
    show the player's parts; without them the page is unchanged."""
    scripts = "\n".join(f'<script src="{html.escape(relative(s))}" defer></script>'
                        for s in SCRIPTS)
    return (f'<script type="application/json" id="sg-plan">{plan_json(site, routine)}</script>\n'
            f"{scripts}")
