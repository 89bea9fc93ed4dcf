"""The seed pages' guidance survives in the content: doses, cautions, times, rules, disclaimers.

Each entry pairs an exercise with details the seed gives for it; losing one in an edit is a
content regression a reviewer could easily miss.
"""

from __future__ import annotations

import pytest

from generator import read_site
from generator.model import Range
from tests.conftest import REPO

SITE = read_site(REPO)

SEED_DETAILS = {
    "trunk-rotation": ["neutral", "right hand behind your right ear", "inside of your left elbow",
                       "towards the ceiling"],
    "tennis-ball-release": ["Lie on your back", "6/10", "2/10", "roll the ball out"],
    "dual-tennis-ball-release": ["two tennis balls", "either side of your spine",
                                 "between your shoulder blades", "neutral", "Roll onto your side"],
    "seated-arm-clasp": ["clasp your arms behind your back", "Look up", "knees"],
    "seated-elbow-circles": ["stick 'em up", "Circle your elbows up and backwards"],
    "seated-vacuum-reach": ["Blow out as much air", "belly in", "back of your shoulders", "5 seconds"],
    "seated-hands-behind-head-hold": ["back of your head", "shoulder blades lightly", "heels",
                                      "belly forward", "without standing"],
    "seated-towel-roll": ["as far back as possible", "towel", "between your shoulder blades", "Relax"],
    "all-fours-belly-dip": ["all fours", "hip-width", "arms straight", "Dip your belly",
                            "Drop your head", "Lean your weight into your hands"],
    "lying-elbow-press": ["90 degrees", "chair or pillows", "45 degrees", "hands flat",
                          "palms up"],
    "lying-overhead-arm-lower": ["Clasp your hands", "overhead", "as flat as possible"],
    "face-down-arm-rest": ["stomach", "straight overhead", "Pigeon-toe", "forearms on pillows",
                           "45 degrees", "90 degrees"],
    "glute-bridge": ["heels into the ground", "in line with your torso", "2 seconds",
                     "Lower your buttocks"],
    "supported-rest": ["90 degrees", "chair or pillows", "palms facing up", "breathing"],
    "standing-overhead-reach": ["Clasp your fingers", "palms facing outwards", "Look up",
                                "without deeply swaying your back", "4 seconds"],
    "wall-slides": ["elbows bent at 90 degrees", "Lean back into the wall", "elbows and wrists",
                    "up and down the wall"],
    "standing-thumbs-out-arm-hold": ["pigeon-toed", "straight overhead", "palms to face behind",
                                     "thumbs", "45 degrees", "90 degrees"],
    "standing-heel-press": ["heel into the ground", "back of your leg", "upwards",
                            "45 degrees outwards", "45 degrees inwards"],
    "standing-hip-hinge": ["arms straight", "Hinge at your hips", "tabletop", "pigeon-toed",
                           "duck-toed", "line your feet up"],
}


def test_all_nineteen_seed_exercises_are_present() -> None:
    assert set(SITE.exercises) == set(SEED_DETAILS)


@pytest.mark.parametrize("slug", sorted(SEED_DETAILS))
def test_seed_details_are_kept(slug: str) -> None:
    steps = " ".join(s.plain for s in SITE.exercises[slug].steps)
    missing = [d for d in SEED_DETAILS[slug] if d.lower() not in steps.lower()]
    assert missing == []


def test_doses_from_the_seed() -> None:
    ex = SITE.exercises
    dose = ex["trunk-rotation"].dose
    assert dose is not None and dose.reps == Range(5, 15) and dose.each_side is True
    ball = ex["tennis-ball-release"].dose
    assert ball is not None and ball.intensity is not None and ball.hold_until is not None
    assert "6/10" in ball.intensity.plain and "2/10" in ball.hold_until.plain
    holds = {s: d.hold_seconds for s in ("seated-vacuum-reach", "glute-bridge",
                                         "standing-overhead-reach") if (d := ex[s].dose)}
    assert holds == {"seated-vacuum-reach": 5, "glute-bridge": 2, "standing-overhead-reach": 4}


def test_spine_caution_on_both_tennis_ball_exercises() -> None:
    for slug in ("tennis-ball-release", "dual-tennis-ball-release"):
        cautions = " ".join(c.plain for c in SITE.exercises[slug].cautions)
        assert "Never put a tennis ball right on the vertebrae of your spine" in cautions
        assert "injury" in cautions


def test_routines_extras_and_order() -> None:
    r = SITE.routines
    assert [i.exercise for i in r["mid-back-sitting"].exercises] == [
        "seated-arm-clasp", "seated-elbow-circles", "seated-vacuum-reach",
        "seated-hands-behind-head-hold"]
    assert [i.exercise for i in r["mid-back-lying-down"].exercises] == [
        "all-fours-belly-dip", "lying-elbow-press", "lying-overhead-arm-lower",
        "face-down-arm-rest", "glute-bridge"]
    assert [i.exercise for i in r["mid-back-standing"].exercises] == [
        "standing-overhead-reach", "wall-slides", "standing-thumbs-out-arm-hold",
        "standing-heel-press", "standing-hip-hinge"]
    sitting, lying = r["mid-back-sitting"].extras, r["mid-back-lying-down"].extras
    assert sitting is not None and sitting.title.plain == "Add this whenever sitting"
    assert [i.exercise for i in sitting.exercises] == ["seated-towel-roll"]
    assert lying is not None and lying.title.plain == "Add this whenever resting"
    assert [i.exercise for i in lying.exercises] == ["supported-rest"]
    assert r["mid-back-standing"].extras is None


def test_guide_rules_audience_and_disclaimers() -> None:
    guide = SITE.guides["middle-back-relief"]
    assert guide.audience is not None
    assert "pain between the shoulder blades" in guide.audience.plain
    rules = " ".join(r.plain for r in guide.how_to_use)
    for phrase in ("at least once a day", "24 hours", "10 times a day", "in the order given",
                   "skip it for now and bring it back later", "daily warm-up"):
        assert phrase in rules
    assert guide.routines == ("mid-back-sitting", "mid-back-lying-down", "mid-back-standing")
    texts = {d.slug: d.text.plain for d in SITE.defaults}
    assert set(texts) == {"not-medical-advice", "stop-if-it-hurts"}
    assert "not designed to be medical advice" in texts["not-medical-advice"]
    assert "tumour, tear or organ involvement" in texts["not-medical-advice"]
    assert "stop doing it and move on to the next one" in texts["stop-if-it-hurts"]
    first = SITE.guides["mid-back-tightness"]
    assert first.exercises == ("trunk-rotation", "tennis-ball-release", "dual-tennis-ball-release")
