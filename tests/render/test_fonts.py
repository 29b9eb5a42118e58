"""Japanese in HTML pages on a PC without a Japanese font: the page names the fonts of Windows, macOS and
Linux and carries the IPAexGothic glyphs it uses; headless Chromium with only Latin fonts shows them (no tofu)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from chromium import CHROMIUM, Chromium
from dxtext.render.fonts import EMBEDDED_FAMILY, SYSTEM_FONTS, characters, embedded_font_css, font_path
from dxtext.render.html import page

TEXT = "市民の声を聞く窓口のデジタル化"
OTHER = "職員研修と人材育成が急務である"  # as many characters, none in common with TEXT


def _font_of(css: str):  # type: ignore[no-untyped-def]
    import base64
    import re

    from fontTools.ttLib import TTFont

    data = re.search(r"base64,([A-Za-z0-9+/=]+)", css).group(1)  # type: ignore[union-attr]
    return TTFont(io.BytesIO(base64.b64decode(data)))


def test_the_page_names_the_japanese_fonts_of_each_os_and_the_embedded_one() -> None:
    html = page("テスト", f"<p>{TEXT}</p>")
    for name in ("Yu Gothic", "Meiryo", "Hiragino Sans", "Noto Sans CJK JP", "IPAexGothic"):
        assert f'"{name}"' in html and name in SYSTEM_FONTS
    assert f'@font-face{{font-family:"{EMBEDDED_FAMILY}"' in html
    assert "IPA Font License" in html  # where the glyphs come from and under which licence


def test_the_subset_has_every_character_of_the_page_and_little_else() -> None:
    assert font_path() is not None and font_path().name == "ipaexg.ttf"  # read from the installed package
    css = embedded_font_css(f"<p>{TEXT}</p>")
    font = _font_of(css)
    cmap = font.getBestCmap()
    assert {ord(ch) for ch in characters(TEXT)} <= set(cmap)
    assert ord("職") not in cmap  # only what the page shows
    assert font["head"].modified == _font_of(embedded_font_css(TEXT)).__getitem__("head").modified
    assert len(css) < 60_000  # 15 characters: a few kilobytes, not the 6 MB font


def test_pages_are_reproducible_and_need_no_font_without_japanese() -> None:
    assert page("t", f"<p>{TEXT}</p>") == page("t", f"<p>{TEXT}</p>")
    assert "@font-face" not in page("t", "<p>only ASCII</p>")
    assert "@font-face" not in page("t", f"<p>{TEXT}</p>", embed_font=False)


@pytest.mark.browser
@pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="headless Chromium not installed (apt-get install chromium)"
)
def test_no_tofu_in_chromium_without_cjk_system_fonts(tmp_path: Path) -> None:
    from PIL import Image, ImageChops

    profile = tmp_path / "profile"
    profile.mkdir()
    b = Chromium(profile, width=700, height=160, cjk_fonts=False)
    shots: dict[tuple[str, bool], Image.Image] = {}
    try:
        for text in (TEXT, OTHER):
            for embed in (False, True):
                name = f"{len(shots)}.html"
                style = "<style>p{font-size:40px;margin:20px}</style>"
                (tmp_path / name).write_text(
                    page("t", f"{style}<p>{text}</p>", embed_font=embed), encoding="utf-8"
                )
                b.open((tmp_path / name).as_uri())
                b.pump(0.5)
                shots[(text, embed)] = Image.open(b.screenshot(tmp_path / f"{name}.png")).convert("L")
    finally:
        b.close()
        shutil.rmtree(profile, ignore_errors=True)

    def differ(a: Image.Image, c: Image.Image) -> int:
        return sum(1 for v in ImageChops.difference(a, c).tobytes() if v > 64)

    # without the embedded glyphs two different texts look the same: every character is the same box (tofu),
    # which proves that this browser has no Japanese font of its own
    assert differ(shots[(TEXT, False)], shots[(OTHER, False)]) < 50
    # with them, each text is drawn with its own glyphs: different texts, and not the boxes
    assert differ(shots[(TEXT, True)], shots[(OTHER, True)]) > 1000
    assert differ(shots[(TEXT, True)], shots[(TEXT, False)]) > 1000
    ink = sum(1 for v in shots[(TEXT, True)].tobytes() if v < 128)
    assert ink > 2000  # something is drawn
