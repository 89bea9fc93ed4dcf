"""The `figure:` field: every name problem is one located line with "did you mean", the body's
checks land on the line they are about, and editors' tools complete every name."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from generator.discover import SourceFile
from generator.figure.body import JOINTS, PARTS
from generator.figure.camera import VIEWS
from generator.figure.postures import POSTURES
from generator.figure.props import PROPS
from generator.figure.spec import FIGURE, FigureSpec, locate
from generator.load import Map, parse_text
from generator.model import Figure, PropUse
from generator.problems import Problems
from generator.scaffold import json_schemas
from generator.schema import Ctx
from generator.validate import validate_files
from tests.test_editors import as_json

HEAD = """\
title: "Cat stretch"
summary: "A gentle stretch."
level: beginner
position: all-fours
targets: [mid-back]
equipment: [towel, wall, tennis-ball]
steps: ["Kneel on all fours."]
figure:
  view: side
  frames:
"""
FRAME = """\
    - label: "Start"
      alt: "On hands and knees, back level."
      posture: all-fours
"""


def check(tmp_path: Path, text: str) -> tuple[list[str], object]:
    """Validate one exercise file; its problem lines (without the path) and the exercise."""
    path = tmp_path / "content/exercises/x.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    problems = Problems()
    done = validate_files([SourceFile("exercises", "x", path, "content/exercises/x.yaml")],
                          problems)
    lines = [str(p).removeprefix("content/exercises/x.yaml:") for p in problems.sorted()
             if p.path == "content/exercises/x.yaml"]  # not the missing vocabulary and site
    return lines, (done.exercises[0] if done.exercises else None)


def test_a_good_figure_becomes_the_model() -> None:
    # Conversion only: the body's own checks are the engine's tests.
    root = parse_text(HEAD + FRAME + """\
      joints:
        thoracic: {rotation_left: 20}
        right_shoulder: {flexion: 90, internal_rotation: 10}
    - label: "Open up"
      alt: "The right arm points at the ceiling."
      posture: all-fours
      touching: [left_hand, left_knee, right_knee]
      props:
        - prop: towel
          under: [left_knee, right_knee]
        - prop: tennis-ball
          under: upper_back
          side: left
""", "x", Problems())
    assert isinstance(root, Map)
    node = root.get("figure")
    assert node is not None
    problems = Problems()
    figure = FIGURE.convert(node, Ctx("x", problems), "figure")
    assert not problems and isinstance(figure, Figure)
    assert figure.view == "side" and figure.arrow is None
    first, second = figure.frames
    assert first.label.plain == "Start" and first.posture == "all-fours"
    assert first.joints == (("thoracic", "rotation_left", 20), ("right_shoulder", "flexion", 90),
                            ("right_shoulder", "internal_rotation", 10))
    assert first.touching is None and first.props == ()
    assert second.touching == ("left_hand", "left_knee", "right_knee")
    assert second.props == (PropUse("towel", "under", ("left_knee", "right_knee")),
                            PropUse("tennis-ball", "under", ("upper_back",), "left"))


@pytest.mark.parametrize(("body", "expected"), [
    ("  view: sid\n  frames:\n" + FRAME,
     "9:9: figure.view: unknown view 'sid' (did you mean 'side'?)"),
    ("  view: side\n  arrow: rigth_elbow\n  frames:\n" + FRAME,
     "10:10: figure.arrow: unknown body part 'rigth_elbow' (did you mean 'right_elbow'?)"),
    ("  view: side\n  frames:\n" + FRAME.replace("all-fours", "all-four"),
     "13:16: figure.frames[0].posture: unknown posture 'all-four' (did you mean 'all-fours'?)"),
    ("  view: side\n  frames:\n" + FRAME + "      joints:\n        rigth_knee: {flexion: 20}\n",
     "15:9: figure.frames[0].joints.rigth_knee: unknown joint 'rigth_knee' (did you mean "
     "'right_knee'?)"),
    ("  view: side\n  frames:\n" + FRAME + "      joints:\n        right_knee: {flection: 20}\n",
     "15:22: figure.frames[0].joints.right_knee.flection: the knee has no motion 'flection' "
     "(did you mean 'flexion'?)"),
    ("  view: side\n  frames:\n" + FRAME + "      joints:\n        right_knee: {abduction: 5}\n",
     "15:22: figure.frames[0].joints.right_knee.abduction: the knee has no motion "
     "'abduction': its motions are flexion, extension"),
    ("  view: side\n  frames:\n" + FRAME + "      joints:\n        right_knee: {flexion: 9.5}\n",
     "15:31: figure.frames[0].joints.right_knee.flexion: expected a whole number from 0 to "
     "360, got '9.5'"),
    ("  view: side\n  frames:\n" + FRAME + "      joints:\n        right_knee: 90\n",
     "15:21: figure.frames[0].joints.right_knee: expected a mapping of motion: degrees, e.g. "
     "{flexion: 30}"),
    ("  view: side\n  frames:\n" + FRAME + "      touching: [left_hand, rigth_hand]\n",
     "14:29: figure.frames[0].touching[1]: unknown body part 'rigth_hand' (did you mean "
     "'right_hand'?)"),
    ("  view: side\n  frames:\n" + FRAME + "      props:\n        - prop: tenis-ball\n"
     "          under: upper_back\n",
     "15:17: figure.frames[0].props[0].prop: unknown prop 'tenis-ball' (did you mean "
     "'tennis-ball'?)"),
    ("  view: side\n  frames:\n" + FRAME + "      props:\n        - prop: wall\n"
     "          under: back\n",
     "16:11: figure.frames[0].props[0].under: a wall cannot go under body parts; use 'behind'"),
    ("  view: side\n  frames:\n" + FRAME + "      props:\n        - prop: towel\n",
     "15:11: figure.frames[0].props[0]: missing 'under' or 'behind': name the body parts that "
     "rest on the prop (under) or lean against it (behind)"),
    ("  view: side\n  frames:\n" + FRAME + "      props:\n        - prop: tennis-ball\n"
     "          under: upper_back\n          side: middle\n",
     "17:17: figure.frames[0].props[0].side: expected one of left, right, got 'middle'"),
    ("  view: side\n  frames:\n" + FRAME + "      props:\n        - prop: towel\n"
     "          behind: [back, hed]\n",
     "16:26: figure.frames[0].props[0].behind[1]: unknown body part 'hed' (did you mean "
     "'head'?)"),
    ("  view: side\n  frames: []\n", "10:11: figure.frames: must not be empty"),
    ("  view: side\n  frames:\n" + FRAME.replace('"Start"', '"' + "x" * 41 + '"'),
     "11:14: figure.frames[0].label: is 41 characters long; the limit is 40: it sits under a "
     "small picture: two or three words; the alt text holds the detail"),
    ("  view: side\n  frames:\n" + FRAME.replace('      alt: "On hands and knees, back level."\n',
                                                ""),
     "11:7: figure.frames[0].alt: missing required field 'alt'"),
])
def test_each_name_problem_is_one_located_line(tmp_path: Path, body: str, expected: str) -> None:
    lines, exercise = check(tmp_path, HEAD.removesuffix("  view: side\n  frames:\n") + body)
    assert lines == [expected]
    assert exercise is None


def test_the_bodys_checks_land_on_the_line_they_are_about(tmp_path: Path) -> None:
    lines, exercise = check(tmp_path, HEAD + FRAME + """\
    - label: "Squat"
      alt: "Standing on the left leg, the right knee bent."
      posture: standing
      joints:
        right_knee: {flexion: 160}
""")
    assert lines == ["18:31: figure.frames[1].joints.right_knee.flexion: 160 degrees is beyond "
                     "the normal range of the knee (0 to 135)"]
    assert exercise is None


def test_a_prop_missing_from_equipment_is_refused_on_its_line(tmp_path: Path) -> None:
    text = (HEAD + FRAME + "      props:\n        - prop: pillow\n          under: "
            "[left_knee, right_knee]\n")
    lines, _ = check(tmp_path, text)
    assert ("15:17: figure.frames[0].props[0].prop: 'pillow' is not in this exercise's "
            "equipment: add it there, or remove the prop") in lines


def test_the_body_is_checked_even_when_other_fields_fail(tmp_path: Path) -> None:
    # One run shows every problem: a bad level does not hide a knee bent too far.
    text = (HEAD.replace("level: beginner", "level: easy") + FRAME
            + "      joints:\n        right_knee: {flexion: 160}\n")
    lines, _ = check(tmp_path, text)
    assert [line.split(": ")[1] for line in lines] == ["level", "figure.frames[0].joints."
                                                       "right_knee.flexion"]


def test_issue_paths_find_the_deepest_node_written() -> None:
    root = parse_text(HEAD + FRAME + "      joints:\n        right_knee: {flexion: 90}\n", "x",
                      Problems())
    assert isinstance(root, Map)
    figure = root.get("figure")
    assert figure is not None
    def at(path: str) -> tuple[int, int]:
        mark = locate(figure, path).mark
        return mark.line, mark.col

    assert at("frames[0].joints.right_knee.flexion") == (15, 31)
    assert at("frames[0]") == (11, 7)
    assert at("frames[0].touching[2]") == (11, 7)  # not written: the frame
    assert at("frames[3]") == (11, 5)  # no such frame: the list


def _schema_accepts(text: str) -> bool:
    node = parse_text(text, "x", Problems())
    assert node is not None
    try:
        jsonschema.validate(as_json(node), json_schemas()["exercise"])
    except jsonschema.ValidationError:
        return False
    return True


def test_the_json_schema_completes_every_name() -> None:
    figure = json_schemas()["exercise"]["properties"]["figure"]
    frame = figure["properties"]["frames"]["items"]
    assert figure["properties"]["view"]["enum"] == list(VIEWS)
    assert len(figure["properties"]["view"]["enumDescriptions"]) == len(VIEWS)
    assert frame["properties"]["posture"]["enum"] == list(POSTURES)
    assert frame["properties"]["posture"]["enumDescriptions"] == [
        p.description for p in POSTURES.values()]
    joints = frame["properties"]["joints"]["properties"]
    assert list(joints) == list(JOINTS)
    assert list(joints["right_knee"]["properties"]) == ["flexion", "extension"]
    assert "normal range 0 to 135" in joints["right_knee"]["properties"]["flexion"]["description"]
    assert frame["properties"]["touching"]["items"]["enum"] == list(PARTS)
    prop = frame["properties"]["props"]["items"]
    assert prop["properties"]["prop"]["enum"] == list(PROPS)


def test_the_json_schema_agrees_with_check_on_figures() -> None:
    good = HEAD + FRAME + "      joints:\n        right_knee: {flexion: 90}\n"
    assert _schema_accepts(good)
    for bad in [good.replace("all-fours", "all-four"), good.replace("right_knee", "rigth_knee"),
                good.replace("{flexion: 90}", "{abduction: 9}"),
                HEAD + FRAME * 5,
                HEAD + FRAME + "      props:\n        - prop: wall\n          under: back\n",
                HEAD + FRAME + "      props:\n        - prop: towel\n          under: back\n"
                "          behind: back\n",
                HEAD + FRAME + "      props:\n        - prop: towel\n"]:
        assert not _schema_accepts(bad), bad


def test_the_scaffolds_figure_example_passes_check(tmp_path: Path) -> None:
    example = FigureSpec.example
    lines, exercise = check(tmp_path, HEAD.split("figure:")[0] + example + "\n")
    assert lines == []
    assert exercise is not None


def test_the_example_in_contributing_passes_check(tmp_path: Path) -> None:
    guide = (Path(__file__).parent.parent / "CONTRIBUTING.md").read_text()
    example = guide.split("## Figures", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    head = HEAD.split("figure:")[0].replace("equipment: [towel, wall, tennis-ball]\n", "")
    lines, exercise = check(tmp_path, head + example)
    assert lines == []
    assert exercise is not None
