"""The preview's incremental rebuild: after an edit, only what the edit touches is redone, and
what comes out is exactly what a full build gives."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import generator
from generator import cache, validate
from generator.cache import Reuse, code_version, page_cache, record_cache
from generator.cheatsheet import qr_svg, render_cheat_sheets
from generator.discover import SourceFile, find_content
from generator.offline import mark_plan, sw_url
from generator.problems import Problems
from generator.records import Checked, decode_object, dump_checked, load_checked
from generator.render import page_url, render_site
from generator.xref import Site

URL = "https://stretch-guide.example.org/"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# (file, text, replacement): one edit of each kind a page can depend on.
EDITS = [
    # Shown on 10 other exercises' pages (related exercises) and in the sitting routine.
    ("exercises/seated-elbow-circles.yaml", 'title: "Seated elbow circles"',
     'title: "Elbow circles while sitting"'),
    ("routines/mid-back-sitting.yaml", "minutes: 2", "minutes: 3"),
    ("vocabulary.yaml", 'label: "Mid-back"', 'label: "Middle back"'),
    ("disclaimers/stop-if-it-hurts.yaml", "Stop if it hurts", "Stop when it hurts"),
    ("guides/middle-back-relief.yaml", "Middle back relief", "Relief for the middle back"),
]


def _reread(repo: Path) -> Site:
    return generator.read_site(repo)


def fresh_checks() -> Reuse[Checked]:
    """The file checks as a new process starts with them: nothing in memory, the cache on disk."""
    return Reuse(dump_checked, load_checked, decode_object)


def _checked_by_next_process(repo: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Site, list[str]]:
    """`read_site` as the next process runs it, and the files it parsed and checked."""
    parsed: list[str] = []
    real = validate._check_bytes

    def spy(f: SourceFile, data: bytes | None) -> Checked:
        parsed.append(f.rel)
        return real(f, data)

    monkeypatch.setattr(validate, "_CHECKED", fresh_checks())
    monkeypatch.setattr(validate, "_check_bytes", spy)
    return _reread(repo), parsed


def never(*args: object) -> None:
    raise AssertionError("a file whose bytes did not change was parsed again")


def test_the_next_process_checks_only_the_files_that_changed(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, parsed = _checked_by_next_process(repo, monkeypatch)
    assert len(parsed) > 25  # nothing kept yet: every file
    again, parsed = _checked_by_next_process(repo, monkeypatch)
    assert parsed == [] and again.content == first.content and again.digests == first.digests
    _edit(repo / "content/exercises/wall-slides.yaml", "level: beginner", "level: expert")
    with pytest.raises(generator.ContentError) as err:
        _checked_by_next_process(repo, monkeypatch)
    assert [(p.path, p.field) for p in err.value.problems] == [
        ("content/exercises/wall-slides.yaml", "level")]
    monkeypatch.setattr(validate, "load_bytes", never)
    with pytest.raises(generator.ContentError) as err:  # kept with the file's check
        _checked_by_next_process(repo, monkeypatch)
    assert [(p.path, p.field) for p in err.value.problems] == [
        ("content/exercises/wall-slides.yaml", "level")]
    monkeypatch.undo()
    _edit(repo / "content/exercises/wall-slides.yaml", "level: expert", "level: intermediate")
    edited, parsed = _checked_by_next_process(repo, monkeypatch)
    assert parsed == ["content/exercises/wall-slides.yaml"]
    assert edited.exercises["wall-slides"].level == "intermediate"
    record_cache(repo).unlink()  # the same site as checking every file afresh
    assert _checked_by_next_process(repo, monkeypatch)[0].content == edited.content


@pytest.mark.parametrize("damage", [
    b"{not json", b"", b'{"code": 1, "entries": 2}', b'[1, 2]',
    # A cache file can name only the model's own record classes, and only with valid fields.
    b'{"code": "%(code)s", "entries": {"content/vocabulary.yaml": ["x", {"@system": ["id"]}]}}',
    b'{"code": "%(code)s", "entries": {"content/vocabulary.yaml": ["x", [{"@Line": [1]}, [], []]]}}',
])
def test_a_damaged_record_cache_is_ignored(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                           damage: bytes) -> None:
    good, _ = _checked_by_next_process(repo, monkeypatch)
    record_cache(repo).write_bytes(damage % {b"code": code_version().encode()})
    site, parsed = _checked_by_next_process(repo, monkeypatch)
    assert site.content == good.content and len(parsed) > 25


def test_other_generator_code_checks_every_file_again(repo: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _checked_by_next_process(repo, monkeypatch)
    monkeypatch.setattr(cache, "code_version", lambda: "another version")
    assert len(_checked_by_next_process(repo, monkeypatch)[1]) > 25


def test_every_seed_file_and_its_problems_survive_the_cache(repo: Path) -> None:
    files = find_content(repo / "content", repo, Problems())
    _edit(repo / "content/exercises/trunk-rotation.yaml", "level: beginner", "level: expert")
    for f in files:
        checked = validate._check_bytes(f, f.path.read_bytes())
        text = json.dumps(dump_checked(checked))
        assert load_checked(json.loads(text, object_hook=decode_object)) == checked, f.rel


def test_an_unchanged_file_is_not_checked_again(repo: Path) -> None:
    first = _reread(repo)
    _edit(repo / "content/exercises/trunk-rotation.yaml", 'title: "Trunk rotation on all fours"',
          'title: "Trunk twist on all fours"')
    second = _reread(repo)
    assert second.exercises["trunk-rotation"] is not first.exercises["trunk-rotation"]
    assert second.exercises["trunk-rotation"].title.plain == "Trunk twist on all fours"
    assert second.exercises["wall-slides"] is first.exercises["wall-slides"]
    assert second.content.vocabulary is first.content.vocabulary


def test_a_problem_is_reported_again_on_every_rebuild(repo: Path) -> None:
    _edit(repo / "content/exercises/wall-slides.yaml", "level: beginner", "level: expert")
    for _ in range(2):  # the second read reuses the file's result: its problem must come too
        with pytest.raises(generator.ContentError) as err:
            _reread(repo)
        assert [(p.path, p.field) for p in err.value.problems] == [
            ("content/exercises/wall-slides.yaml", "level")]


@pytest.mark.parametrize("edit", EDITS, ids=[e[0] for e in EDITS])
def test_pages_after_an_edit_match_a_full_render(repo: Path, edit: tuple[str, str, str],
                                                 tmp_path: Path) -> None:
    cache = tmp_path / "pages.json"
    render_site(_reread(repo), cache=cache)
    render_cheat_sheets(_reread(repo), URL, reuse=True)
    path, old, new = edit
    _edit(repo / "content" / path, old, new)
    site = _reread(repo)
    assert render_site(site, cache=cache) == render_site(site)
    assert render_cheat_sheets(site, URL, reuse=True) == render_cheat_sheets(site, URL)


def test_an_exercise_edit_rerenders_only_the_pages_that_show_it(repo: Path,
                                                                  tmp_path: Path) -> None:
    cache = tmp_path / "pages.json"
    before = {p.src_uri: p for p in render_site(_reread(repo), cache=cache)}
    _edit(repo / "content/exercises/seated-elbow-circles.yaml", 'title: "Seated elbow circles"',
          'title: "Elbow circles while sitting"')
    after = render_site(_reread(repo), cache=cache)
    redone = {p.src_uri for p in after if p is not before[p.src_uri]}
    showing = {p.src_uri for p in after if "Elbow circles while sitting" in p.markdown}
    assert "exercises/seated-elbow-circles.md" in redone and len(showing) > 10
    # Every page that shows the new title was redone; unrelated exercise pages were reused.
    assert showing <= redone
    reused = {p.src_uri for p in after} - redone
    assert "exercises/trunk-rotation.md" in reused and len(reused) >= 5, sorted(redone)


def test_qr_codes_are_cached_on_disk(tmp_path: Path) -> None:
    url = "https://stretch-guide.example.org/routines/qr-cache-test/"
    first = qr_svg(url, tmp_path)
    [cached] = list(tmp_path.glob("*.svg"))
    assert cached.read_text(encoding="utf-8") == str(first)
    qr_svg.cache_clear()  # a new process: the code comes from the file
    assert qr_svg(url, tmp_path) == first


def _render_command(repo: Path, out: Path) -> tuple[str, dict[str, str]]:
    """`python -m generator render` in a new process; its summary line and the pages it wrote."""
    proc = subprocess.run([sys.executable, "-m", "generator", "--root", str(repo), "render",
                           str(out)], cwd=repo, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    # The generated pages of the docs folder it writes (not the hand-written ones beside them).
    docs = out / "docs"
    pages = {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted(docs.rglob("*.md"))
             if not (repo / "content/pages" / p.relative_to(docs)).exists()}
    return proc.stdout.strip(), pages


def _fresh(repo: Path) -> dict[str, str]:
    """The pages as a new process renders them, as `render` writes them (routine pages told
    where the offline worker is)."""
    return {p.src_uri: mark_plan(p.markdown, sw_url(page_url(p.src_uri)))
            for p in render_site(_reread(repo))}


def test_the_next_process_renders_only_what_changed(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "md"
    summary, _ = _render_command(repo, out)
    total = len(_fresh(repo))
    assert f"{total} rendered, 0 unchanged" in summary
    summary, pages = _render_command(repo, out)
    assert f"0 rendered, {total} unchanged" in summary and pages == _fresh(repo)

    _edit(repo / "content/exercises/seated-elbow-circles.yaml", 'title: "Seated elbow circles"',
          'title: "Elbow circles while sitting"')
    summary, pages = _render_command(repo, out)
    assert pages == _fresh(repo)
    made = int(re.search(r"(\d+) rendered", summary).group(1))  # type: ignore[union-attr]
    assert 10 < made < total - 5, summary


def test_a_renamed_file_updates_the_pages_that_link_to_it(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "md"
    _render_command(repo, out)
    # Same bytes, new name: every page that links to it needs the new address.
    old, new = "seated-elbow-circles", "seated-elbow-rolls"  # same place in slug order
    (repo / f"content/exercises/{old}.yaml").rename(repo / f"content/exercises/{new}.yaml")
    for path in (repo / "content").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if f"- {old}\n" in text:
            path.write_text(text.replace(f"- {old}\n", f"- {new}\n"), encoding="utf-8")
    _, pages = _render_command(repo, out)
    assert pages == _fresh(repo)
    assert not any(f"{old}.md" in text for text in pages.values())


def test_a_damaged_page_cache_is_ignored(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "md"
    _render_command(repo, out)
    for damage in (b"{not json", b'{"code": 1, "entries": 2}', b""):
        page_cache(repo).write_bytes(damage)
        summary, pages = _render_command(repo, out)
        assert pages == _fresh(repo) and " 0 unchanged" in summary
