"""Props as data: what each piece of equipment is, how big, and where it can go.

A frame places a prop `under` body parts (the prop lies on the floor and the parts rest on
it) or `behind` them (the parts lean back on it). Sizes are those of everyday objects, in
metres: they do not scale with the body.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PropKind:
    """One kind of prop: what editors are told, where it may go, and its size."""

    description: str
    relations: tuple[str, ...]
    height: float  # the top of the prop above the floor when something rests on it
    length: float = 0.0  # along the body (x)
    width: float = 0.0  # across the body (z)


# A chair's seat is as high as the body needs within the range of ordinary chairs, so a
# chair can be "fitted" under a pose; anything needing a higher or lower seat is refused.
SEAT_LOW, SEAT_HIGH = 0.40, 0.50
SEAT_DEPTH, SEAT_WIDTH, BACK_REST = 0.42, 0.44, 0.45
WALL_HEIGHT, WALL_WIDTH = 2.0, 1.1

PROPS: dict[str, PropKind] = {
    "chair": PropKind("An ordinary chair (seat 40 to 50 cm high). `under`: the parts resting on "
                      "its seat (e.g. [left_calf, right_calf]); `behind`: the parts leaning on "
                      "its back rest when sitting.", ("under", "behind"), SEAT_HIGH,
                      SEAT_DEPTH, SEAT_WIDTH),
    "wall": PropKind("A wall. `behind`: the parts that lean back on it (e.g. [back, head]).",
                     ("behind",), WALL_HEIGHT, 0.08, WALL_WIDTH),
    "tennis-ball": PropKind("A tennis ball (6.7 cm). `under`: the part lying on it; with `side` "
                            "it sits beside the spine, never on it.", ("under",), 0.067),
    "towel": PropKind("A rolled towel (8 cm thick). `under`: the parts lying on it; `behind`: "
                      "the part it sits behind, e.g. between the shoulder blades and a chair "
                      "back.", ("under", "behind"), 0.08, 0.08, 0.40),
    "pillow": PropKind("A pillow (about 12 cm thick). `under`: the parts resting on it.",
                       ("under",), 0.12, 0.40, 0.30),
}

# How far beside the spine a prop with a `side` sits (a tennis ball between spine and
# shoulder blade), in metres.
BESIDE_SPINE = 0.055
