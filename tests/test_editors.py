"""The editors' workflow: JSON Schema, scaffolding, PR annotations, workflows, edit links."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

import generator
from generator.cli import main
from generator.load import Map, Node, Scalar, parse_text
from generator.problems import Problems
from generator.scaffold import json_schemas
from tests.conftest import REPO
from tests.static_server import serve
from tests.test_browser import search

CASES = REPO / "tests/cases"
SCHEMA_FOR = {"exercises": "exercise", "routines": "routine", "guides": "guide",
              "disclaimers": "disclaimer"}


# ---------------------------------------------------------------------------- JSON Schema


def test_committed_schemas_and_field_reference_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(REPO), "schema", "--check"]) == 0, capsys.readouterr().err


def _descriptions(schema: dict[str, Any], where: str) -> list[str]:
    missing = [] if schema.get("description") else [where]
    for key, sub in schema.get("properties", {}).items():
        missing += _descriptions(sub, f"{where}.{key}")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            missing += _descriptions(schema[key], f"{where}[]")
    for i, sub in enumerate(schema.get("oneOf", [])):
        missing += _descriptions(sub, f"{where}|{i}")
    return missing


def test_every_field_has_a_description() -> None:
    for name, schema in json_schemas().items():
        assert _descriptions(schema, name) == []


_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
                    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")


def as_json(node: Node) -> Any:
    """A YAML node typed the way editors' tools (YAML 1.2 core schema) see it."""
    if isinstance(node, Map):
        return {k.value: as_json(v) for k, v in node.pairs}
    if isinstance(node, Scalar):
        v = node.value
        if not node.plain:
            return v
        if v in ("true", "false"):
            return v == "true"
        if v in ("", "~", "null"):
            return None
        if _INT.fullmatch(v):
            return int(v)
        if _FLOAT.fullmatch(v):
            return float(v.replace(".inf", "inf").replace(".nan", "nan"))
        return v
    return [as_json(item) for item in node.items]


def schema_accepts(path: Path, kind: str) -> bool:
    node = parse_text(path.read_text(encoding="utf-8"), "x", Problems())
    assert node is not None
    try:
        jsonschema.validate(as_json(node), json_schemas()[kind])
    except jsonschema.ValidationError:
        return False
    return True


def test_schemas_accept_all_the_real_content() -> None:
    checked = 0
    for folder, kind in SCHEMA_FOR.items():
        for path in sorted((REPO / "content" / folder).glob("*.yaml")):
            assert schema_accepts(path, kind), path
            checked += 1
    assert schema_accepts(REPO / "content/vocabulary.yaml", "vocabulary")
    assert checked == 26


# Broken files where the schema and `check` both have an opinion. Left out on purpose: checks a
# schema cannot express (cross-references, file names, YAML features) and `hold_seconds: 010`,
# which YAML 1.2 tools read as the number 10 while `check` refuses leading zeros.
SCHEMA_CASES = sorted(p.name for p in CASES.iterdir() if p.name.startswith("schema-")
                      and p.name not in {"schema-hold-seconds-1", "schema-reps-range-backwards"})
# The figure's names (not the body's checks, which only the engine can make).
SCHEMA_CASES += ["figure-motion-not-of-joint", "figure-prop-not-drawable", "figure-too-many-frames",
                 "figure-under-and-behind", "figure-unknown-joint", "figure-unknown-posture"]


@pytest.mark.parametrize("case", SCHEMA_CASES)
def test_schema_and_check_agree_on_broken_files(case: str, repo: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    [bad] = list((CASES / case / "files/content/exercises").glob("*.yaml"))
    assert not schema_accepts(bad, "exercise")
    (repo / "content/exercises" / bad.name).write_bytes(bad.read_bytes())
    assert main(["--root", str(repo), "check"]) == 1
    capsys.readouterr()


# ---------------------------------------------------------------------------- scaffolding


FILLED = {
    'title: ""': 'title: "Cat stretch"',
    'summary: ""': 'summary: "Round and arch your back on all fours to loosen the mid-back."',
    'level: ""': "level: beginner",
    'position: ""': "position: all-fours",
    'targets:\n  - ""': "targets:\n  - mid-back",
    'steps:\n  - ""': 'steps:\n  - "Kneel on all fours."\n  - "Round your back towards the ceiling."',
}


def test_new_exercise_can_be_filled_in_and_appears_everywhere(
        repo: Path, browser: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "new", "exercise", "cat-stretch"]) == 0
    out = capsys.readouterr().out
    assert "created content/exercises/cat-stretch.yaml" in out and "make check" in out
    path = repo / "content/exercises/cat-stretch.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/exercise.schema.json\n")
    assert main(["--root", str(repo), "check"]) == 1  # placeholders are not valid yet
    capsys.readouterr()
    for placeholder, value in FILLED.items():
        assert placeholder in text
        text = text.replace(placeholder, value)
    path.write_text(text)
    routine = repo / "content/routines/mid-back-sitting.yaml"
    routine.write_text(routine.read_text().replace("  - seated-elbow-circles\n",
                                                   "  - seated-elbow-circles\n  - cat-stretch\n"))
    site = repo / "site"
    assert main(["--root", str(repo), "build", "--site-dir", str(site)]) == 0
    assert "Cat stretch" in (site / "routines/mid-back-sitting/index.html").read_text()
    for index in ("exercises", "positions", "body-areas", "equipment"):
        assert "cat-stretch/" in (site / index / "index.html").read_text(), index
    with serve(site) as base:
        page = browser.new_page()
        # Typed key by key like a reader: a single `fill` can land before the search index loads.
        assert search(page, base, "cat stretch")[0] == "exercises/cat-stretch/"
        page.close()


def test_the_new_exercises_figure_passes_check_once_uncommented(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "new", "exercise", "cat-stretch"]) == 0
    path = repo / "content/exercises/cat-stretch.yaml"
    text = path.read_text()
    for placeholder, value in FILLED.items():
        text = text.replace(placeholder, value)
    head, figure = text.split("# figure:\n")
    block, rest = figure.split("\n\n", 1)
    lines = ["figure:", *(line.removeprefix("# ") for line in block.splitlines())]
    assert lines[1].lstrip().startswith("#") and "  view: side" in lines  # a comment, then a value
    path.write_text(head + "\n".join(lines) + "\n\n" + rest)
    capsys.readouterr()
    assert main(["--root", str(repo), "check"]) == 0, capsys.readouterr().err
    exercise = generator.read_site(repo).exercises["cat-stretch"]
    assert exercise.figure is not None and exercise.figure.frames[0].posture == "standing"


@pytest.mark.parametrize(("argv", "message"), [
    (["new", "exercise", "glute-bridge"], "error: content/exercises/glute-bridge.yaml already exists"),
    (["new", "exercise", "Cat Stretch"], "error: slug 'Cat Stretch' is not a valid slug"),
    (["new", "routine", "index"], "error: 'index' is a reserved name: choose another slug"),
])
def test_new_refuses_existing_or_invalid_slugs(argv: list[str], message: str, repo: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in (repo / "content").rglob("*"))
    assert main(["--root", str(repo), *argv]) == 2
    assert capsys.readouterr().err.startswith(message)
    assert sorted(p.name for p in (repo / "content").rglob("*")) == before


@pytest.mark.parametrize("kind", ["routine", "guide"])
def test_routine_and_guide_templates_parse_and_only_ask_for_placeholders(
        kind: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "new", kind, "my-new-one"]) == 0
    capsys.readouterr()
    assert main(["--root", str(repo), "check"]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("content/")]
    assert lines and all("my-new-one.yaml" in line for line in lines)
    assert all("must not be empty" in line or "from 1 to 120, got 0" in line
               or "a guide needs" in line for line in lines), lines


# ---------------------------------------------------------------------------- annotations

GITHUB = re.compile(r"^::error file=[^,:\n]+,line=\d+,col=\d+,title=[^:\n]+::[^\n]+$")


def test_check_github_format(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "content/exercises/glute-bridge.yaml").write_text(
        'title: "A, b: c"\nlevel: expert\nstepz: []\nsummary: "100% done\\nreally"\n')
    assert main(["--root", str(repo), "check", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    annotations = out.splitlines()
    assert len(annotations) == len([line for line in err.splitlines() if line.startswith("content/")])
    assert annotations and all(GITHUB.match(a) for a in annotations), annotations
    assert ("::error file=content/exercises/glute-bridge.yaml,line=2,col=8,title=level::expected one "
            "of beginner, intermediate, advanced, got 'expert'") in annotations
    assert any("title=stepz::unknown field (did you mean 'steps'?)" in a for a in annotations)
    plain = subprocess.run([sys.executable, "-m", "generator", "--root", str(repo), "check"],
                           capture_output=True, text=True, cwd=REPO, check=False)
    assert plain.stdout == "" and plain.stderr.startswith("content/")


# ---------------------------------------------------------------------------- workflows

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))


def test_workflows_follow_the_rules() -> None:
    assert {p.name for p in WORKFLOWS} == {"pull-request.yml", "deploy.yml"}
    for path in WORKFLOWS:
        text = path.read_text()
        flow = yaml.safe_load(text)
        assert "pull_request_target" not in flow[True]  # YAML 1.1 reads the key `on` as True
        for line in re.findall(r"uses: (\S+)(.*)", text):
            ref, comment = line
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), ref
            assert re.match(r"\s+# v\d", comment), f"{ref} needs its version in a comment"
        for job in flow["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False
            scopes = job.get("permissions", {})
            if scopes.get("pages") == "write" or scopes.get("id-token") == "write":
                assert path.name == "deploy.yml" and job["name"] == "Deploy to GitHub Pages"
    pr = yaml.safe_load((REPO / ".github/workflows/pull-request.yml").read_text())
    assert pr["permissions"] == {"contents": "read"}
    assert pr[True] == {"pull_request": None}  # YAML 1.1 reads the key `on` as True
    steps = " ".join(str(s.get("run", "")) for s in pr["jobs"]["check-test-build"]["steps"])
    assert "-r requirements.txt" in steps and "check --format github" in steps
    assert "make test" in steps and "make site" in steps


def test_workflow_linter_rejects_a_risky_workflow(tmp_path: Path) -> None:
    risky = tmp_path / ".github/workflows/risky.yml"
    risky.parent.mkdir(parents=True)
    risky.write_text(
        "on: pull_request_target\npermissions: write-all\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n        with:\n"
        "          ref: ${{ github.event.pull_request.head.sha }}\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n")
    zizmor = Path(sys.executable).parent / "zizmor"
    bad = subprocess.run([str(zizmor), "--offline", "--quiet", str(risky.parent)],
                         capture_output=True, text=True, check=False)
    assert bad.returncode != 0 and "dangerous-triggers" in bad.stdout + bad.stderr
    good = subprocess.run([str(zizmor), "--offline", "--quiet", str(REPO / ".github/workflows")],
                          capture_output=True, text=True, check=False)
    assert good.returncode == 0, good.stdout + good.stderr


# ---------------------------------------------------------------------------- repository files


def test_editor_settings_map_every_schema() -> None:
    settings = json.loads((REPO / ".vscode/settings.json").read_text())
    mapped = settings["yaml.schemas"]
    assert set(mapped) == {f"./schema/{name}.schema.json" for name in json_schemas()}
    for schema, glob in mapped.items():
        assert (REPO / schema).is_file()
        assert list(REPO.glob(glob)), glob


def test_pre_commit_hook_checks_content() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    [hook] = config["repos"][0]["hooks"]
    assert hook["entry"] == "make check" and hook["files"] == "^content/"


def test_codeowners_and_pull_request_template() -> None:
    owners = (REPO / ".github/CODEOWNERS").read_text()
    assert "/content/ " in owners and "/content/pages/" in owners
    template = (REPO / ".github/pull_request_template.md").read_text()
    assert "make check" in template and "cautions" in template


def test_every_edit_link_points_at_a_file_in_the_repository(built_site: Path) -> None:
    prefix = "https://github.com/stretch-guide/stretch-guide/edit/main/"
    seen = 0
    for html in sorted(built_site.rglob("index.html")):
        link = BeautifulSoup(html.read_text(), "html.parser").find("a", rel="edit")
        if link is None:
            continue
        href = str(link["href"])
        assert href.startswith(prefix), href
        assert (REPO / href.removeprefix(prefix)).is_file(), f"{html}: {href}"
        seen += 1
    assert seen >= 19 + 3 + 2 + 1


def test_annotation_escapes_what_github_would_misread() -> None:
    from generator.cli import github_annotation
    from generator.problems import Problem
    line = github_annotation(Problem("content/a,b.yaml", 3, 4, "x:y", "50% off\nnext line"))
    assert line == "::error file=content/a%2Cb.yaml,line=3,col=4,title=x%3Ay::50%25 off%0Anext line"
