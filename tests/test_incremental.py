"""The preview's incremental rebuild: after an edit, only what the edit touches is redone, and
what comes out is exactly what a full build gives."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import generator
from generator.cache import page_cache
from generator.cheatsheet import qr_svg, render_cheat_sheets
from generator.render import render_site
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
    pages = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted(out.rglob("*.md"))}
    return proc.stdout.strip(), pages


def _fresh(repo: Path) -> dict[str, str]:
    return {p.src_uri: p.markdown for p in render_site(_reread(repo))}


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
