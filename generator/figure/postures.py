"""The posture library: named starting positions that frames change, as data.

Maintainers change these, editors do not. Each posture is a whole-body turn from upright
(`pitch`: degrees about the body's left-right axis, positive leaning back) plus joint angles
(degrees from the anatomical position, as editors write them), and the body parts it rests
on. Frames add their own joint changes to these angles. A posture can bring its own chair
(`chair`): sitting on its seat, or the calves resting on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Angles = dict[str, dict[str, int]]


def _both(**motions: dict[str, int]) -> Angles:
    """The same angles on the left and the right: _both(hip={'flexion': 90})."""
    return {f"{side}_{joint}": dict(m) for joint, m in motions.items() for side in ("left", "right")}


@dataclass(frozen=True)
class Posture:
    """A named starting position: its turn from upright, joint angles and resting parts."""

    description: str
    pitch: int
    joints: Angles = field(default_factory=dict)
    contacts: tuple[str, ...] = ()
    chair: Literal["seat", "front", "calves"] | None = None


# Sitting upright with the hands resting on the thighs, on a chair's seat or its front half.
_SEATED = _both(shoulder={"flexion": 20}, elbow={"flexion": 60}, hip={"flexion": 90},
                knee={"flexion": 90})

POSTURES: dict[str, Posture] = {
    "standing": Posture(
        "Standing upright, arms by the sides, feet flat on the floor.", 0,
        contacts=("left_foot", "right_foot")),
    "sitting": Posture(
        "Sitting upright on a chair, hips and knees at 90 degrees, feet flat on the floor, "
        "hands resting on the thighs.", 0,
        _SEATED,
        ("pelvis", "left_foot", "right_foot"), chair="seat"),
    "sitting-forward": Posture(
        "Sitting upright on the front half of a chair, away from its back rest, hips and knees "
        "at 90 degrees, feet flat, hands on the thighs.", 0,
        _SEATED,
        ("pelvis", "left_foot", "right_foot"), chair="front"),
    "lying-on-back": Posture(
        "Lying flat on the back, legs straight, arms by the sides.", 90,
        {**_both(ankle={"plantarflexion": 10}), "neck": {"extension": 10}},
        ("head", "upper_back", "pelvis", "left_heel", "right_heel")),
    "lying-on-back-knees-bent": Posture(
        "Lying on the back with the knees bent and the feet flat on the floor.", 90,
        _both(hip={"flexion": 50}, knee={"flexion": 110}, ankle={"plantarflexion": 30}),
        ("head", "upper_back", "pelvis", "left_foot", "right_foot")),
    "lying-on-back-legs-on-chair": Posture(
        "Lying on the back with both legs resting on a chair seat, hips and knees at 90 "
        "degrees, arms a little away from the sides.", 90,
        _both(shoulder={"abduction": 25}, hip={"flexion": 90}, knee={"flexion": 90}),
        ("head", "upper_back", "pelvis", "left_calf", "right_calf"), chair="calves"),
    "lying-face-down": Posture(
        "Lying on the stomach, legs straight, arms by the sides, forehead towards the floor.",
        -90, {**_both(ankle={"plantarflexion": 50}), "neck": {"extension": 10}},
        ("chest", "pelvis", "left_toes", "right_toes")),
    "all-fours": Posture(
        "On hands and knees: hands under the shoulders, knees under the hips, back level.",
        # The arms are longer than the thighs, so the back slopes up a little towards the head
        # (12 degrees) with the arms and thighs upright; the toes rest on the floor.
        -78, _both(shoulder={"flexion": 83}, forearm={"pronation": 160}, wrist={"extension": 60},
                   hip={"flexion": 78},
                   knee={"flexion": 105}, ankle={"plantarflexion": 50}),
        ("left_hand", "right_hand", "left_knee", "right_knee", "left_toes", "right_toes")),
    "leaning-back-on-elbows": Posture(
        "Sitting on the floor leaning back on both elbows, knees bent, feet flat.", 60,
        _both(shoulder={"extension": 30}, elbow={"flexion": 80}, hip={"flexion": 80},
              knee={"flexion": 110}, ankle={"plantarflexion": 30}),
        ("pelvis", "left_forearm", "right_forearm", "left_foot", "right_foot")),
}
