"""Japanese fonts for the HTML pages: the fonts of each OS by name, and IPAexGothic embedded as the last resort.

A page names the Japanese fonts found on Windows (Yu Gothic, Meiryo, MS PGothic), macOS (Hiragino) and Linux
(Noto Sans CJK JP, IPAexGothic, …). A PC that has none of them (a locked-down Linux terminal, a fresh
container) would show tofu (□), so every page also carries a font of its own as the last family in the list:
the glyphs of IPAexGothic that the page uses, subset with fontTools from the ``ipaexg.ttf`` that the installed
japanize-matplotlib package ships (read at run time; no font file is kept in this repository). The browser
draws a character with the first font in the list that has it, so the embedded glyphs appear only where no
system font has them.

Licence: IPAexGothic is under the IPA Font License Agreement v1.0. Embedding a part of it in a document for
the display of that document is what its Article 1.5 calls Embedded Fonts in a Digital Document File, which
Article 2.5 lets anyone reproduce and distribute with no further obligations. The embedded family is named
"dxtext embedded IPAexGothic subset" (not the licensed font's own name), and the page says where the glyphs
come from and under which licence. Pages are reproducible: the subset is written without a timestamp.
"""

from __future__ import annotations

import base64
import importlib.util
import io
from functools import cache
from pathlib import Path

#: the family name of the embedded subset (Article 3 of the licence: a derived font does not take the
#: licensed font's name)
EMBEDDED_FAMILY = "dxtext embedded IPAexGothic subset"

#: Japanese fonts by OS, tried in this order before the embedded one
SYSTEM_FONTS = (
    # Windows 8.1 and later; Yu Gothic UI and Meiryo on older ones
    "Yu Gothic UI",
    "Yu Gothic",
    "YuGothic",
    "Meiryo",
    "MS PGothic",
    # macOS
    "Hiragino Sans",
    "Hiragino Kaku Gothic ProN",
    # Linux
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "IPAexGothic",
    "IPAGothic",
    "TakaoGothic",
    "VL Gothic",
)

FONT_STACK = ", ".join(f'"{name}"' for name in (*SYSTEM_FONTS, EMBEDDED_FAMILY)) + ", sans-serif"

NOTICE = (
    "Japanese glyphs embedded from IPAexGothic (Information-technology Promotion Agency, Japan) under the IPA "
    "Font License Agreement v1.0, for the display of this document only."
)


def font_path() -> Path | None:
    """``ipaexg.ttf`` of the installed japanize-matplotlib (without importing it), or None."""
    spec = importlib.util.find_spec("japanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "fonts" / "ipaexg.ttf"
        if path.is_file():
            return path
    return None


def characters(text: str) -> str:
    """The characters of ``text`` a Latin font may lack (everything outside ASCII), sorted, once each."""
    return "".join(sorted({ch for ch in text if ord(ch) > 0x7E and not ch.isspace()}))


def preload() -> None:
    """Import fontTools' subsetter (a tenth of a second), for a process that has a moment to spare before a page."""
    from fontTools import subset  # noqa: F401
    from fontTools.ttLib import TTFont  # noqa: F401


@cache
def _subset(chars: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path = font_path()
    assert path is not None
    font = TTFont(str(path), recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff"  # zlib: no brotli needed
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 13, 14]  # keep copyright, names, licence and its URL
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(ch) for ch in chars])
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer, reorderTables=True)
    return buffer.getvalue()


def embedded_font_css(text: str) -> str:
    """An ``@font-face`` rule with the IPAexGothic glyphs of ``text`` (a data: URL), or "" when the text has no
    such character or the font is not installed."""
    chars = characters(text)
    if not chars or font_path() is None:
        return ""
    data = base64.b64encode(_subset(chars)).decode("ascii")
    return (
        f"/* {NOTICE} */\n"
        f'@font-face{{font-family:"{EMBEDDED_FAMILY}";'
        f'src:url(data:font/woff;base64,{data}) format("woff");font-display:swap}}\n'
    )
