"""The figure engine: an exercise's positions drawn as line figures, checked against the body.

A pipeline of pure functions over data tables, one module per part:

    body (segments, joints, parts, masses)  ranges (normal motion)  postures (starting poses)
    -> kinematics (a frame's angles -> segments in space)
    -> placement (the body moved and tilted onto its supports; props placed)
    -> checks (ranges, opposite motions, contacts, parts through surfaces, balance)
    -> draw (an orthographic camera per view -> SVG), markup (the frames as one <figure>)

`check_figure` is what validation calls; `solve_frame` and `draw_figure` are what rendering
calls. Nothing here reads files or keeps state between calls except pure memo caches.
"""

from __future__ import annotations

from .solve import Issue, check_figure, solve_frame

__all__ = ["Issue", "check_figure", "solve_frame"]
