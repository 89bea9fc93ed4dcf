"""Render stage, pictures' sizes: every checked picture made in each width the site uses, as
WebP plus its own format, and kept in the cache.

Each size is decoded from the original once, turned upright by its EXIF orientation, brought to
8-bit colour, resized (never enlarged) and encoded with fixed settings and no metadata: no EXIF
(a phone photo's EXIF holds where it was taken, to the metre), no XMP, no comments; only a
colour profile other than sRGB is kept, which is colour, not information about anyone. The same
original, settings and Pillow give the same bytes, kept under `cache_dir()/images` by a digest
of all three, so an unchanged picture is never decoded again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import struct
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, features

from ..cache import cache_dir, package_version, write_atomic
from ..problems import Problem
from .check import Picture, failed_marker

# Encoder settings: a part of every cached size's key, so changing one makes the sizes again.
WEBP = {"quality": 80, "method": 4}
JPEG = {"quality": 82, "optimize": True, "progressive": True}
PNG = {"compress_level": 9}
# Pillow's resampling, with its reducing gap: shrinking by whole factors first is four times
# faster and, at 3, indistinguishable from plain Lanczos (Pillow's documentation).
_REDUCING_GAP = 3.0


@dataclass(frozen=True, slots=True)
class Rendition:
    """One size of one picture: its address in the site and the cached file that holds it."""

    uri: str
    path: Path


@functools.cache
def _settings() -> str:
    """What, besides the original's bytes and the width, decides a size's bytes (once a
    process: `check` asks for every picture's sizes)."""
    libraries = ",".join(f"{name}={features.version(name)}" for name in ("webp", "jpg", "zlib"))
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return (f"pillow={package_version('pillow')};{libraries};webp={sorted(WEBP.items())};"
            f"jpeg={sorted(JPEG.items())};png={sorted(PNG.items())};gap={_REDUCING_GAP};"
            f"code={code}")


def _cached_path(picture: Picture, width: int, fmt: str, settings: str) -> Path:
    key = hashlib.sha256(f"{picture.digest}\0{width}\0{fmt}\0{settings}".encode()).hexdigest()
    ext = "webp" if fmt == "WEBP" else picture.uri(width, fmt).rsplit(".", 1)[1]
    return cache_dir() / "images" / key[:2] / f"{key}.{ext}"


def planned(picture: Picture, settings: str | None = None) -> list[tuple[int, str, Path]]:
    """Every (width, format, cached file) the site needs of `picture`: each size in WebP, and
    again in the original's format unless that is WebP."""
    settings = settings or _settings()
    formats = ["WEBP"] + ([picture.format] if picture.format != "WEBP" else [])
    return [(w, fmt, _cached_path(picture, w, fmt, settings))
            for w, _ in picture.sizes() for fmt in formats]


def make_renditions(pictures: Iterable[Picture]) -> tuple[list[Rendition], list[Problem]]:
    """Every size of every picture, from the cache or made now (pictures in parallel: Pillow
    lets go of the interpreter while it decodes, resizes and encodes). A picture that cannot be
    decoded is a problem on each field that names it, and is noted so `check` reports it too."""
    settings = _settings()
    jobs = [(p, planned(p, settings)) for p in sorted(pictures, key=lambda p: p.name)]
    missing = [(p, plan) for p, plan in jobs if not all(path.is_file() for *_, path in plan)]
    workers = min(len(missing), os.cpu_count() or 1)
    if workers > 1:
        with ThreadPoolExecutor(workers) as pool:
            errors = list(pool.map(lambda job: _make(*job), missing))
    else:
        errors = [_make(*job) for job in missing]
    problems = [Problem(ref.path, ref.mark.line, ref.mark.col, ref.field, message)
                for (picture, _), message in zip(missing, errors, strict=True) if message
                for ref in picture.uses]
    renditions = [Rendition(p.uri(w, fmt), path) for p, plan in jobs for w, fmt, path in plan]
    return renditions, sorted(problems)


def _make(picture: Picture, plan: list[tuple[int, str, Path]]) -> str | None:
    """Make and cache every size of one picture; the problem when it cannot be decoded."""
    try:
        data = picture.path.read_bytes()
    except OSError as err:
        return f"'{picture.name}' cannot be read ({err.strerror}): check the file's permissions"
    if hashlib.sha256(data).hexdigest() != picture.digest:
        return f"'{picture.name}' changed during the build: build again"
    message = None
    try:
        upright = _upright(data)
    except (OSError, ValueError, SyntaxError, EOFError, struct.error) as err:
        # What Pillow raises for damaged data (anything else is a bug, and shows as one).
        message = (f"'{picture.name}' cannot be decoded ({err}): export it again as PNG, "
                   "JPEG or WebP")
    else:
        if upright.size != (picture.width, picture.height):  # the page was made for that size
            message = (f"'{picture.name}' is {upright.width}x{upright.height} pixels once "
                       f"decoded, not the {picture.width}x{picture.height} its header says: "
                       "export it again")
    if message is not None:
        with contextlib.suppress(OSError):  # a read-only cache only loses the note
            write_atomic(failed_marker(picture.digest), message.encode())
        return message
    profile = _kept_profile(upright)
    upright.info = {}  # nothing of the original's metadata reaches an output
    for width, fmt, path in plan:
        if path.is_file():
            continue
        height = round(width * upright.height / upright.width)
        small = upright if width == upright.width else upright.resize(
            (width, max(1, height)), Image.Resampling.LANCZOS, reducing_gap=_REDUCING_GAP)
        write_atomic(path, encode(small, fmt, profile))
    return None


def _upright(data: bytes) -> Image.Image:
    """The decoded picture, turned by its EXIF orientation, in a mode every encoder takes."""
    with Image.open(io.BytesIO(data), formats=("PNG", "JPEG", "WEBP")) as im:
        im.load()  # OSError when the data is damaged
        profile = im.info.get("icc_profile")
        upright = ImageOps.exif_transpose(im)
    if upright.mode.startswith("I;16"):
        # Pillow's conversion to 8 bits clips 16-bit values instead of scaling them.
        upright = upright.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    elif upright.mode in ("P", "PA", "La", "RGBa"):
        upright = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
    elif upright.mode == "1":
        upright = upright.convert("L")
    if profile:
        upright.info["icc_profile"] = profile
    return upright


def _kept_profile(im: Image.Image) -> bytes | None:
    """The picture's colour profile when it is an RGB one other than sRGB (such as a phone's
    Display P3): browsers assume sRGB anyway (3 KB a file saved), a grey profile does not fit
    the RGB a WebP holds, and a profile that cannot be read is dropped."""
    profile = im.info.get("icc_profile")
    if not profile or im.mode not in ("RGB", "RGBA"):
        return None
    try:
        opened = ImageCms.getOpenProfile(io.BytesIO(profile))
        described = ImageCms.getProfileDescription(opened)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
    if opened.profile.xcolor_space.strip() != "RGB" or "srgb" in described.lower():
        return None
    return bytes(profile)


def encode(im: Image.Image, fmt: str, profile: bytes | None = None) -> bytes:
    """`im` encoded with the fixed settings of `fmt`, with no metadata but a colour profile."""
    out = io.BytesIO()
    extra = {"icc_profile": profile} if profile else {}
    if fmt == "WEBP":
        im.save(out, "WEBP", **WEBP, **extra)
    elif fmt == "JPEG":
        im.save(out, "JPEG", **JPEG, **extra)
    else:
        im.save(out, "PNG", **PNG, **extra)
    return out.getvalue()
