"""Normal active ranges of motion, in degrees from the anatomical position, with their sources.

Maintainers change these, editors do not. Limbs follow the American Academy of Orthopaedic
Surgeons' values as tabulated by Norkin & White, *Measurement of Joint Motion* (5th ed., 2016),
appendix B; the spine follows the same table for the cervical spine and the thoracolumbar
spine measured as one (flexion 80, extension 25, side bend 35, rotation 45), so thoracic and
lumbar motions are checked together against it.
"""

from __future__ import annotations

from dataclasses import dataclass

AAOS = "AAOS, in Norkin & White, Measurement of Joint Motion, 5th ed., appendix B"
KENDALL = "Kendall et al., Muscles: Testing and Function, 5th ed."


@dataclass(frozen=True, slots=True)
class Range:
    """The normal range of one motion: 0 to `high` degrees."""

    high: int
    source: str = AAOS


# Joint kind (as editors name it, without the side) -> motion -> range.
RANGES: dict[str, dict[str, Range]] = {
    "neck": {"flexion": Range(45), "extension": Range(45), "side_bend_left": Range(45),
             "side_bend_right": Range(45), "rotation_left": Range(60),
             "rotation_right": Range(60)},
    "thoracolumbar": {"flexion": Range(80), "extension": Range(25), "side_bend_left": Range(35),
                      "side_bend_right": Range(35), "rotation_left": Range(45),
                      "rotation_right": Range(45)},
    "shoulder": {"flexion": Range(180), "extension": Range(60), "abduction": Range(180),
                 # Adduction past the body's midline, reaching across the chest.
                 "adduction": Range(50, KENDALL), "internal_rotation": Range(70),
                 "external_rotation": Range(90)},
    # Straight is the end of the range: extension only undoes a posture's bend.
    "elbow": {"flexion": Range(150), "extension": Range(0)},
    # Measured from palms forward (the anatomical position, which is full supination), so the
    # whole arc of 80 supination and 80 pronation from thumb-up (AAOS) is pronation here.
    "forearm": {"pronation": Range(160), "supination": Range(0)},
    "wrist": {"flexion": Range(80), "extension": Range(70)},
    "hip": {"flexion": Range(120), "extension": Range(30), "abduction": Range(45),
            "adduction": Range(30), "internal_rotation": Range(45),
            "external_rotation": Range(45)},
    "knee": {"flexion": Range(135), "extension": Range(0)},
    "ankle": {"dorsiflexion": Range(20), "plantarflexion": Range(50)},
}

# Readers' names for the joint kinds in messages.
NAMES = {"neck": "neck", "thoracolumbar": "thoracic and lumbar spine together",
         "shoulder": "shoulder", "elbow": "elbow", "forearm": "forearm", "wrist": "wrist",
         "hip": "hip", "knee": "knee", "ankle": "ankle"}


def range_kind(joint: str) -> str:
    """The RANGES key for an editor's joint name ('right_knee' -> 'knee', 'lumbar' ->
    'thoracolumbar')."""
    if joint in ("thoracic", "lumbar"):
        return "thoracolumbar"
    return joint.split("_", 1)[1] if joint.startswith(("left_", "right_")) else joint
