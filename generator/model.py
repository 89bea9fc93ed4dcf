"""The typed, immutable content model: what every stage after validation works with.

Nothing here holds raw YAML. Text is kept as parsed inline spans (plain text, bold, italic,
https links) so that only the renderer's one escaping function turns it into Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .images import Picture

# ---------------------------------------------------------------------------- text


@dataclass(frozen=True, slots=True)
class Plain:
    """Literal text, shown exactly as typed."""

    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    """`**bold**` text."""

    children: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Emph:
    """`*italic*` text."""

    children: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """`[text](https://...)`: the URL has been checked to be http(s)."""

    children: tuple[Span, ...]
    url: str


Span = Plain | Strong | Emph | Link


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text with inline emphasis and links."""

    spans: tuple[Span, ...]
    source: str

    @property
    def plain(self) -> str:
        """The words without markup, for titles in metadata and search."""
        return _plain(self.spans)


@dataclass(frozen=True, slots=True)
class Prose:
    """One or more paragraphs of inline text."""

    paragraphs: tuple[Line, ...]

    @property
    def plain(self) -> str:
        """All paragraphs as plain text, separated by blank lines."""
        return "\n\n".join(p.plain for p in self.paragraphs)


def _plain(spans: tuple[Span, ...]) -> str:
    return "".join(s.text if isinstance(s, Plain) else _plain(s.children) for s in spans)


# ---------------------------------------------------------------------------- parts

Level = Literal["beginner", "intermediate", "advanced"]
LEVELS: tuple[Level, ...] = ("beginner", "intermediate", "advanced")


@dataclass(frozen=True, slots=True)
class Range:
    """`{from, to}`: start at `low`, work up to `high`."""

    low: int
    high: int


@dataclass(frozen=True, slots=True)
class Dose:
    """How much of an exercise to do; every part optional, at least one present."""

    reps: int | Range | None = None
    sets: int | None = None
    hold_seconds: int | Range | None = None
    hold_until: Line | None = None
    intensity: Line | None = None
    each_side: bool | None = None


@dataclass(frozen=True, slots=True)
class Image:
    """A picture of the exercise; `alt` describes it for people who cannot see it."""

    file: str
    alt: Line
    caption: Line | None = None
    credit: Line | None = None
    license: Line | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """Where the guidance comes from."""

    title: Line
    url: str


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of a controlled vocabulary (a position, body area or piece of equipment)."""

    slug: str
    label: str
    description: Line | None = None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The controlled vocabularies, each in file order."""

    path: str
    positions: tuple[Term, ...]
    body_areas: tuple[Term, ...]
    equipment: tuple[Term, ...]
    kinds: tuple[Term, ...] = ()  # optional in the file: older vocabularies have none


# ---------------------------------------------------------------------------- figures (v2)


@dataclass(frozen=True, slots=True)
class PropUse:
    """A prop in a frame: an equipment slug placed `under` or `behind` body parts."""

    prop: str
    relation: Literal["under", "behind"]
    parts: tuple[str, ...]
    side: Literal["left", "right"] | None = None  # beside the spine, for back parts


@dataclass(frozen=True, slots=True)
class Frame:
    """One drawn position: a posture from the library plus joint changes, contacts and props."""

    label: Line
    alt: Line
    posture: str
    joints: tuple[tuple[str, str, int], ...] = ()  # (joint, motion, degrees) in file order
    touching: tuple[str, ...] | None = None  # None: the posture's own contacts
    props: tuple[PropUse, ...] = ()

    @property
    def pose(self) -> tuple[object, ...]:
        """What the drawing depends on (not the label or alt text), for caching."""
        return (self.posture, self.joints, self.touching, self.props)


@dataclass(frozen=True, slots=True)
class Figure:
    """An exercise drawn as 1 to 4 line-figure frames from one camera view."""

    view: str
    frames: tuple[Frame, ...]
    arrow: str | None = None


# ---------------------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise (`content/exercises/<slug>.yaml`)."""

    slug: str
    path: str
    title: Line
    summary: Line
    level: Level
    position: str
    targets: tuple[str, ...]
    steps: tuple[Line, ...]
    also_known_as: tuple[Line, ...] = ()
    equipment: tuple[str, ...] = ()
    dose: Dose | None = None
    tips: tuple[Line, ...] = ()
    common_mistakes: tuple[Line, ...] = ()
    cautions: tuple[Line, ...] = ()
    disclaimers: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    sources: tuple[Source, ...] = ()
    figure: Figure | None = None
    kind: str | None = None  # a `kinds` slug: stretch, mobility...


@dataclass(frozen=True, slots=True)
class RoutineItem:
    """One exercise in a routine, optionally with its own dose and a note."""

    exercise: str
    dose: Dose | None = None
    note: Line | None = None


@dataclass(frozen=True, slots=True)
class Extras:
    """Exercises to add whenever in the routine's situation ("Add this whenever sitting")."""

    title: Line
    exercises: tuple[RoutineItem, ...]


@dataclass(frozen=True, slots=True)
class Routine:
    """An ordered set of exercises for one situation (`content/routines/<slug>.yaml`)."""

    slug: str
    path: str
    title: Line
    summary: Line
    position: str
    minutes: int
    exercises: tuple[RoutineItem, ...]
    extras: Extras | None = None
    frequency: Line | None = None
    disclaimers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Guide:
    """A page introducing routines and/or exercises for one complaint."""

    slug: str
    path: str
    title: Line
    summary: Line
    audience: Prose | None = None
    introduction: Prose | None = None
    also_known_as: tuple[Line, ...] = ()
    level: Level | None = None
    targets: tuple[str, ...] = ()
    disclaimers: tuple[str, ...] = ()
    how_to_use: tuple[Line, ...] = ()
    routines: tuple[str, ...] = ()
    exercises: tuple[str, ...] = ()
    tips: tuple[Line, ...] = ()


@dataclass(frozen=True, slots=True)
class Disclaimer:
    """A reusable safety notice; `default` ones appear on every page and cheat sheet."""

    slug: str
    path: str
    title: Line
    text: Prose
    default: bool = False


@dataclass(frozen=True, slots=True)
class Home:
    """The top of the home page."""

    heading: Line
    introduction: Prose


@dataclass(frozen=True, slots=True)
class Identity:
    """The site's name and the words that make it the publisher's own (`content/site.yaml`)."""

    path: str
    name: Line
    tagline: Line
    home: Home
    footer: Line
    language: str
    url: str
    edit: str | None = None  # the repository's edit address: each page adds its file's path


@dataclass(frozen=True, slots=True)
class Content:
    """Everything under `content/`, validated; each kind sorted by slug."""

    vocabulary: Vocabulary
    exercises: tuple[Exercise, ...]
    routines: tuple[Routine, ...]
    guides: tuple[Guide, ...]
    disclaimers: tuple[Disclaimer, ...]
    identity: Identity
    # The pictures exercises show, checked from their files by the images stage (by name).
    pictures: tuple[Picture, ...] = ()
