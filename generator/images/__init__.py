"""Pictures editors add (`images:`): checked like content, made into responsive sizes, marked up.

One module per part: `check` (each picture's file, from its own bytes: a cross-file stage run
after validation), `renditions` (the sizes a page offers, WebP and the original format, cached by
digest) and `markup` (the `<figure><picture>` a page shows).
"""

from .check import Picture, check_images, failed_marker, image_cache
from .markup import SIZES, picture_html
from .renditions import make_renditions, planned

__all__ = ["SIZES", "Picture", "check_images", "failed_marker", "image_cache", "make_renditions",
           "picture_html", "planned"]
