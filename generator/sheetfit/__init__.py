"""Cheat sheets that fit one page: the layout each routine's sheet prints in, or a notice.

One module per part: `fit` (the layouts, the build's real layout and `check`'s decision),
`size` (bounds on a sheet's height in each layout, from the text), `text` (the words of a sheet
as the layouts set them) and `font` (the widths of the sheets' typeface, as data).
"""

from .fit import LAYOUTS, NOTICES, Fit, fit_sheets, notice, one_page, sheet_base, sheet_notices, variant

__all__ = ["LAYOUTS", "NOTICES", "Fit", "fit_sheets", "notice", "one_page", "sheet_base",
           "sheet_notices", "variant"]
