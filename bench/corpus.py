"""Deterministic synthetic corpus: a self-contained copy of the repository with N exercises.

`make_corpus(root, n)` copies mkdocs.yml, generator/, overrides/ and content/pages/ from this
repository, the real vocabulary and disclaimers, and writes N exercises, N // 6 routines and three
guides with realistic text. Only `random.Random(seed)` is used, so the same N and seed give
byte-identical files. Run `python -m bench.corpus ROOT --n 100` to make one by hand.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from bench import poses
from generator import timing

REPO = Path(__file__).resolve().parent.parent
GUIDES = 3
ROUTINE_EXERCISES = (4, 5)  # more than 5 exercises may not fit a one-page cheat sheet
# A routine's steps and cautions, in words, that still fit its cheat sheet on one Letter page with
# a guide's usage rules (the longest real routine has 246); editors keep routines this short.
ROUTINE_WORDS = 250
CAUTION_WORDS = 12

# Words and phrases; every list is used in a fixed order with the seeded generator.
_PREFIX = {
    "sitting": ("Seated", "Chair", "Desk"),
    "lying-down": ("Lying", "Supine", "Face-down", "Side-lying"),
    "standing": ("Standing", "Wall", "Doorway"),
    "all-fours": ("Kneeling", "All-fours", "Four-point"),
}
_ADJECTIVES = ("Gentle", "Slow", "Easy", "Supported", "Deep", "Simple", "Assisted", "Active")
_AREAS = ("shoulder", "thoracic", "upper back", "mid-back", "neck", "chest", "spine", "hip",
          "side", "shoulder blade", "rib cage", "arm")
_MOVES = ("rotation", "stretch", "reach", "circles", "press", "slide", "opener", "twist",
          "glide", "squeeze", "release", "roll", "bend", "tilt", "lift")
_SUFFIXES = ("hold", "with a towel", "with a pause", "and breathe", "pulses", "sequence")
_OPENERS = {
    "sitting": ("Sit tall on a firm chair with your feet flat on the floor",
                "Sit near the front of your chair",
                "Sit upright and let your shoulders relax"),
    "lying-down": ("Lie on your back with your knees bent",
                   "Lie face down with a pillow under your belly",
                   "Lie on your side with your knees together"),
    "standing": ("Stand with your feet hip-width apart",
                 "Stand with your back against a wall",
                 "Stand tall with your arms by your sides"),
    "all-fours": ("Get on your hands and knees",
                  "Kneel on a soft mat with your hands under your shoulders"),
}
_GENERIC_OPENERS = ("Find a comfortable position", "Get into the starting position")
_ACTIONS = ("Breathe in slowly", "Breathe out as you move", "Turn your upper body",
            "Reach your arms forward", "Squeeze your shoulder blades together", "Lift your elbows",
            "Lower your arms", "Roll your shoulders back", "Tuck your chin in",
            "Press your hands into the floor", "Let your head follow", "Relax your shoulders",
            "Bring your elbows together", "Slide your hands up", "Round your upper back",
            "Arch your back gently", "Return to the start", "Hold the position",
            "Keep your hips still", "Keep your neck long", "Open your chest", "Repeat the movement")
# Step endings, one group per kind of detail, written in this order: at most one of each.
_MODIFIERS = (
    ("to the left", "to the right", "towards the ceiling", "on the other side", "towards the floor"),
    ("in a slow, controlled motion", "as far as is comfortable", "without forcing it", "smoothly"),
    ("while keeping your back straight", "keeping your chin tucked", "with your elbows bent",
     "until you feel a gentle stretch between your shoulder blades"),
    ("with each breath out", "without holding your breath", "as you breathe out"),
    ("for a few seconds", "and pause briefly", "and then relax"),
)
_SUMMARY_STARTS = ("A gentle {p} stretch", "A simple {p} movement", "A slow {p} exercise",
                   "An easy {p} mobility drill", "A short {p} stretch")
_SUMMARY_WORD = {"sitting": "seated", "lying-down": "floor", "standing": "standing",
                 "all-fours": "kneeling"}
_SUMMARY_PARTS = (
    ("that eases tension", "that loosens a tight mid-back", "that helps you sit taller",
     "that improves how your shoulders move"),
    ("between the shoulder blades", "in the upper back", "around the shoulders and neck"),
    ("after a long day at a desk", "when your back feels achy", "that you can do anytime, anywhere"),
    ("without any special equipment", "in under a minute", "while you breathe slowly"),
)
_TIPS = ("Move slowly and keep breathing.", "Use a mirror to check your posture.",
         "Smaller movements are fine at first.", "Keep your jaw and hands relaxed.",
         "Do it after a warm shower when you are stiff.", "Put a folded towel under your knees.")
_CAUTIONS = ("Stop if you feel sharp or shooting pain.",
             "Skip this one if you have a recent shoulder injury.",
             "Go gently if you have osteoporosis.",
             "Stop if you feel dizzy or light-headed.")
_INTENSITY = ("about 3/10 on the pain scale", "a gentle stretch, never pain",
              "mild tension only", "about 5/10 on the pain scale")
_FREQUENCY = ("At least once a day until the pain has been gone for a full 24 hours.",
              "Two or three times a day, in the order given.",
              "Whenever you have been still for an hour.")
_HOW_TO_USE = ("Do the stretches at least once a day until the pain has gone.",
               "Repeat the sequence up to 10 times a day in the order given.",
               "If a stretch causes discomfort, skip it for now and bring it back later.",
               "Keep doing the warm-up exercises once the pain has gone.")
_COUNT = ("", "", "", "", "Four", "Five")
# What a real library adds (issue 13), besides kinds: long instructions (about 30 % of
# a real imported library had a step near or over the limit; here they stay under it); a photo on
# some exercises; and some long routines, whose cheat sheets must adapt to fit.
LONG_STEP_SHARE = 0.3
IMAGE_SHARE = 0.05
LONG_ROUTINE_SHARE = 0.05
LONG_ROUTINE_EXERCISES = (8, 12)
_LONG_STEP_PARTS = (
    "Keep the movement small at first and let it grow over the week",
    "do not push into pain, and if you feel tingling or numbness in your arms, stop",
    "breathe out as you move and breathe in as you come back",
    "your lower back should stay still the whole time; if it arches, make the movement smaller",
    "a physiotherapist may suggest a folded towel under your head to keep your neck in line",
)


def _words(text: str) -> int:
    return len(text.split())


def _phrase(rng: random.Random, start: str, groups: Sequence[Sequence[str]], low: int, high: int) -> str:
    """`start` plus at most one part from each group until it has `low` to `high` words."""
    target = rng.randint(low, high)
    picks = [rng.choice(g) for g in groups]
    order = list(range(len(groups)))
    rng.shuffle(order)
    used: list[int] = []
    count = _words(start)
    for i in order:
        if count >= target:
            break
        if count + _words(picks[i]) <= high:
            used.append(i)
            count += _words(picks[i])
    text = " ".join([start, *(picks[i] for i in sorted(used))])
    return text[0].upper() + text[1:] + "."


def _q(text: str) -> str:
    """`text` as a YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def _dump(value: Any, indent: int = 0) -> list[str]:
    """Block-style YAML lines for a mapping whose leaves are str (quoted), int or bool (plain)."""
    pad = " " * indent
    lines: list[str] = []
    items = value.items() if isinstance(value, dict) else None
    if items is None:
        for item in value:
            if isinstance(item, dict):
                sub = _dump(item, indent + 2)
                lines.append(f"{pad}- {sub[0].lstrip()}")
                lines.extend(sub[1:])
            else:
                lines.append(f"{pad}- {_scalar(item)}")
        return lines
    for key, item in items:
        if isinstance(item, (dict, list)):
            lines.append(f"{pad}{key}:")
            lines.extend(_dump(item, indent + 2))
        else:
            lines.append(f"{pad}{key}: {_scalar(item)}")
    return lines


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _q(value)
    raise TypeError(f"cannot write {type(value).__name__}")


def _write(path: Path, doc: dict[str, Any]) -> None:
    path.write_text("\n".join(_dump(doc)) + "\n", encoding="utf-8")


def _amount(rng: random.Random, low: int, high: int) -> int | dict[str, int]:
    if rng.random() < 0.4:
        start = rng.randint(low, (low + high) // 2)
        return {"from": start, "to": rng.randint(start + 1, high)}
    return rng.randint(low, high)


def _title(rng: random.Random, position: str) -> str:
    words = []
    if rng.random() < 0.4:
        words.append(rng.choice(_ADJECTIVES))
    prefix = rng.choice(_PREFIX.get(position, ("Basic",)))
    words += [prefix, rng.choice(_AREAS), rng.choice(_MOVES)]
    if rng.random() < 0.3:
        words.append(rng.choice(_SUFFIXES))
    text = " ".join(words).lower()
    return text[0].upper() + text[1:]


def _exercise(rng: random.Random, vocab: dict[str, Any]) -> dict[str, Any]:
    positions, areas, equipment = (sorted(vocab[k]) for k in ("positions", "body_areas", "equipment"))
    position = rng.choice(positions)
    doc: dict[str, Any] = {"title": _title(rng, position)}
    start = rng.choice(_SUMMARY_STARTS).format(p=_SUMMARY_WORD.get(position, "back"))
    doc["summary"] = _phrase(rng, start, _SUMMARY_PARTS, 12, 25)
    aka = [_title(rng, position) for _ in range(rng.randint(0, 2))]
    if aka:
        doc["also_known_as"] = aka
    doc["level"] = rng.choice(("beginner", "beginner", "intermediate", "advanced"))
    doc["position"] = position
    doc["targets"] = rng.sample(areas, rng.randint(1, 3))
    props = rng.sample(equipment, rng.choice((0, 0, 1, 2)))
    if props:
        doc["equipment"] = props
    if rng.random() < 0.85:
        dose: dict[str, Any] = {}
        kind = rng.random()
        if kind < 0.7:
            dose["reps"] = _amount(rng, 3, 15)
        if kind >= 0.4:
            dose["hold_seconds"] = _amount(rng, 5, 45)
        if rng.random() < 0.5:
            dose["each_side"] = True
        if rng.random() < 0.4:
            dose["intensity"] = rng.choice(_INTENSITY)
        doc["dose"] = dose
    openers = _OPENERS.get(position, _GENERIC_OPENERS)
    steps = [_phrase(rng, rng.choice(openers), _MODIFIERS, 6, 18)]
    steps += [_phrase(rng, rng.choice(_ACTIONS), _MODIFIERS, 6, 18)
              for _ in range(rng.randint(3, 7))]
    doc["steps"] = steps
    tips = rng.sample(_TIPS, rng.randint(0, 2))
    if tips:
        doc["tips"] = tips
    if rng.random() < 0.4:
        doc["cautions"] = [rng.choice(_CAUTIONS)]
    return doc


def _library(rng: random.Random, doc: dict[str, Any], vocab: dict[str, Any],
             images: list[str]) -> None:
    """What real content adds to an exercise: a long step, sometimes a photo (kinds: below)."""
    if rng.random() < LONG_STEP_SHARE:
        step = doc["steps"][-1].rstrip(".")
        for part in rng.sample(_LONG_STEP_PARTS, 3):
            if len(step) + len(part) + 3 <= 300:  # long, but within the limit
                step += "; " + part
        doc["steps"][-1] = step + "."
    if images and rng.random() < IMAGE_SHARE:
        doc["images"] = [{"file": rng.choice(images), "alt": f"A person doing {doc['title']}.",
                          "credit": "Photo: Example Clinic", "license": "CC BY 4.0"}]


def _photos(folder: Path, count: int) -> list[str]:
    """Small deterministic JPEG photos (640 x 427, as a phone's crop would be) for `images:`."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(count):
        picture = Image.new("RGB", (640, 427), (200 - 5 * i % 120, 180, 160 + 3 * i % 90))
        draw = ImageDraw.Draw(picture)
        draw.ellipse((260 + 7 * i % 60, 60, 380, 180), fill=(90, 70, 60))
        draw.rectangle((250, 180, 390, 380), fill=(60, 90, 140))
        name = f"photo-{i + 1:03d}.jpg"
        picture.save(folder / name, "JPEG", quality=80, optimize=True)
        names.append(name)
    return names


def _work_seconds(dose: dict[str, Any] | None) -> int:
    """An exercise's timed work at `generator.timing`'s pace (the corpus has no sets or
    `hold_until`), so that each routine's `minutes` passes the duration check."""
    def low(n: Any) -> int:
        return int(n["from"]) if isinstance(n, dict) else int(n)

    if not dose:
        return timing.SUGGESTED_SECONDS
    hold = low(dose["hold_seconds"]) if "hold_seconds" in dose else 0
    if "reps" in dose:
        pace = max(timing.REP_SECONDS, hold + timing.RELEASE_SECONDS) if hold else timing.REP_SECONDS
        one = low(dose["reps"]) * pace
    else:
        one = hold or timing.SUGGESTED_SECONDS
    return 2 * one + timing.SWITCH_SECONDS if dose.get("each_side") else one


def _minutes(chosen: list[str], timed: dict[str, tuple[str, int]]) -> int:
    """The routine's length in whole minutes, as the timing plan will compute it."""
    seconds, previous = 0, None
    for slug in chosen:
        position, work = timed[slug]
        seconds += (timing.MOVE_SECONDS if position != previous else timing.READY_SECONDS) + work
        previous = position
    return max(1, round(seconds / 60))


def _routine(rng: random.Random, number: int, vocab: dict[str, Any],
             by_position: dict[str, list[str]], everything: list[str],
             sizes: dict[str, int], timed: dict[str, tuple[str, int]],
             long: bool = False) -> dict[str, Any]:
    position = rng.choice(sorted(vocab["positions"]))
    label = str(vocab["positions"][position]["label"])
    count = rng.randint(*(LONG_ROUTINE_EXERCISES if long else ROUTINE_EXERCISES))
    pool = by_position.get(position, [])
    candidates = rng.sample(pool, len(pool)) + rng.sample(everything, min(len(everything), 100))
    chosen: list[str] = []
    words = 0
    for slug in candidates:
        if len(chosen) == count:
            break
        if slug not in chosen and (long or words + sizes[slug] <= ROUTINE_WORDS * (len(chosen) + 1)
                                   // count):
            chosen.append(slug)
            words += sizes[slug]
    if len(chosen) < count:  # a small corpus: fill up with the shortest exercises
        rest = sorted((s for s in everything if s not in chosen), key=lambda s: (sizes[s], s))
        chosen += rest[:count - len(chosen)]
        while len(chosen) > ROUTINE_EXERCISES[0] and sum(sizes[s] for s in chosen) > ROUTINE_WORDS:
            chosen.remove(max(chosen, key=lambda s: (sizes[s], s)))
    rng.randint(2, 6)  # was the declared minutes: kept, so the rest of the corpus is unchanged
    minutes = _minutes(chosen, timed)
    area = rng.choice(("middle back", "upper back", "shoulders", "neck and shoulders"))
    items: list[Any] = []
    for slug in chosen:
        if rng.random() < 0.1:
            items.append({"exercise": slug, "note": "Go a little further each day if it feels fine."})
        else:
            items.append(slug)
    doc: dict[str, Any] = {
        "title": f"{label}: {area} break {number}",
        "summary": f"{_COUNT[len(chosen)] if len(chosen) < len(_COUNT) else len(chosen)} "
                   f"stretches for the {area} that take about {minutes} minutes.".lstrip(),
        "position": position,
        "minutes": minutes,
        "exercises": items,
    }
    if rng.random() < 0.7:
        doc["frequency"] = rng.choice(_FREQUENCY)
    return doc


def _guide(rng: random.Random, number: int, routines: list[str], exercises: list[str]) -> dict[str, Any]:
    topic = ("a stiff upper back", "pain between the shoulder blades", "desk-work tension")[
        (number - 1) % 3]
    doc: dict[str, Any] = {
        "title": f"Stretches for {topic}",
        "summary": f"Short routines and single stretches for {topic}, wherever you are.",
        "audience": f"This is for you if you have {topic} and want a few minutes of relief.",
        "how_to_use": rng.sample(_HOW_TO_USE, rng.randint(2, 4)),
    }
    own = routines[number - 1::GUIDES]
    if own:
        doc["routines"] = own[:rng.randint(3, 8)]
    doc["exercises"] = rng.sample(exercises, min(len(exercises), rng.randint(3, 5)))
    return doc


def make_corpus(root: Path, n: int, seed: int = 7, figures: bool = True,
                library: bool = True) -> None:
    """Write a self-contained repository with `n` synthetic exercises at `root` (each with a
    `figure:` unless `figures` is false; with kinds, long steps, photos and long routines unless
    `library` is false)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    root.mkdir(parents=True, exist_ok=True)
    for name in ("content", "generator", "overrides"):
        shutil.rmtree(root / name, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "generator", root / "generator", ignore=ignore)
    shutil.copytree(REPO / "overrides", root / "overrides", ignore=ignore)
    content = root / "content"
    shutil.copytree(REPO / "content" / "pages", content / "pages", ignore=ignore)
    shutil.copytree(REPO / "content" / "disclaimers", content / "disclaimers", ignore=ignore)
    for single in ("vocabulary.yaml", "site.yaml"):
        shutil.copy2(REPO / "content" / single, content / single)
    vocab = yaml.safe_load((content / "vocabulary.yaml").read_text(encoding="utf-8"))

    rng = random.Random(seed)
    # A generator of their own for the figures: the rest of the corpus stays byte-identical
    # with or without them, so runs with and without figures compare like for like.
    figure_rng = random.Random(f"figures-{seed}")
    library_rng = random.Random(f"library-{seed}")  # the same, for what real libraries add
    photos = _photos(content / "images", max(1, n // 50)) if library else []
    # Kinds likewise (stretch, mobility...), one in twenty left without, as editors may.
    kind_rng = random.Random(f"kinds-{seed}")
    kinds = sorted(vocab.get("kinds") or ())
    folder = content / "exercises"
    folder.mkdir()
    by_position: dict[str, list[str]] = {}
    slugs = []
    sizes: dict[str, int] = {}  # words each exercise adds to a cheat sheet
    timed: dict[str, tuple[str, int]] = {}  # position and timed work of each exercise
    for i in range(1, n + 1):
        slug = f"ex-{i:05d}"
        doc = _exercise(rng, vocab)
        if library:
            _library(library_rng, doc, vocab, photos)
        if figures:
            doc["figure"] = poses.figure(figure_rng, doc["position"], doc.get("equipment", ()))
        if kinds and kind_rng.random() >= 0.05:
            doc["kind"] = kind_rng.choice(kinds)
        _write(folder / f"{slug}.yaml", doc)
        by_position.setdefault(doc["position"], []).append(slug)
        slugs.append(slug)
        timed[slug] = (doc["position"], _work_seconds(doc.get("dose")))
        sizes[slug] = (sum(_words(step) for step in doc["steps"])
                       + CAUTION_WORDS * len(doc.get("cautions", ())))

    folder = content / "routines"
    folder.mkdir()
    routines = []
    for i in range(1, n // 6 + 1):
        slug = f"rt-{i:04d}"
        long = library and library_rng.random() < LONG_ROUTINE_SHARE
        _write(folder / f"{slug}.yaml", _routine(rng, i, vocab, by_position, slugs, sizes, timed, long))
        routines.append(slug)

    folder = content / "guides"
    folder.mkdir()
    for i in range(1, GUIDES + 1):
        _write(folder / f"guide-{i}.yaml", _guide(rng, i, routines, slugs))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write one corpus."""
    p = argparse.ArgumentParser(prog="python -m bench.corpus", description=make_corpus.__doc__)
    p.add_argument("root", type=Path)
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--no-figures", action="store_true", help="exercises without `figure:`")
    p.add_argument("--no-library", action="store_true",
                   help="no kinds, long steps, photos or long routines")
    args = p.parse_args(argv)
    make_corpus(args.root, args.n, args.seed, figures=not args.no_figures,
                library=not args.no_library)
    print(f"wrote {args.n} exercises into {args.root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
