"""Stage 3b, images: check every picture an exercise names, from the image file's own bytes.

An exercise's `images[i].file` names a file in content/images/. Whether that file is a usable
picture depends on its bytes, not on the YAML that names it, so this is a cross-file stage run
after validation (never inside the per-file check, whose results are kept by the YAML file's
bytes alone). Each problem is one line on the `images[i].file` field that names the picture.

Only headers and the file's structure are read here (Pillow opens a picture by its header;
a JPEG's markers are walked to its end, a PNG's chunk checksums verified), never the pixels: at
1,000 exercises a `check` must stay well under a second. Pixels are decoded in the build
(`renditions`), which records any picture it could not decode so that the next `check` reports
it too. What each file's check found is kept in the cache with the digest of its bytes, by the
file's name and stat signature, so an unchanged file is not even read again.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import struct
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from ..cache import Reuse, cache_dir, package_version, page_cache
from ..discover import SourceFile
from ..problems import Problems
from ..schema import RefUse

# Every byte of a picture stays in the repository's history and is downloaded by every clone
# and every CI run, while the site never shows a picture wider than the largest of WIDTHS: a
# 2,000-pixel JPEG (0.3 to 1 MB) already has more detail than any page uses, and 2 MB leaves
# room for a detailed PNG. A photo straight from a phone (3 to 5 MB) must be made smaller.
MAX_FILE_BYTES = 2_000_000
# The decompression-bomb guard: a small file can claim an enormous picture (a 2 MB PNG of one
# colour can hold two billion pixels), and decoding one takes 4 bytes a pixel. 24 million is a
# 6000 x 4000 camera photo (96 MB decoded), more than any page needs.
MAX_PIXELS = 24_000_000
# Smaller pictures look blurred on every phone (480 is the narrowest size made, for a phone's
# column); anything flatter than 240 is a strip, not a picture of an exercise.
MIN_WIDTH, MIN_HEIGHT = 480, 240
# The widths made for the site (`renditions`), never wider than the original.
WIDTHS = (480, 960)

# Pillow's own guard, set explicitly to ours (it applies to any picture this process opens; the
# cheat sheets' QR codes are tiny). Above it Pillow warns, at twice it raises; `inspect` turns
# the warning into an error too.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "webp": "WEBP"}
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
# Colour modes the build can turn into web pictures (16-bit grey is scaled down to 8 bits:
# screens show 8 bits, so nothing visible is lost). CMYK is refused, see `_mode_problem`.
MODES = frozenset({"1", "L", "LA", "La", "P", "PA", "RGB", "RGBA", "RGBa", "I;16", "I;16B",
                   "I;16L", "I;16N"})
# Other formats people try, by their first bytes, to say what the file really is.
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (4, b"ftypheic", "HEIC"), (4, b"ftypheix", "HEIC"), (4, b"ftypmif1", "HEIF"),
    (4, b"ftypavif", "AVIF"), (0, b"GIF8", "GIF"), (0, b"II*\0", "TIFF"), (0, b"MM\0*", "TIFF"),
    (0, b"BM", "BMP"), (0, b"%PDF", "PDF"), (0, b"<?xml", "SVG or XML"), (0, b"<svg", "SVG"),
)
_ORIENTATION = 0x0112  # EXIF tag
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")  # a JPEG marker after entropy data


@dataclass(frozen=True, slots=True)
class Picture:
    """A checked picture: its file, the digest of its bytes, its format and its size as shown
    (after its EXIF orientation), and the fields that name it."""

    name: str
    path: Path
    digest: str
    format: str  # PNG, JPEG or WEBP
    width: int
    height: int
    uses: tuple[RefUse, ...] = ()

    def sizes(self) -> list[tuple[int, int]]:
        """The (width, height) of each size made for the site, smallest first: the WIDTHS
        narrower than the original, and the original's own when it is narrower than the
        largest (a picture is never made larger)."""
        widths = [w for w in WIDTHS if w < self.width]
        if self.width <= WIDTHS[-1]:
            widths.append(self.width)
        return [(w, max(1, round(w * self.height / self.width))) for w in widths]

    def uri(self, width: int, fmt: str) -> str:
        """Where a size goes in the site, e.g. images/wall-slides-1-480w.webp (a width suffix
        ends every name made, so names made from two files can never be the same)."""
        ext = "webp" if fmt == "WEBP" else self.name.rsplit(".", 1)[1]
        return f"images/{self.name.rsplit('.', 1)[0]}-{width}w.{ext}"


# What a file's bytes gave: (format, width, height) when usable, and the problems found.
Found = tuple[str, int, int, tuple[str, ...]]
Checked = tuple[str, Found]  # the digest of the bytes (or ""), and what they gave


def _dump(checked: Checked) -> list[Any]:
    digest, (fmt, width, height, messages) = checked
    return [digest, fmt, width, height, list(messages)]


def _load(data: Any) -> Checked:
    digest, fmt, width, height, messages = data
    if not (isinstance(digest, str) and isinstance(fmt, str) and type(width) is int
            and type(height) is int and isinstance(messages, list)
            and all(isinstance(m, str) for m in messages)):
        raise TypeError("not an image check")
    return digest, (fmt, width, height, tuple(messages))


# Each file's check, kept by its name and its `os.stat` signature (size, times, inode, as git
# keeps its index): an unchanged file is not even read again. Hashing every picture's bytes was
# 0.3 s of a 0.6 s `check` at 1,000 exercises with two photos each; a stat is 5 microseconds.
# Any write to a file changes its ctime, which no program can set back.
_FOUND: Reuse[Checked] = Reuse(_dump, _load)


def image_cache(root: Path) -> Path:
    """The image checks kept for the repository at `root` (see `_FOUND`)."""
    return page_cache(root).with_name(page_cache(root).stem + "-images.json")


def failed_marker(digest: str) -> Path:
    """Where the build notes that the picture with this digest could not be decoded (by this
    Pillow: another may decode it)."""
    return cache_dir() / "images" / "failed" / f"{digest}-pillow{package_version('pillow')}"


def _failed() -> set[str]:
    """The names of the build's notes of pictures it could not decode (one listing, not a
    look-up per picture)."""
    try:
        return set(os.listdir(cache_dir() / "images" / "failed"))
    except OSError:
        return set()


def check_images(refs: Iterable[RefUse], files: Iterable[SourceFile], problems: Problems,
                 keep: Path | None = None) -> dict[str, Picture]:
    """Check every picture that `refs` name and that exists (unknown names are the
    cross-reference stage's); one problem per naming field. Returns the usable pictures by
    file name. With `keep` (`image_cache`), files unchanged since the last run are not opened."""
    uses: dict[str, list[RefUse]] = {}
    for ref in refs:
        if ref.kind == "image":
            uses.setdefault(ref.slug, []).append(ref)
    paths = {f.path.name: f.path for f in files if f.kind == "images"}
    pictures: dict[str, Picture] = {}
    failed = _failed()
    _FOUND.start(keep=True, file=keep)
    for name in sorted(uses):
        path = paths.get(name)
        if path is None:
            continue
        digest, (fmt, width, height, messages) = _check_file(name, path)
        if digest and not messages and (marker := failed_marker(digest)).name in failed:
            with contextlib.suppress(OSError):
                messages = (marker.read_text(encoding="utf-8", errors="replace").strip(),)
        for ref in uses[name]:
            for message in messages:
                problems.add(ref.path, ref.mark.line, ref.mark.col, ref.field, message)
        if not messages and digest:
            pictures[name] = Picture(name, path, digest, fmt, width, height, tuple(uses[name]))
    _FOUND.finish()
    return pictures


def _check_file(name: str, path: Path) -> Checked:
    """The digest of a file's bytes ("" when not read) and what they gave; a file whose stat
    signature is the one checked before is not read again."""
    try:
        st = path.stat()
    except OSError as err:
        return "", ("", 0, 0, (f"'{name}' cannot be read ({err.strerror}): check the file",))
    if st.st_size > MAX_FILE_BYTES:  # not even read: the limit is the problem
        return "", ("", 0, 0, (f"'{name}' is {st.st_size / 1e6:.1f} MB; the limit is "
                               f"{MAX_FILE_BYTES / 1e6:.0f} MB: make it at most 2,000 pixels "
                               "wide, or save it at a lower quality (JPEG quality 85 is plenty)",))
    signature = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"
    return _FOUND.get(name, signature, lambda: _read(name, path))


def _read(name: str, path: Path) -> Checked:
    try:
        data = path.read_bytes()
    except OSError as err:
        return "", ("", 0, 0, (f"'{name}' cannot be read ({err.strerror}): check the file's "
                               "permissions",))
    return hashlib.sha256(data).hexdigest(), inspect(data, name)


_SMALLER = f"make it at most 2,000 pixels wide (the site never shows more than {WIDTHS[-1]})"


def inspect(data: bytes, name: str) -> Found:
    """What a picture file's bytes are, from its header and structure, without decoding pixels:
    (format, width, height as shown, problems)."""
    expected = FORMATS[name.rsplit(".", 1)[1]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            im = Image.open(io.BytesIO(data), formats=("PNG", "JPEG", "WEBP"))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
            return "", 0, 0, (_bomb(name, err),)
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            return "", 0, 0, (_not_a_picture(name, data),)
        with im:
            fmt = "JPEG" if im.format == "MPO" else str(im.format)
            if fmt != expected:
                stem = name.rsplit(".", 1)[0]
                return fmt, 0, 0, (f"'{name}' is a {fmt} image, not a {expected}: rename it to "
                                   f"{stem}.{EXTENSIONS[fmt]}, in content/images/ and here",)
            width, height = im.size
            try:
                problems = [p for p in (_structure_problem(im, data, name),
                                        _frames_problem(im, name), _mode_problem(im, name)) if p]
                orientation, exif_problem = _exif(im, name, caught)
            except (OSError, ValueError, SyntaxError, EOFError, struct.error):
                return fmt, 0, 0, (_not_a_picture(name, data),)  # a header that lies
            problems += [exif_problem] if exif_problem else []
    if orientation in (5, 6, 7, 8):  # turned a quarter: shown with width and height swapped
        width, height = height, width
    if width * height > MAX_PIXELS:
        problems.insert(0, _too_many_pixels(name, width * height, f" ({width}x{height})"))
    elif width < MIN_WIDTH or height < MIN_HEIGHT:
        problems.insert(0, f"'{name}' is {width}x{height} pixels; a picture must be at least "
                        f"{MIN_WIDTH} wide and {MIN_HEIGHT} high to look sharp on a phone: use "
                        "a larger original")
    return fmt, width, height, tuple(problems)


def _too_many_pixels(name: str, pixels: int, size: str = "") -> str:
    return (f"'{name}' has {pixels / 1e6:.1f} million pixels{size}; the limit is "
            f"{MAX_PIXELS // 1_000_000} million: {_SMALLER}")


_BOMB_PIXELS = re.compile(r"\(([0-9]+) pixels\)")


def _bomb(name: str, err: Exception) -> str:
    """The problem for a file Pillow would not open for its size (the size is in its message)."""
    found = _BOMB_PIXELS.search(str(err))
    return _too_many_pixels(name, int(found.group(1)) if found else MAX_PIXELS + 1)


def _not_a_picture(name: str, data: bytes) -> str:
    for offset, signature, kind in _SIGNATURES:
        if data[offset:offset + len(signature)] == signature:
            return (f"'{name}' is a {kind} file: export it as JPEG (photos) or PNG "
                    "(drawings), or as WebP")
    return (f"'{name}' cannot be read as a PNG, JPEG or WebP image (damaged, or another kind "
            "of file): export it again as one of those")


def _structure_problem(im: Image.Image, data: bytes, name: str) -> str | None:
    """Whether the file holds the whole picture: a JPEG reaches its end marker, a PNG's chunks
    match their checksums (a WebP's container was checked when it was opened)."""
    complete = True
    if im.format in ("JPEG", "MPO"):
        complete = _jpeg_complete(data)
    elif im.format == "PNG":
        try:
            with Image.open(io.BytesIO(data), formats=("PNG",)) as again:
                again.verify()
        except Exception:  # any failure to verify means a damaged file
            complete = False
    if complete:
        return None
    return (f"'{name}' is cut off or damaged (the file ends before the picture does, or its "
            "data does not match its checksums): copy or export it again")


def _jpeg_complete(data: bytes) -> bool:
    """Whether a JPEG's (first) picture runs to its end-of-image marker: walk the segments,
    skipping each scan's entropy-coded data to the next marker. Bytes after the end (a
    phone's second, MPF picture) are allowed."""
    pos, n = 2, len(data)
    while pos + 2 <= n:
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:  # end of image
            return True
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            pos += 2
            continue
        pos += 2 + int.from_bytes(data[pos + 2:pos + 4], "big")
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next marker
            found = _NEXT_MARKER.search(data, pos)
            if found is None:
                return False
            pos = found.start()
    return False


def _frames_problem(im: Image.Image, name: str) -> str | None:
    if im.format == "MPO":  # a phone's photo with a depth map or HDR picture: the first is it
        return None
    frames = getattr(im, "n_frames", 1)
    if getattr(im, "is_animated", False) and frames > 1:
        return (f"'{name}' is animated ({frames} frames): use a still picture (motion on a "
                "page distracts, and can make some readers dizzy)")
    return None


def _mode_problem(im: Image.Image, name: str) -> str | None:
    # CMYK is refused rather than converted: WebP cannot hold it, and turning print colours
    # into screen colours without the printer's profile shifts them visibly; the editor's own
    # export to RGB (sRGB) can be checked by eye before it is published.
    if im.mode == "CMYK":
        return (f"'{name}' is in CMYK colours (for print): export it as RGB (sRGB), e.g. with "
                "'Export for web'")
    if im.mode not in MODES:
        return (f"'{name}' uses the colour mode '{im.mode}', which the site cannot show: export "
                "it as RGB (sRGB)")
    return None


def _exif(im: Image.Image, name: str,
          caught: list[warnings.WarningMessage]) -> tuple[int, str | None]:
    """The EXIF orientation (1 when there is none) and a problem when the EXIF data is damaged
    or its orientation is not one of the eight there are. A valid orientation is applied by
    the build, silently."""
    raw = im.info.get("exif")
    if not raw:
        return 1, None
    tiff = raw[6:] if raw.startswith(b"Exif\0\0") else raw
    damaged = (f"'{name}' has damaged EXIF data (camera information): export it again, or "
               "remove its metadata")
    if not tiff.startswith((b"II*\0", b"MM\0*")):
        return 1, damaged
    try:
        orientation = im.getexif().get(_ORIENTATION, 1)
    except Exception:  # Pillow's parser raises many kinds on bad data
        return 1, damaged
    if any("exif" in str(w.message).lower() for w in caught):
        return 1, damaged
    if type(orientation) is not int or not 1 <= orientation <= 8:
        return 1, (f"'{name}' has the EXIF orientation {orientation!r}, which is not one of 1 "
                   "to 8: export it again, or remove its metadata")
    return orientation, None
