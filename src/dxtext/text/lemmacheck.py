"""Lemmas that may be another word than the one written: UniDic's lemma shares no character with the form the
corpus writes, and that form dominates the lemma's uses (そば lemmatised as 側 "side" in tourism answers about
noodles). ``dxtext dict suggest`` lists them with the display pin that would fix each (``=側/そば<TAB>そば``, see
dictionaries/README.md); a person decides, because a kana spelling of the same word (奇麗 written きれい) looks
the same to this check.
"""

from __future__ import annotations

import shlex
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .tokenize import Tokenizer

#: Columns of :func:`suspicious_lemmas`.
SUSPICIOUS_COLUMNS = ("lemma", "written", "uses", "lemma_uses", "share", "shown", "status", "pin")
_CONTENT = ("名詞", "動詞", "形容詞", "形状詞", "副詞")


def _args(user_dic: Path | None) -> str:
    import unidic_lite

    dicdir = Path(unidic_lite.DICDIR)
    args = ["-r", shlex.quote(str(dicdir / "mecabrc")), "-d", shlex.quote(str(dicdir))]
    if user_dic is not None:
        args += ["-u", shlex.quote(str(user_dic))]
    # pos1, pos2, lemma, orthBase (the written base form); unknown words: nothing
    args += ['-O ""', r"-F %f[0]\\t%f[1]\\t%f[7]\\t%f[10]\\n", r"-U \\n", r"-E \\n"]
    return " ".join(args)


def lemma_forms(texts: Sequence[str], tokenizer: Tokenizer) -> Counter[tuple[str, str]]:
    """(UniDic lemma, written base form) → uses, over the content words of ``texts``."""
    import fugashi

    from .scan import _KATAKANA_RE, clean_lemma
    from .tokenize import split_long_text

    tagger = fugashi.GenericTagger(_args(tokenizer.user_dic))
    counts: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for piece in split_long_text(text):
            for line in tagger.parse(piece).split("\n"):
                pos, _, rest = line.partition("\t")
                if pos not in _CONTENT:
                    continue
                pos2, _, rest = rest.partition("\t")
                lemma, _, orth = rest.partition("\t")
                if not lemma or not orth or lemma == "*" or orth == "*":
                    continue
                if pos2 == "固有名詞" and _KATAKANA_RE.match(lemma) and not _KATAKANA_RE.match(orth):
                    continue  # 福井 (lemma フクイ): the tokenizer shows proper nouns as written already
                counts[(clean_lemma(lemma), orth)] += 1
    return counts


def suspicious_lemmas(
    texts: Sequence[str],
    tokenizer: Tokenizer,
    *,
    min_uses: int = 20,
    dominance: float = 0.5,
    shown: Callable[[str, str], str] | None = None,
) -> pd.DataFrame:
    """Written forms that share no character with their UniDic lemma and hold at least ``dominance`` of the
    lemma's uses (``min_uses`` or more). ``status``: ``check`` (shown as the lemma or another form: a person
    should decide, and ``pin`` is the line to add to the dictionary), ``shown as written`` (a familiar form or
    a pin already shows the written word). Sorted by uses."""
    counts = lemma_forms(texts, tokenizer)
    per_lemma: Counter[str] = Counter()
    for (lemma, _), n in counts.items():
        per_lemma[lemma] += n
    show = shown or tokenizer.display_form
    rows = []
    for (lemma, written), n in counts.items():
        total = per_lemma[lemma]
        if n < min_uses or n / total < dominance or set(lemma) & set(written):
            continue
        word = show(lemma, written)
        status = "shown as written" if word == written else "check"
        rows.append(
            {"lemma": lemma, "written": written, "uses": n, "lemma_uses": total, "share": round(n / total, 3),
             "shown": word, "status": status, "pin": f"={lemma}/{written}\t{written}"}
        )  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(SUSPICIOUS_COLUMNS))
    return frame.sort_values(["uses", "lemma"], ascending=[False, True], kind="stable").reset_index(drop=True)
