"""Problems found in content: one line each, collected across every file before stopping."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One thing wrong with one place in one file, printed as `path:line:col: field: message`."""

    path: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.field}: {self.message}"


@dataclass(slots=True)
class Problems:
    """An append-only collection of problems; stages add to it and the CLI reports it once."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, col: int, field_path: str, message: str) -> None:
        """Record one problem."""
        self.items.append(Problem(path, line, col, field_path or "(file)", message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        """Problems in a stable order: by file, then position, without duplicates."""
        return sorted(set(self.items))


class ContentError(Exception):
    """Raised once, at the end of a stage, when content problems were collected."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} content problem(s)")
        self.problems = problems

    def report(self) -> str:
        """All problem lines, one per line, as editors see them."""
        return "\n".join(str(p) for p in self.problems)


def line_of(path: Path, key: str) -> int:
    """The line of a top-level `key:` in a YAML file (1 when it cannot be found), for problems
    found after validation, whose records keep only their file's path."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return 1
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1
