"""Stage 6, search: the site's search index, tuned so that the names people know rank first.

Material for MkDocs indexes every page section with lunr and weighs a match by the field it is
in: by default a page's tags (our position, body area, equipment and kind labels) count 1,000
times more than its title. With an equipment label such as "Curl bar", every exercise using it
outranked the exercise titled "Dumbbell curl" for the query "dumbbell curl". After the search
plugin has written the index, `tune_index` rewrites it (the MkDocs hook calls `tune_index_file`):

- field weights: a word of a page's other names (`also_known_as`) counts as much as a title
  word, a label word half as much (still enough that a page carrying every word of a label
  query outranks a page whose title has only one of them), a word of body text a thousandth;
- other names go into an `aliases` field of the page's first entry, only the words its title
  lacks, so a page with several names is not favoured over a page with one;
- labels stay on the page's first entry only (Material copies them onto every section, where
  a "Steps" section then matched a label as strongly as the page itself);
- the shorter of two equally matching titles wins: each title word beyond the first takes 1 %
  off the weight of the page's first entry ("Tennis ball release" before "Dual tennis ball
  release"), since lunr as Material sets it up ignores the length of a field.

Runs without MkDocs: the index is plain JSON, the names come from the validated site.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .render import exercise_uri, guide_uri, page_url
from .xref import Site

# Field weights given to lunr. Labels weigh half a title: a title holding every word of a query
# then scores twice a label holding every word, and a label holding both words of a two-word
# query ("curl bar") still beats a title holding one of them by half again, since Material
# multiplies the score of a page matching every query word by 5, one matching half by 3.25.
FIELDS: dict[str, float] = {"title": 1000.0, "aliases": 1000.0, "tags": 500.0, "text": 1.0}
WORD_COST = 0.01  # share of a page's weight taken off by each title word beyond the first
_TAG = re.compile(r"<[^>]+>")
_DEFAULT_SEPARATOR = r"[\s\-]+"


def other_names(site: Site, directory_urls: bool = True) -> dict[str, tuple[str, ...]]:
    """Each page's other names (exercises' and guides' `also_known_as`), by the address the
    search index knows the page by."""
    names: dict[str, tuple[str, ...]] = {}
    for e in site.content.exercises:
        if e.also_known_as:
            names[page_url(exercise_uri(e), directory_urls)] = tuple(a.plain for a in e.also_known_as)
    for g in site.content.guides:
        if g.also_known_as:
            names[page_url(guide_uri(g), directory_urls)] = tuple(a.plain for a in g.also_known_as)
    return names


def more_labels(site: Site, directory_urls: bool = True) -> dict[str, tuple[str, ...]]:
    """Each exercise page's labels that are not among its page tags (its kind and level), by
    the address the search index knows the page by: the facts list that shows them on the page
    is kept out of the index text, so that they are indexed once, as labels."""
    out: dict[str, tuple[str, ...]] = {}
    for e in site.content.exercises:
        kind = (site.term("kinds", e.kind).label,) if e.kind else ()
        out[page_url(exercise_uri(e), directory_urls)] = (*kind, e.level.capitalize())
    return out


def _words(text: str, separator: re.Pattern[str]) -> list[str]:
    """The words lunr makes of index text (markup and entities undone), in lower case."""
    return [w.lower() for w in separator.split(html.unescape(_TAG.sub(" ", text))) if w]


def _separator(pattern: str) -> re.Pattern[str]:
    """The search's word separator (a JavaScript regular expression) for Python; whitespace and
    hyphens, Material's default, when Python cannot read it."""
    try:
        return re.compile(pattern or _DEFAULT_SEPARATOR)
    except re.error:
        return re.compile(_DEFAULT_SEPARATOR)


def _alias_words(title: str, aliases: Sequence[str], separator: re.Pattern[str]) -> str:
    """The words of `aliases` that the title and earlier aliases lack, once each, escaped
    like the rest of the index (the search worker reads its fields as HTML)."""
    seen = set(_words(title, separator))
    out: list[str] = []
    for alias in aliases:
        for word in separator.split(alias):
            if word and word.lower() not in seen:
                seen.add(word.lower())
                out.append(word)
    return html.escape(" ".join(out), quote=False)


def tune_index(index: dict[str, Any], names: Mapping[str, Sequence[str]],
               labels: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
    """The search plugin's index (its parsed JSON) with names ranked above labels (see the
    module's docstring), and `labels` added to their pages' own. An index tuned already comes
    back unchanged."""
    config = dict(index["config"])
    if "aliases" in config.get("fields", {}):
        return index
    config["fields"] = {name: {"boost": boost} for name, boost in FIELDS.items()}
    separator = _separator(str(config.get("separator") or ""))
    docs: list[dict[str, Any]] = []
    for entry in index["docs"]:
        entry = dict(entry)
        if "#" in entry["location"]:
            entry.pop("tags", None)  # a section: the labels belong to its page
        else:  # the page itself, titled with its title
            title = str(entry.get("title", ""))
            if more := [html.escape(label, quote=False)
                        for label in (labels or {}).get(entry["location"], ())]:
                entry["tags"] = [*entry.get("tags", ()), *more]
            if words := _alias_words(title, names.get(entry["location"], ()), separator):
                entry["aliases"] = words
            if (length := len(_words(title, separator))) > 1:
                # Three decimals, as lunr keeps its scores.
                boost = float(entry.get("boost", 1)) * (1 - WORD_COST) ** (length - 1)
                entry["boost"] = round(boost, 3)
        docs.append(entry)
    return {**index, "config": config, "docs": docs}


def tune_index_file(path: Path, names: Mapping[str, Sequence[str]],
                    labels: Mapping[str, Sequence[str]] | None = None) -> bool:
    """Tune the search index at `path` in place (the search plugin's `search_index.json`);
    False when there is none (search switched off)."""
    if not path.is_file():
        return False
    index = json.loads(path.read_text(encoding="utf-8"))
    # Written as the search plugin writes it: compact, ASCII-only.
    path.write_text(json.dumps(tune_index(index, names, labels), separators=(",", ":")),
                    encoding="utf-8")
    return True
