"""Stage 3, cross-reference: resolve every slug a file names and derive the site's indexes.

Runs after every file has been validated, so it sees the whole content at once; it reports
every unknown reference (with "did you mean") and then builds `Site`, the read-only view the
renderer uses: lookups by slug, which routines and guides use an exercise, exercises grouped by
position, body area and equipment, and related exercises. Everything here is linear in the
number of exercises (related exercises are chosen from a bounded window), so large guides stay
fast.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .cache import code_version
from .discover import SourceFile
from .model import Content, Disclaimer, Exercise, Guide, Routine, Term
from .problems import Problems
from .schema import did_you_mean
from .validate import Validated

RELATED = 5
_WINDOW = 12  # neighbours looked at in each shared group when choosing related exercises


@dataclass(frozen=True)
class Site:
    """Validated content plus every derived lookup the renderer needs."""

    content: Content
    exercises: dict[str, Exercise]
    routines: dict[str, Routine]
    guides: dict[str, Guide]
    disclaimers: dict[str, Disclaimer]
    terms: dict[str, dict[str, Term]]  # vocabulary name -> slug -> term
    defaults: tuple[Disclaimer, ...]
    routines_using: dict[str, tuple[Routine, ...]]  # exercise -> routines
    guides_using: dict[str, tuple[Guide, ...]]  # exercise or "routine:<slug>" -> guides
    by_term: dict[str, dict[str, tuple[Exercise, ...]]]  # vocabulary name -> slug -> exercises
    related: dict[str, tuple[Exercise, ...]]
    digests: dict[str, str]  # content file -> SHA-256 of its bytes (files read from disk)

    def term(self, vocabulary: str, slug: str) -> Term:
        """The vocabulary term for `slug`."""
        return self.terms[vocabulary][slug]

    def exercise_inputs(self, e: Exercise) -> tuple[object, ...]:
        """Every record an exercise's page shows (None separates the groups)."""
        return (e, self.content.vocabulary, *self.content.disclaimers,
                *self.related.get(e.slug, ()), None, *self.routines_using.get(e.slug, ()), None,
                *self.guides_using.get(e.slug, ()))

    def digest(self, inputs: Iterable[object], *context: str) -> str | None:
        """A digest of records (by their files' paths and bytes) and `context` strings: equal
        digests mean equal output. None when a record's file was not read from disk."""
        h = hashlib.sha256(code_version().encode())
        for text in context:
            h.update(b"\0s" + text.encode())
        for record in inputs:
            if record is None:
                h.update(b"\0|")
                continue
            path = getattr(record, "path", None)
            digest = self.digests.get(path) if isinstance(path, str) else None
            if digest is None:
                return None
            # The path too: a renamed file keeps its bytes but changes its slug and address.
            h.update(f"\0r{path}\0{digest}".encode())
        return h.hexdigest()

    def whole_digest(self, *context: str) -> str | None:
        """A digest of every content file, for pages that list everything (indexes, home)."""
        c = self.content
        return self.digest((c.vocabulary, *c.disclaimers, *c.exercises, *c.routines, *c.guides),
                           *context)

    def routine_inputs(self, r: Routine) -> tuple[object, ...]:
        """Every record a routine's page and cheat sheet show (None separates the groups)."""
        items = r.exercises + (r.extras.exercises if r.extras else ())
        return (r, self.content.vocabulary, *self.content.disclaimers,
                *(self.exercises[i.exercise] for i in items), None,
                *self.guides_using.get("routine:" + r.slug, ()))


_VOCAB_OF_KIND = {"position": "positions", "body area": "body_areas", "equipment": "equipment",
                  "kind": "kinds"}


def cross_reference(found: Validated, files: Iterable[SourceFile], problems: Problems) -> Site | None:
    """Check every reference; return the site, or None when anything is wrong.

    Which slugs exist is known from the file names, so references are checked even when some
    files failed validation: an editor sees every problem in one run.
    """
    vocab = found.vocabulary
    by_kind: dict[str, list[str]] = defaultdict(list)
    for f in files:
        by_kind[f.kind].append(f.path.name if f.kind == "images" else f.slug)
    known = {"exercise": by_kind["exercises"], "routine": by_kind["routines"],
             "disclaimer": by_kind["disclaimers"], "image": by_kind["images"]}
    if vocab is not None:
        known.update({"position": [t.slug for t in vocab.positions],
                      "body area": [t.slug for t in vocab.body_areas],
                      "equipment": [t.slug for t in vocab.equipment],
                      "kind": [t.slug for t in vocab.kinds]})
    before = len(problems)
    sets = {kind: set(slugs) for kind, slugs in known.items()}
    for ref in found.refs:
        if ref.kind in sets and ref.slug not in sets[ref.kind]:
            where = f" in {vocab.path} {_VOCAB_OF_KIND[ref.kind]}" if (
                vocab is not None and ref.kind in _VOCAB_OF_KIND) else ""
            problems.add(ref.path, ref.mark.line, ref.mark.col, ref.field,
                         f"unknown {ref.kind} '{ref.slug}'{where}"
                         + did_you_mean(ref.slug, known[ref.kind]))
    if found.complete and found.disclaimers and not any(d.default for d in found.disclaimers):
        problems.add(found.disclaimers[0].path, 1, 1, "default",
                     "no disclaimer has 'default: true'; set it on at least one")
    elif found.complete and not found.disclaimers:
        problems.add("content/disclaimers", 1, 1, "(file)",
                     "no disclaimers: add at least one with 'default: true'")
    content = found.content()
    if len(problems) > before or content is None:
        return None
    vocabulary = content.vocabulary
    terms = {"positions": {t.slug: t for t in vocabulary.positions},
             "body_areas": {t.slug: t for t in vocabulary.body_areas},
             "equipment": {t.slug: t for t in vocabulary.equipment},
             "kinds": {t.slug: t for t in vocabulary.kinds}}
    return _derive(content, terms, tuple(d for d in content.disclaimers if d.default),
                   found.digests)


def _derive(content: Content, terms: dict[str, dict[str, Term]],
            defaults: tuple[Disclaimer, ...], digests: dict[str, str]) -> Site:
    exercises = {e.slug: e for e in content.exercises}
    routines_using: dict[str, list[Routine]] = defaultdict(list)
    for r in content.routines:
        items = r.exercises + (r.extras.exercises if r.extras else ())
        for slug in dict.fromkeys(i.exercise for i in items):
            routines_using[slug].append(r)
    guides_using: dict[str, list[Guide]] = defaultdict(list)
    routines = {r.slug: r for r in content.routines}
    for g in content.guides:
        reached = list(g.exercises)
        for rs in g.routines:
            guides_using[f"routine:{rs}"].append(g)
            r = routines[rs]
            reached += [i.exercise for i in r.exercises + (r.extras.exercises if r.extras else ())]
        for slug in dict.fromkeys(reached):
            guides_using[slug].append(g)
    by_term: dict[str, dict[str, list[Exercise]]] = {name: {s: [] for s in t} for name, t in
                                                     terms.items()}
    for e in content.exercises:
        by_term["positions"][e.position].append(e)
        for slug in e.targets:
            by_term["body_areas"][slug].append(e)
        for slug in e.equipment:
            by_term["equipment"][slug].append(e)
        if e.kind is not None:
            by_term["kinds"][e.kind].append(e)
    frozen_terms = {name: {s: tuple(v) for s, v in groups.items()} for name, groups in
                    by_term.items()}
    return Site(
        content=content,
        exercises=exercises,
        routines=routines,
        guides={g.slug: g for g in content.guides},
        disclaimers={d.slug: d for d in content.disclaimers},
        terms=terms,
        defaults=defaults,
        routines_using={k: tuple(v) for k, v in routines_using.items()},
        guides_using={k: tuple(v) for k, v in guides_using.items()},
        by_term=frozen_terms,
        related=_related(content.exercises, frozen_terms),
        digests=digests,
    )


def _related(exercises: tuple[Exercise, ...],
             by_term: dict[str, dict[str, tuple[Exercise, ...]]]) -> dict[str, tuple[Exercise, ...]]:
    """Up to RELATED exercises sharing the most body areas and the position, from nearby slugs."""
    index = {name: {s: {e.slug: i for i, e in enumerate(group)} for s, group in groups.items()}
             for name, groups in by_term.items()}
    out: dict[str, tuple[Exercise, ...]] = {}
    for e in exercises:
        candidates: dict[str, Exercise] = {}
        for name, slugs in (("body_areas", e.targets), ("positions", (e.position,))):
            for s in slugs:
                group = by_term[name][s]
                i = index[name][s][e.slug]
                for j in range(max(0, i - _WINDOW), min(len(group), i + _WINDOW + 1)):
                    if group[j].slug != e.slug:
                        candidates[group[j].slug] = group[j]
        targets = set(e.targets)

        def score(c: Exercise, targets: set[str] = targets, position: str = e.position) -> tuple[int, str]:
            return (-len(targets.intersection(c.targets)) - (c.position == position), c.slug)

        out[e.slug] = tuple(sorted(candidates.values(), key=score)[:RELATED])
    return out
