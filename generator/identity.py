"""The site's identity as content: `content/site.yaml`.

A publisher makes the guide theirs by editing this one file: the site's name, its tagline, the
home page's heading and introduction, the note at the foot of every page, the language and the
public address that cheat-sheet QR codes point to. Templates and mkdocs.yml keep none of it.
"""

from __future__ import annotations

from .model import Home, Identity
from .schema import EnumSpec, Field, LineSpec, ProseSpec, RecordSpec, UrlSpec

# The languages Material for MkDocs 9 has interface strings for (its partials/languages/); the
# build would fail on any other, so `check` refuses it first. A test keeps the list in step with
# the installed theme.
LANGUAGES = (
    "af", "ar", "az", "be", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "eo", "es", "et",
    "eu", "fa", "fi", "fr", "gl", "he", "hi", "hr", "hu", "hy", "id", "is", "it", "ja", "ka", "kn",
    "ko", "ku-IQ", "lb", "lt", "lv", "mk", "mn", "ms", "my", "nb", "nl", "nn", "pl", "pt", "pt-BR",
    "ro", "ru", "sa", "sh", "si", "sk", "sl", "sq", "sr", "sv", "ta", "te", "th", "tl", "tr", "uk",
    "ur", "uz", "vi", "zh", "zh-Hant", "zh-TW",
)

HOME = RecordSpec(
    {
        "heading": Field(LineSpec(80, "The home page's heading: what the site offers, in the "
                                  "reader's words.", "keep it to a few words"), True),
        "introduction": Field(ProseSpec(1000, "One or two sentences under the heading: how to "
                                        "use the site."), True),
    },
    build=Home, description="The top of the home page.",
)

SITE = RecordSpec(
    {
        "name": Field(LineSpec(40, "The site's name, shown in the header and the browser tab.",
                               "a short name fits the header on a phone"), True),
        "tagline": Field(LineSpec(200, "One sentence: what the site is for. Search engines and "
                                  "link previews show it.", "one sentence"), True),
        "home": Field(HOME, True),
        "footer": Field(LineSpec(200, "A note at the foot of every page, e.g. a safety "
                                 "reminder or who publishes the site.", "one sentence"), True),
        "language": Field(EnumSpec(LANGUAGES, "The language of the site's text, e.g. 'en': "
                                   "the theme's own words and search follow it."), True),
        "url": Field(UrlSpec("The site's public address, e.g. https://example.org/stretches/; "
                             "the QR codes on cheat sheets point here."), True),
        "edit": Field(UrlSpec("Where editors change the content: the repository's edit address, "
                              "e.g. https://github.com/you/guide/edit/main/; each page's edit "
                              "button adds its content file's path. Leave it out for no edit "
                              "buttons."), False),
    },
    build=Identity, description="The site's name and the words that make it the publisher's own.",
)
