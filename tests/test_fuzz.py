"""Property tests (Hypothesis): hostile input never crashes the loader or escapes the escaper.

`make test` runs a few thousand examples; `make fuzz` runs the same properties much longer
(HYPOTHESIS_PROFILE=fuzz).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import decode, parse_text
from generator.problems import Problems
from generator.schema import Ctx
from generator.text import CONTROL, escape, parse_inline, to_markdown
from generator.validate import KINDS

settings.register_profile("default", max_examples=1500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=50_000, deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SITE_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "pymdownx.details", "toc",
                   "tables", "pymdownx.superfences", "pymdownx.tabbed"]
_MD = markdown.Markdown(extensions=SITE_EXTENSIONS)
EXERCISE = KINDS["exercises"]


def load_and_validate(data: bytes) -> Problems:
    """The loader and validator on one file's bytes; only content problems may come out."""
    problems = Problems()
    text = decode(data, "content/exercises/x.yaml", problems)
    if text is not None:
        node = parse_text(text, "content/exercises/x.yaml", problems)
        if node is not None:
            EXERCISE.convert(node, Ctx("content/exercises/x.yaml", problems), "",
                             {"slug": "x", "path": "content/exercises/x.yaml"})
    return problems


@given(st.binary(max_size=400))
def test_any_bytes_load_or_give_content_errors(data: bytes) -> None:
    for problem in load_and_validate(data).items:
        assert problem.line >= 1 and problem.col >= 1 and problem.message


YAML_CHARS = st.characters(codec="utf-8", exclude_categories=["Cs"])
TOKENS = st.sampled_from(["title", "steps", "dose", "reps", "from", "to", "level", "- ", ": ",
                          "\n", "  ", "[", "]", "{", "}", "&a", "*a", "!!str", "<<", "#", "'",
                          '"', "|", ">", "---", "beginner", "10", "true", "no", "~"])


@given(st.lists(st.one_of(TOKENS, st.text(YAML_CHARS, max_size=6)), max_size=60).map("".join))
def test_yaml_like_text_loads_or_gives_content_errors(text: str) -> None:
    load_and_validate(text.encode("utf-8"))


KEYS = [*EXERCISE.fields, "from", "to", "reps", "hold_seconds", "x"]
VALUES: Any = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 700), st.text(max_size=30)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)),
    max_leaves=25,
)


@given(st.dictionaries(st.sampled_from(list(EXERCISE.fields)), VALUES, max_size=12))
def test_structured_documents_validate_or_give_content_errors(doc: dict[str, Any]) -> None:
    load_and_validate(yaml.safe_dump(doc, allow_unicode=True).encode("utf-8"))


def _visible(text: str) -> str:
    import html
    rendered = _MD.reset().convert(text)
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    inner = rendered[3:-4]
    assert "<" not in inner, rendered
    return html.unescape(inner)


@given(st.text(YAML_CHARS, min_size=1, max_size=80))
def test_any_string_renders_as_exactly_that_text(text: str) -> None:
    expected = CONTROL.sub("\ufffd", " ".join(text.split()))
    if not expected:
        return
    assert _visible(escape(text)).strip(" ") == expected


@given(st.text(YAML_CHARS, min_size=1, max_size=80))
def test_parsed_editor_text_never_yields_raw_markup(text: str) -> None:
    line, _ = parse_inline(" ".join(text.split()))
    if not line.spans:
        return
    rendered = _MD.reset().convert(to_markdown(line))
    for tag in ("<script", "<img", "<iframe", "<style", "<svg", "<div", "<textarea", "<h1",
                "<ol", "<ul", "<table", "<pre", "<code", "<blockquote", "<details"):
        assert tag not in rendered, rendered


def test_fuzz_target_files_exist() -> None:
    assert (Path(__file__).parent / "cases").is_dir()
