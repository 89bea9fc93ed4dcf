"""The figure engine against known poses: kinematics, placement on supports, and the checks.

Known angles must give known joint positions (measured by hand from the body table), every
posture in the library must rest on its own contacts within its ranges, and poses a body
cannot take must be refused with the exact message an editor sees.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pytest

from generator.figure import check_figure, solve_frame
from generator.figure.body import JOINTS, PARTS, H
from generator.figure.checks import centre_of_mass
from generator.figure.fit import bottom, tolerance
from generator.figure.kinematics import forward, turns_for
from generator.figure.placement import place
from generator.figure.postures import POSTURES
from generator.figure.ranges import RANGES, range_kind
from generator.figure.scene import Box
from generator.model import Figure, Frame, PropUse
from generator.text import parse_inline

LABEL = parse_inline("Start")[0]


def frame(posture: str, *joints: tuple[str, str, int], touching: tuple[str, ...] | None = None,
          props: tuple[PropUse, ...] = ()) -> Frame:
    """A frame with placeholder texts."""
    return Frame(LABEL, LABEL, posture, tuple(joints), touching, props)


def messages(*frames: Frame, equipment: tuple[str, ...] = ()) -> list[str]:
    """The problems with a figure, as `path: message`."""
    return [f"{i.path}: {i.message}" for i in check_figure(Figure("side", frames), equipment)]


def at(pose: Mapping[tuple[str, str], float], joint: str) -> tuple[float, ...]:
    """A skeleton joint's position for `pose`, in fractions of body height, rounded."""
    pos, _ = forward(turns_for(pose))
    return tuple(round(v / H, 3) for v in pos[joint])


# ---------------------------------------------------------------------------- kinematics


def test_anatomical_position_matches_the_body_table() -> None:
    # Winter's heights: shoulder 0.818 H, hip 0.530, knee 0.285, ankle 0.039; left mirrors right.
    assert at({}, "right_shoulder")[1] == 0.818
    assert at({}, "right_knee") == (0.0, 0.285, 0.052)
    assert at({}, "left_knee") == (0.0, 0.285, -0.052)
    assert at({}, "right_ankle")[1] == 0.039
    # Upper arm 0.186 H and forearm 0.146 H hang straight down.
    assert at({}, "right_wrist")[1] == pytest.approx(0.818 - 0.186 - 0.146, abs=0.001)


def test_shoulder_flexion_90_points_the_arm_forwards() -> None:
    elbow = at({("right_shoulder", "flexion"): 90}, "right_elbow")
    shoulder = at({}, "right_shoulder")
    assert elbow == pytest.approx((shoulder[0] + 0.186, shoulder[1], shoulder[2]), abs=0.001)


def test_abduction_moves_each_arm_out_to_its_own_side() -> None:
    assert at({("right_shoulder", "abduction"): 90}, "right_elbow")[2] == pytest.approx(
        0.105 + 0.186, abs=0.001)
    assert at({("left_shoulder", "abduction"): 90}, "left_elbow")[2] == pytest.approx(
        -0.105 - 0.186, abs=0.001)
    assert at({("right_shoulder", "abduction"): 180}, "right_elbow")[1] == pytest.approx(
        0.818 + 0.186, abs=0.001)


def test_knee_flexion_takes_the_foot_backwards_and_elbow_flexion_the_hand_forwards() -> None:
    ankle = at({("right_knee", "flexion"): 90}, "right_ankle")
    assert ankle == pytest.approx((-0.246, 0.285, 0.052), abs=0.001)
    wrist = at({("right_elbow", "flexion"): 90}, "right_wrist")
    assert wrist[0] == pytest.approx(0.146 - 0.005, abs=0.001)
    assert wrist[1] == pytest.approx(0.818 - 0.186, abs=0.001)


def test_trunk_rotation_left_turns_the_face_left_and_carries_the_arms() -> None:
    pos, frames = forward(turns_for({("thoracic", "rotation_left"): 90}))
    neck = frames["neck"]
    assert (round(neck[0], 6), round(neck[6], 6)) == (0.0, -1.0)  # the face points to -z, left
    # The right shoulder has swung round to the front of the body.
    assert pos["right_shoulder"][0] / H == pytest.approx(0.1, abs=0.01)


def test_external_rotation_with_abduction_gives_the_goal_post_arm() -> None:
    pose = {("right_shoulder", "abduction"): 90, ("right_shoulder", "external_rotation"): 90,
            ("right_elbow", "flexion"): 90}
    elbow, wrist = at(pose, "right_elbow"), at(pose, "right_wrist")
    assert wrist[1] == pytest.approx(elbow[1] + 0.146, abs=0.001)  # forearm straight up
    assert wrist[2] == pytest.approx(elbow[2], abs=0.001)


def test_hip_rotation_turns_the_toes_in_and_out() -> None:
    toes_in = at({("right_hip", "internal_rotation"): 30}, "right_toes")
    toes_out = at({("right_hip", "external_rotation"): 30}, "right_toes")
    assert toes_in[2] < 0.052 < toes_out[2]  # pigeon-toed points to the midline, duck-toed out


# ---------------------------------------------------------------------------- the library


@pytest.mark.parametrize("name", sorted(POSTURES))
def test_every_posture_rests_on_its_contacts_within_its_ranges(name: str) -> None:
    assert messages(frame(name)) == []
    placed = place(frame(name))
    assert all(abs(c.gap) <= tolerance() for c in placed.contacts)
    assert min(bottom(c) for c in placed.capsules) > -tolerance()


def test_posture_and_range_data_use_known_names() -> None:
    for posture in POSTURES.values():
        assert set(posture.contacts) <= set(PARTS)
        for joint, motions in posture.joints.items():
            assert set(motions) <= set(JOINTS[joint])
            for motion, degrees in motions.items():
                assert 0 <= degrees <= RANGES[range_kind(joint)][motion].high
    for joint, allowed in JOINTS.items():
        assert set(allowed) <= set(RANGES[range_kind(joint)])
        turns_for({(joint, m): 1 for m in allowed})  # every editor joint maps onto the skeleton


def test_standing_centre_of_mass_is_over_the_feet_at_hip_height() -> None:
    placed = place(frame("standing"))
    com = centre_of_mass(placed.capsules)
    assert com[1] / H == pytest.approx(0.55, abs=0.03)  # just above the hips (Winter: 0.55 H)
    assert abs(com[2]) < 0.001


def test_sitting_brings_a_chair_whose_seat_carries_the_pelvis() -> None:
    scene = solve_frame(frame("sitting"))
    boxes = [s for s in scene.solids if isinstance(s, Box) and s.prop == "chair"]
    seat = max(boxes, key=lambda s: s.size[0] * s.size[2])
    assert 0.40 <= seat.center[1] + 0.02 <= 0.50
    assert "pelvis" in scene.points and "right_elbow" in scene.points


def test_a_hip_hinge_turns_the_whole_body_so_the_feet_stay_flat() -> None:
    placed = place(frame("standing", ("left_hip", "flexion", 90), ("right_hip", "flexion", 90)))
    pos, _ = placed.skeleton
    trunk = (pos["neck"][0] - pos["pelvis"][0], pos["neck"][1] - pos["pelvis"][1])
    assert abs(math.degrees(math.atan2(trunk[1], trunk[0]))) < 10  # the back is level
    assert all(abs(c.gap) <= tolerance() for c in placed.contacts)


def test_a_tennis_ball_beside_the_spine_sits_off_the_midline() -> None:
    use = PropUse("tennis-ball", "under", ("upper_back",), "left")
    scene = solve_frame(frame("lying-on-back", touching=("pelvis", "left_heel", "right_heel"),
                              props=(use,)))
    (ball,) = scene.solids
    assert ball.center[2] == pytest.approx(scene.points["neck"][2] - 0.055, abs=0.01)  # type: ignore[union-attr]


# ---------------------------------------------------------------------------- refused poses


def test_a_motion_beyond_its_normal_range_is_refused_with_the_range() -> None:
    assert messages(frame("standing", ("right_knee", "flexion", 160))) == [
        "frames[0].joints.right_knee.flexion: 160 degrees is beyond the normal range of the "
        "knee (0 to 135)"]


def test_the_posture_counts_towards_the_range() -> None:
    assert messages(frame("sitting", ("right_knee", "flexion", 70))) == [
        "frames[0].joints.right_knee.flexion: sitting already has 90 degrees of flexion; with "
        "this change it is 160, beyond the normal range of the knee (0 to 135)"]


def test_thoracic_and_lumbar_share_one_range() -> None:
    assert messages(frame("standing", ("thoracic", "flexion", 50), ("lumbar", "flexion", 45))) == [
        "frames[0].joints.lumbar.flexion: thoracic and lumbar flexion together make 95 degrees, "
        "beyond the normal range of the thoracic and lumbar spine together (0 to 80)"]


def test_opposite_motions_on_one_joint_are_refused() -> None:
    assert messages(frame("standing", ("right_hip", "flexion", 10), ("right_hip", "extension", 10))
                    ) == ["frames[0].joints.right_hip.extension: 'flexion' and 'extension' are "
                          "opposite motions: give only one"]


def test_a_contact_that_does_not_reach_its_surface_is_refused() -> None:
    lifted = frame("all-fours", ("right_shoulder", "flexion", 40),
                   touching=("left_hand", "right_hand", "left_knee", "right_knee"))
    assert any(m.startswith("frames[0].touching[1]: right_hand should rest on the floor but is ")
               for m in messages(lifted))


def test_a_part_below_the_floor_is_refused() -> None:
    sunk = frame("lying-on-back", ("left_hip", "extension", 30), ("right_hip", "extension", 30),
                 touching=("head", "upper_back"))
    assert any("cm below the floor" in m for m in messages(sunk))


def test_a_standing_body_must_keep_its_centre_of_mass_over_its_feet() -> None:
    one_leg = frame("standing", ("right_hip", "abduction", 40), touching=("left_foot",))
    assert messages(one_leg) == [
        "frames[0]: the centre of mass is 13 cm to the right of what supports the body "
        "(left_foot): it would tip to the right"]


def test_props_must_be_in_the_equipment_and_beside_the_spine_only_for_the_back() -> None:
    use = PropUse("pillow", "under", ("left_forearm",), "left")
    found = messages(frame("lying-face-down", props=(use,)), equipment=())
    assert found[:2] == [
        "frames[0].props[0].prop: 'pillow' is not in this exercise's equipment: add it there, "
        "or remove the prop",
        "frames[0].props[0].side: 'side' puts a prop beside the spine: use it with back, "
        "upper_back or lower_back"]


def test_leaning_on_a_wall_is_measured_from_the_wall_behind() -> None:
    wall = PropUse("wall", "behind", ("upper_back", "pelvis"))
    assert messages(frame("standing", props=(wall,)), equipment=("wall",)) == []
    too_far = PropUse("wall", "behind", ("upper_back", "pelvis", "right_hand"))
    reach = frame("standing", ("right_shoulder", "flexion", 90), props=(too_far,))
    assert messages(reach, equipment=("wall",))[0].startswith(
        "frames[0].props[0]: right_hand should lean on the wall but is ")
