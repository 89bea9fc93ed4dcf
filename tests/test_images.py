"""Pictures: a bad file is one located line from `check`; the build makes each picture's sizes
(WebP and its own format, never enlarged, without metadata, the same bytes every time, kept in
the cache); the page shows them with width, height, lazy loading and `srcset`; in Chromium the
box has its height before the picture arrives and a phone loads the small size; the credit is
shown once and never reaches the search index.

Every picture is made here with Pillow (nothing large is committed); the `image-*` cases under
tests/cases hold a few tiny files for the bad-input corpus.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import struct
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from PIL import ExifTags, Image, ImageCms, ImageDraw
from playwright.sync_api import Browser, Route

import generator
from generator import model
from generator.cache import Reuse
from generator.cli import main
from generator.images import check as images
from generator.images import renditions
from generator.images.markup import SIZES, picture_html
from generator.render import render_site
from generator.text import parse_inline
from tests.browser import DESKTOP, PHONE
from tests.conftest import copy_repo
from tests.scan import scan_page
from tests.static_server import serve
from tests.test_browser import _axe

EXERCISE = '''title: "{title}"
summary: "A gentle stretch."
level: beginner
position: all-fours
targets:
  - mid-back
steps:
  - "Round your back."
images:
'''
FIRST_FILE_LINE = 10  # the line of the first `- file:` in EXERCISE; each picture takes two
FILE_COL = 11


# ---------------------------------------------------------------------------- making pictures


def photo(width: int, height: int, mode: str = "RGB") -> Image.Image:
    """A picture with shapes and gradients (something for the encoders to work on)."""
    im = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(im)
    for i in range(8):
        box = (width * i // 10, height * (i % 3) // 4, width * (i + 3) // 10, height * 3 // 4)
        draw.ellipse(box, fill=(40 * i % 256, 200 - 20 * i, 90 + 15 * i), outline=(0, 0, 0))
    return im.convert(mode)


def encode(im: Image.Image, fmt: str, **options: Any) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **options)
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size in its header (all that opening a file reads) and holds
    nothing: how a decompression bomb starts."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


def exif(orientation: int | None = None, gps: bool = False) -> Image.Exif:
    data = Image.Exif()
    if orientation is not None:
        data[ExifTags.Base.Orientation] = orientation
    if gps:
        data[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N",
                                      ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.5),
                                      ExifTags.GPS.GPSLongitudeRef: "W",
                                      ExifTags.GPS.GPSLongitude: (0.0, 7.0, 39.0)}
    return data


def add_exercise(repo: Path, slug: str, pictures: dict[str, bytes],
                 extra: dict[str, str] | None = None) -> None:
    """An exercise showing `pictures` (file name -> bytes), written into content/images/."""
    (repo / "content/images").mkdir(exist_ok=True)
    text = EXERCISE.format(title=slug.replace("-", " ").capitalize())
    for name, data in pictures.items():
        (repo / "content/images" / name).write_bytes(data)
        text += f'  - file: {name}\n    alt: "A picture called {name}."\n'
        for key, value in (extra or {}).items():
            text += f"    {key}: {json.dumps(value)}\n"
    (repo / "content/exercises" / f"{slug}.yaml").write_text(text)


def check(repo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Run `check`; the exit code and the problem lines."""
    code = main(["--root", str(repo), "check"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, [line for line in err.splitlines() if line.startswith("content/")]


# ---------------------------------------------------------------------------- check


TOO_LARGE = encode(photo(640, 480), "JPEG") + bytes(2_000_001)  # bytes after the end: valid
BAD: dict[str, tuple[bytes, str]] = {
    "text.png": (b"These are words, not a picture.\n",
                 "'text.png' cannot be read as a PNG, JPEG or WebP image (damaged, or another "
                 "kind of file): export it again as one of those"),
    "iphone.jpg": (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
                   "'iphone.jpg' is a HEIC file: export it as JPEG (photos) or PNG (drawings), "
                   "or as WebP"),
    "moving.png": (encode(photo(600, 400), "GIF"),
                   "'moving.png' is a GIF file: export it as JPEG (photos) or PNG (drawings), "
                   "or as WebP"),
    "renamed.jpg": (encode(photo(600, 400), "PNG"),
                    "'renamed.jpg' is a PNG image, not a JPEG: rename it to renamed.png, in "
                    "content/images/ and here"),
    "huge-file.jpg": (TOO_LARGE,
                      f"'huge-file.jpg' is {len(TOO_LARGE) / 1e6:.1f} MB; the limit is 2 MB: make "
                      "it at most 2,000 pixels wide, or save it at a lower quality (JPEG quality "
                      "85 is plenty)"),
    "many-pixels.png": (png_header(5000, 5000),
                        "'many-pixels.png' has 25.0 million pixels; the limit is 24 million: make "
                        "it at most 2,000 pixels wide (the site never shows more than 960)"),
    "bomb.png": (png_header(30000, 30000),
                 "'bomb.png' has 900.0 million pixels; the limit is 24 million: make it at most "
                 "2,000 pixels wide (the site never shows more than 960)"),
    "tiny.png": (encode(photo(320, 200), "PNG"),
                 "'tiny.png' is 320x200 pixels; a picture must be at least 480 wide and 240 high "
                 "to look sharp on a phone: use a larger original"),
    # Turned a quarter by its orientation, a 600x400 file is shown 400 wide.
    "turned-tiny.jpg": (encode(photo(600, 400), "JPEG", exif=exif(orientation=8)),
                        "'turned-tiny.jpg' is 400x600 pixels; a picture must be at least 480 "
                        "wide and 240 high to look sharp on a phone: use a larger original"),
    "animated.webp": (encode(photo(600, 400), "WEBP", save_all=True,
                             append_images=[photo(400, 600).resize((600, 400))]),
                      "'animated.webp' is animated (2 frames): use a still picture (motion on a "
                      "page distracts, and can make some readers dizzy)"),
    "animated-apng.png": (encode(photo(600, 400), "PNG", save_all=True,
                            append_images=[photo(600, 400, "L").convert("RGB")]),
                     "'animated-apng.png' is animated (2 frames): use a still picture (motion on a "
                     "page distracts, and can make some readers dizzy)"),
    "print.jpg": (encode(photo(600, 400, "CMYK"), "JPEG"),
                  "'print.jpg' is in CMYK colours (for print): export it as RGB (sRGB), e.g. "
                  "with 'Export for web'"),
    "bad-exif.jpg": (encode(photo(600, 400), "JPEG", exif=b"Exif\0\0not a TIFF header"),
                     "'bad-exif.jpg' has damaged EXIF data (camera information): export it "
                     "again, or remove its metadata"),
    "cut-exif.jpg": (encode(photo(600, 400), "JPEG",
                            exif=b"Exif\0\0MM\0*\0\0\0\x08\0\x05\x01\x12\0\x03\0\0\0\0"),
                     "'cut-exif.jpg' has damaged EXIF data (camera information): export it "
                     "again, or remove its metadata"),
    "odd-orientation.jpg": (encode(photo(600, 400), "JPEG", exif=exif(orientation=9)),
                            "'odd-orientation.jpg' has the EXIF orientation 9, which is not one "
                            "of 1 to 8: export it again, or remove its metadata"),
    "cut-off.jpg": (encode(photo(600, 400), "JPEG")[:4000],
                    "'cut-off.jpg' is cut off or damaged (the file ends before the picture does, "
                    "or its data does not match its checksums): copy or export it again"),
    "cut-off-png.png": (encode(photo(600, 400), "PNG")[:-100],
                    "'cut-off-png.png' is cut off or damaged (the file ends before the picture does, "
                    "or its data does not match its checksums): copy or export it again"),
}


def test_each_bad_picture_is_one_line_on_the_field_that_names_it(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = sorted(BAD)
    groups = {"bad-pictures-a": names[:9], "bad-pictures-b": names[9:]}  # ten to an exercise
    for slug, group in groups.items():
        add_exercise(repo, slug, {name: BAD[name][0] for name in group})
    # An unused bad file is not published, so it is nobody's problem.
    (repo / "content/images/unused.png").write_bytes(b"not a picture")
    code, lines = check(repo, capsys)
    assert code == 1
    expected = sorted(
        f"content/exercises/{slug}.yaml:{FIRST_FILE_LINE + 2 * i}:{FILE_COL}: "
        f"images[{i}].file: {BAD[name][1]}"
        for slug, group in groups.items() for i, name in enumerate(group))
    assert lines == expected
    # The build refuses the same, with the same lines.
    assert main(["--root", str(repo), "build", "--site-dir", str(repo / "out")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if line.startswith("content/")] == expected


def test_a_picture_named_twice_is_a_line_at_each_name(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_exercise(repo, "one-picture", {"tiny.png": BAD["tiny.png"][0]})
    add_exercise(repo, "same-picture", {"tiny.png": BAD["tiny.png"][0]})
    assert check(repo, capsys) == (1, [
        f"content/exercises/{slug}.yaml:{FIRST_FILE_LINE}:{FILE_COL}: images[0].file: "
        f"{BAD['tiny.png'][1]}" for slug in ("one-picture", "same-picture")])


GOOD: dict[str, bytes] = {
    # A phone photo held sideways: turned upright by the build, with no word from `check`.
    "turned.jpg": encode(photo(1600, 1200), "JPEG", exif=exif(orientation=6, gps=True)),
    "grey-16-bit.png": encode(Image.linear_gradient("L").resize((600, 400)).convert("I;16"),
                              "PNG"),
    "palette.png": encode(photo(600, 400).convert("P"), "PNG", transparency=0),
    "phone-with-depth-map.jpg": encode(photo(800, 600), "MPO", save_all=True,
                                       append_images=[photo(800, 600, "L").convert("RGB")]),
    "padded.jpg": encode(photo(800, 600), "JPEG") + b"\0" * 64,  # bytes after its end
    "still.webp": encode(photo(1200, 800), "WEBP"),
}


def test_usable_pictures_pass_and_get_their_shown_size(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    largest = encode(Image.new("RGB", (6000, 4000)), "JPEG", quality=10)  # the pixel limit
    add_exercise(repo, "good-pictures", {**GOOD, "exactly-24-million.jpg": largest})
    assert check(repo, capsys) == (0, [])
    found = {p.name: (p.format, p.width, p.height) for p in generator.read_site(repo).content.pictures}
    assert found == {
        "turned.jpg": ("JPEG", 1200, 1600),  # shown upright: width and height swapped
        "grey-16-bit.png": ("PNG", 600, 400),
        "palette.png": ("PNG", 600, 400),
        "phone-with-depth-map.jpg": ("JPEG", 800, 600),
        "padded.jpg": ("JPEG", 800, 600),
        "exactly-24-million.jpg": ("JPEG", 6000, 4000),
        "still.webp": ("WEBP", 1200, 800),
    }


def test_the_next_check_does_not_open_unchanged_pictures(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    add_exercise(repo, "good-pictures", {"still.webp": GOOD["still.webp"],
                                         "tiny.png": BAD["tiny.png"][0]})
    first = check(repo, capsys)
    assert first[0] == 1
    # The next process: nothing in memory, the kept checks on disk; no file is opened.
    monkeypatch.setattr(images, "_FOUND", Reuse(images._dump, images._load))
    monkeypatch.setattr(images, "inspect", _never)
    assert check(repo, capsys) == first
    # A file whose bytes change is opened again.
    monkeypatch.undo()
    (repo / "content/images/tiny.png").write_bytes(encode(photo(960, 640), "PNG"))
    assert check(repo, capsys) == (0, [])


def _never(*args: object) -> None:
    raise AssertionError("an unchanged picture was opened again")


# ---------------------------------------------------------------------------- sizes


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache for this test alone."""
    monkeypatch.setenv("STRETCH_GUIDE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _pictures(repo: Path, pictures: dict[str, bytes]) -> list[images.Picture]:
    add_exercise(repo, "pictures", pictures)
    return list(generator.read_site(repo).content.pictures)


def _made(pictures: list[images.Picture]) -> dict[str, bytes]:
    made, problems = renditions.make_renditions(pictures)
    assert problems == []
    return {r.uri: r.path.read_bytes() for r in made}


def test_sizes_are_made_in_webp_and_the_original_format_never_enlarged(
        repo: Path, cache: Path) -> None:
    made = _made(_pictures(repo, {"big.jpg": encode(photo(1600, 1067), "JPEG"),
                                  "drawing.png": encode(photo(850, 567), "PNG"),
                                  "still.webp": GOOD["still.webp"]}))
    sizes = {uri: (Image.open(io.BytesIO(data)).format, Image.open(io.BytesIO(data)).size)
             for uri, data in made.items()}
    assert sizes == {
        "images/big-480w.webp": ("WEBP", (480, 320)),
        "images/big-480w.jpg": ("JPEG", (480, 320)),
        "images/big-960w.webp": ("WEBP", (960, 640)),
        "images/big-960w.jpg": ("JPEG", (960, 640)),
        "images/drawing-480w.webp": ("WEBP", (480, 320)),
        "images/drawing-480w.png": ("PNG", (480, 320)),
        # Narrower than 960: its own width is the largest size.
        "images/drawing-850w.webp": ("WEBP", (850, 567)),
        "images/drawing-850w.png": ("PNG", (850, 567)),
        # A WebP needs no second format.
        "images/still-480w.webp": ("WEBP", (480, 320)),
        "images/still-960w.webp": ("WEBP", (960, 640)),
    }
    # The phone's size is a fraction of the original's bytes.
    assert len(made["images/big-480w.webp"]) < len(encode(photo(1600, 1067), "JPEG")) / 4


def test_sizes_are_the_same_bytes_every_time_and_kept_in_the_cache(
        repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pictures = _pictures(repo, {"big.jpg": encode(photo(1600, 1067), "JPEG"),
                                "drawing.png": encode(photo(850, 567), "PNG"),
                                "turned.jpg": GOOD["turned.jpg"]})
    first = _made(pictures)
    assert all(path.is_relative_to(cache / "images")
               for path in (r.path for r in renditions.make_renditions(pictures)[0]))
    # A second build decodes and encodes nothing: every size comes from the cache.
    monkeypatch.setattr(renditions, "_upright", _never)
    monkeypatch.setattr(renditions, "encode", _never)
    assert _made(pictures) == first
    # Made again from nothing, in another cache: byte for byte the same.
    monkeypatch.undo()
    monkeypatch.setenv("STRETCH_GUIDE_CACHE", str(cache.parent / "another-cache"))
    assert _made(pictures) == first


def test_sizes_carry_no_metadata_and_are_turned_upright(repo: Path, cache: Path) -> None:
    original = GOOD["turned.jpg"]  # where it was taken, to the tenth of a second of arc
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    made = _made(_pictures(repo, {"turned.jpg": original}))
    assert sorted(made) == ["images/turned-480w.jpg", "images/turned-480w.webp",
                            "images/turned-960w.jpg", "images/turned-960w.webp"]
    for uri, data in made.items():
        im = Image.open(io.BytesIO(data))
        assert im.size == ({"480": (480, 640), "960": (960, 1280)}[uri.split("-")[1][:3]])
        assert not im.getexif(), uri
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment"} & set(im.info), uri
        assert b"Exif" not in data and b"http://ns.adobe.com/xap" not in data


def test_only_a_colour_profile_other_than_srgb_is_kept(repo: Path, cache: Path) -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    wide = srgb.replace("sRGB".encode("utf-16-be"), "Wide".encode("utf-16-be"))  # another RGB
    made = _made(_pictures(repo, {
        "plain.jpg": encode(photo(600, 400), "JPEG", icc_profile=srgb),
        "wide.jpg": encode(photo(600, 400), "JPEG", icc_profile=wide),
        "grey.png": encode(photo(600, 400, "L"), "PNG", icc_profile=wide)}))
    for uri, data in made.items():
        kept = Image.open(io.BytesIO(data)).info.get("icc_profile")
        assert kept == (wide if uri.startswith("images/wide-") else None), uri


def test_sixteen_bit_grey_is_scaled_to_eight_bits(repo: Path, cache: Path) -> None:
    grey = Image.new("I;16", (600, 400), 32896)  # half of 65535 (128 * 257)
    made = _made(_pictures(repo, {"grey.png": encode(grey, "PNG")}))
    im = Image.open(io.BytesIO(made["images/grey-600w.png"]))
    assert im.mode == "L" and im.getpixel((300, 200)) == 128  # Pillow alone clips it to 255


def test_a_picture_the_build_cannot_decode_fails_it_and_then_check(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A WebP whose container is whole but whose picture data is garbage: only decoding finds
    # it, and `check` does not decode (at 1,000 exercises it must stay under a second).
    data = bytearray(GOOD["still.webp"])
    data[200:400] = bytes(b ^ 0x55 for b in data[200:400])
    add_exercise(repo, "garbled", {"garbled.webp": bytes(data)})
    assert check(repo, capsys) == (0, [])
    line = (f"content/exercises/garbled.yaml:{FIRST_FILE_LINE}:{FILE_COL}: images[0].file: "
            "'garbled.webp' cannot be decoded (failed to read next frame): export it again as "
            "PNG, JPEG or WebP")
    assert main(["--root", str(repo), "build", "--site-dir", str(repo / "out")]) == 1
    assert line in capsys.readouterr().err.splitlines()
    # From then on, `check` says so too, until the file changes.
    assert check(repo, capsys) == (1, [line])
    (repo / "content/images/garbled.webp").write_bytes(GOOD["still.webp"])
    assert check(repo, capsys) == (0, [])


def test_a_hand_written_file_cannot_take_a_pictures_address(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_exercise(repo, "pictured", {"pictured.jpg": encode(photo(1200, 800), "JPEG")})
    (repo / "content/pages/images").mkdir()
    (repo / "content/pages/images/pictured-480w.jpg").write_bytes(b"mine")
    assert main(["--root", str(repo), "build", "--site-dir", str(repo / "out")]) == 1
    assert ("content/pages/images/pictured-480w.jpg:1:1: (file): has the same address as a "
            "picture's size (images/pictured-480w.jpg); rename it") in capsys.readouterr().err
    assert not (repo / "out").exists()


def test_a_new_picture_of_another_shape_changes_the_page(repo: Path, tmp_path: Path) -> None:
    add_exercise(repo, "reshaped", {"shape.jpg": encode(photo(1200, 800), "JPEG")})
    kept = tmp_path / "pages.json"
    first = next(p for p in render_site(generator.read_site(repo), cache=kept)
                 if p.src_uri == "exercises/reshaped.md")
    assert 'width="960" height="640"' in first.markdown
    (repo / "content/images/shape.jpg").write_bytes(encode(photo(800, 800), "JPEG"))
    again = next(p for p in render_site(generator.read_site(repo), cache=kept)
                 if p.src_uri == "exercises/reshaped.md")
    assert 'width="800" height="800"' in again.markdown


# ---------------------------------------------------------------------------- markup


def _picture(name: str, width: int, height: int, fmt: str) -> images.Picture:
    return images.Picture(name, Path(name), "0" * 64, fmt, width, height)


def test_the_markup_escapes_every_text_and_names_every_size() -> None:
    def line(text: str) -> Any:
        return parse_inline(text)[0]

    image = model.Image(
        "x.jpg", line('A "quoted" <b>alt</b> onerror=alert(1)'),
        line("Keep your **elbows** <script>alert(1)</script> down"),
        line("Ann & <i>Bo</i>"), line("CC BY 4.0"))
    out = picture_html(image, _picture("x.jpg", 1600, 1000, "JPEG"), lambda p: "../../" + p)
    assert out == (
        '<figure class="sg-picture"><picture><source type="image/webp" '
        'srcset="../../images/x-480w.webp 480w, ../../images/x-960w.webp 960w" '
        f'sizes="{SIZES}"><img src="../../images/x-960w.jpg" '
        'srcset="../../images/x-480w.jpg 480w, ../../images/x-960w.jpg 960w" '
        f'sizes="{SIZES}" width="960" height="600" '
        'alt="A &quot;quoted&quot; &lt;b&gt;alt&lt;/b&gt; onerror=alert(1)" loading="lazy" '
        'decoding="async"></picture><figcaption>Keep your <strong>elbows</strong> '
        "&lt;script&gt;alert(1)&lt;/script&gt; down<br>"
        '<small class="sg-credit" data-search-exclude>Picture: Ann &amp; &lt;i&gt;Bo&lt;/i&gt; '
        "(CC BY 4.0)</small></figcaption></figure>")
    bare = model.Image("y.webp", line("Alt"))
    assert picture_html(bare, _picture("y.webp", 700, 500, "WEBP"), lambda p: p) == (
        '<figure class="sg-picture"><picture><img src="images/y-700w.webp" '
        'srcset="images/y-480w.webp 480w, images/y-700w.webp 700w" '
        f'sizes="{SIZES}" width="700" height="500" alt="Alt" loading="lazy" decoding="async">'
        "</picture></figure>")


# ---------------------------------------------------------------------------- the built site

CAPTION = "Elbows and wrists stay on the wall <script>alert(1)</script>"
CREDIT = "Quentin Zebulon-Photographer"


class _Tags(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def picture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The real content plus an exercise with two pictures and an unused file, built strictly."""
    repo = copy_repo(tmp_path_factory.mktemp("pictures") / "repo")
    add_exercise(repo, "pictured", {"pictured-1.jpg": GOOD["turned.jpg"]},
                 {"caption": CAPTION, "credit": CREDIT, "license": "CC BY 4.0"})
    with (repo / "content/exercises/pictured.yaml").open("a") as f:
        f.write('  - file: pictured-2.png\n    alt: "A drawing."\n')
    (repo / "content/images/pictured-2.png").write_bytes(encode(photo(1600, 1000), "PNG"))
    (repo / "content/images/unused.jpg").write_bytes(encode(photo(1200, 800), "JPEG"))
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    site = repo.parent / "site"
    assert main(["--root", str(repo), "build", "--site-dir", str(site)]) == 0
    yield site
    shutil.rmtree(repo.parent, ignore_errors=True)


def test_the_page_has_figures_with_sizes_and_lazy_loading(picture_site: Path) -> None:
    page = (picture_site / "exercises/pictured/index.html").read_text()
    parser = _Tags()
    parser.feed(page)
    imgs = [attrs for tag, attrs in parser.tags if tag == "img" and "srcset" in attrs]
    sources = [attrs for tag, attrs in parser.tags if tag == "source"]
    assert [(i["width"], i["height"], i["loading"], i["decoding"], i["sizes"]) for i in imgs] == [
        ("960", "1280", "lazy", "async", SIZES), ("960", "600", "lazy", "async", SIZES)]
    assert imgs[0]["srcset"] == ("../../images/pictured-1-480w.jpg 480w, "
                                 "../../images/pictured-1-960w.jpg 960w")
    assert sources[0] == {"type": "image/webp", "sizes": SIZES, "srcset": (
        "../../images/pictured-1-480w.webp 480w, ../../images/pictured-1-960w.webp 960w")}
    assert imgs[0]["alt"] == "A picture called pictured-1.jpg."
    # The caption's text is shown as text, and the credit once, in the caption.
    assert scan_page(page) == []
    assert "<script>alert(1)" not in page
    assert page.count(CREDIT) == 1
    assert re.search(r"<figcaption>Elbows and wrists stay on the wall &lt;script&gt;alert\(1\)"
                     r"&lt;/script&gt;<br><small class=\"sg-credit\" data-search-exclude>"
                     rf"Picture: {CREDIT} \(CC BY 4.0\)</small></figcaption>", page)


def test_only_the_sizes_of_shown_pictures_are_published(picture_site: Path) -> None:
    published = sorted(p.name for p in (picture_site / "images").iterdir())
    assert published == [
        "pictured-1-480w.jpg", "pictured-1-480w.webp", "pictured-1-960w.jpg",
        "pictured-1-960w.webp", "pictured-2-480w.png", "pictured-2-480w.webp",
        "pictured-2-960w.png", "pictured-2-960w.webp"]  # not unused.jpg, nor any original
    for path in (picture_site / "images").iterdir():
        assert not Image.open(path).getexif(), path.name


def test_the_credit_stays_out_of_the_search_index(picture_site: Path) -> None:
    index = (picture_site / "search/search_index.json").read_text()
    assert CREDIT not in index
    assert "Elbows and wrists stay on the wall" in index  # the caption is the page's own text


@pytest.fixture(scope="module")
def picture_url(picture_site: Path) -> Iterator[str]:
    with serve(picture_site) as base:
        yield base + "exercises/pictured/"


def test_the_box_has_its_height_before_the_picture_arrives(browser: Browser,
                                                           picture_url: str) -> None:
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    held: list[Route] = []
    page.route("**/images/*", lambda route: held.append(route))  # wait until released
    img = page.locator(".sg-picture img").first
    with page.expect_request(re.compile(r"/images/pictured-1-")):
        page.goto(picture_url, wait_until="domcontentloaded")
        img.scroll_into_view_if_needed()  # a lazy picture is asked for when scrolled to
    below = page.locator(".sg-picture").nth(1)  # the next picture, below the first
    before, after_it = img.bounding_box(), below.bounding_box()
    assert before is not None and after_it is not None
    assert img.evaluate("e => e.naturalWidth") == 0  # nothing has arrived
    # Shown at the column's width, with the height the picture's shape gives it.
    assert before["width"] > 600
    assert before["height"] == pytest.approx(before["width"] * 1280 / 960, abs=1)
    assert held, "the browser asked for no picture"
    while held:
        held.pop().continue_()
    img.evaluate("e => e.decode()")
    assert img.evaluate("e => e.complete && e.currentSrc").endswith("pictured-1-960w.webp")
    # Nothing moved when it arrived: neither the picture's box nor what follows it.
    assert (img.bounding_box(), below.bounding_box()) == (before, after_it)
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_page_with_pictures_has_no_wcag21_aa_violations(browser: Browser, picture_url: str,
                                                          scheme: str) -> None:
    context = browser.new_context(**DESKTOP, color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(picture_url, wait_until="networkidle")
    for img in page.locator(".sg-picture img").all():
        img.scroll_into_view_if_needed()
        img.evaluate("e => e.decode()")
    assert _axe(page) == []  # the credit's small grey text included
    context.close()


@pytest.mark.parametrize(("screen", "loaded"), [
    ({**PHONE, "device_scale_factor": 1}, "pictured-1-480w.webp"),  # a phone: the small size
    (PHONE, "pictured-1-960w.webp"),  # three device pixels a CSS pixel: the larger one
    (DESKTOP, "pictured-1-960w.webp"),
])
def test_the_browser_loads_the_size_its_screen_needs(browser: Browser, picture_url: str,
                                                     screen: dict[str, Any], loaded: str) -> None:
    context = browser.new_context(**screen)
    page = context.new_page()
    page.set_default_timeout(10_000)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url) if "/images/" in r.url else None)
    page.goto(picture_url)
    img = page.locator(".sg-picture img").first
    img.scroll_into_view_if_needed()
    img.evaluate("e => e.decode()")
    assert img.evaluate("e => e.currentSrc").endswith("/images/" + loaded)
    assert [u.rsplit("/", 1)[1] for u in requested if "pictured-1" in u] == [loaded]
    context.close()


def test_a_missing_picture_is_one_line(repo: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    add_exercise(repo, "missing", {})
    with (repo / "content/exercises/missing.yaml").open("a") as f:
        f.write('  - file: not-there.jpg\n    alt: "Nothing."\n')
    assert check(repo, capsys) == (1, [
        f"content/exercises/missing.yaml:{FIRST_FILE_LINE}:{FILE_COL}: images[0].file: "
        "unknown image 'not-there.jpg'"])
