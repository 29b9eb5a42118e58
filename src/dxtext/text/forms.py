"""Conjugation forms: the UniDic cForm (連用形-促音便, 未然形-一般 …) of each morpheme of a text, by character
offset, for the rule conditions ``word->活用形``. Parsed with the same dictionaries as the tokenizer, so the
morphemes are the same as :meth:`~dxtext.text.tokenize.Tokenizer.analyze` gives (only the output differs)."""

from __future__ import annotations

import shlex
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .tokenize import Tokenizer


def _args(user_dic: Path | None) -> str:
    import unidic_lite

    dicdir = Path(unidic_lite.DICDIR)
    args = ["-r", shlex.quote(str(dicdir / "mecabrc")), "-d", shlex.quote(str(dicdir))]
    if user_dic is not None:
        args += ["-u", shlex.quote(str(user_dic))]
    # surface, cForm (feature 6 of UniDic's 26; "*" for words that do not conjugate); unknown words: none
    args += ['-O ""', r"-F %m\\t%f[5]\\n", r"-U %m\\t*\\n", r"-E \\n"]
    return " ".join(args)


@lru_cache(maxsize=4)
def _tagger(user_dic: str | None):  # type: ignore[no-untyped-def]
    """One tagger per user dictionary and process (kept here, not on the Tokenizer, which must pickle)."""
    import fugashi

    return fugashi.GenericTagger(_args(Path(user_dic) if user_dic else None))


def conjugation_forms(tokenizer: Tokenizer, text: str) -> dict[int, str]:
    """Start offset in ``text`` → UniDic cForm of the morpheme starting there (``""`` when it has none)."""
    tagger = _tagger(str(tokenizer.user_dic) if tokenizer.user_dic is not None else None)
    out: dict[int, str] = {}
    pos = 0
    for line in tagger.parse(text).split("\n"):
        if not line:
            continue
        surface, _, cform = line.partition("\t")
        start = text.find(surface, pos)
        if start < 0:
            start = pos
        pos = start + len(surface)
        out[start] = "" if cform == "*" else cform
    return out
