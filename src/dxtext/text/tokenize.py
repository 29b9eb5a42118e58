"""The tokenizer: MeCab (fugashi) + unidic-lite + the municipal-DX user dictionary → lemmas of content words.

``Tokenizer`` is a callable ``str -> list[str]``, so it plugs into scikit-learn's vectorizers. It returns UniDic
lemmas (語彙素: spelling variants meet, e.g. 良い/よい/いい → 良い; user-dictionary entries give their canonical
form, e.g. マイナカード → マイナンバーカード), English glosses removed (クラウド-crowd → クラウド).

Word classes kept by default: 名詞, サ変名詞, 固有名詞 (人名, 地名), 動詞, 形容詞, 形容動詞 (UniDic 形状詞).
Dropped: numerals, pronouns, particles, auxiliaries, symbols, prefixes/suffixes, and non-independent uses:
UniDic marks words such as 見る, いく, ない, 良い as 非自立可能 in the lexicon, so dxtext drops them only where
they are used as auxiliaries (right after a verb, adjective, auxiliary or the conjunctive particle て/で, as in
書いて・ある, 見て・いく, 良く・ない) and keeps them elsewhere (駐車場が・ない, 景色が・良い). Light verbs and formal
nouns are in the stopword file (dictionaries/stopwords.txt).

Speed: MeCab prints only the left-context id, the surface and the word cost of each morpheme (no feature
fields: printing those costs MeCab about a quarter of its parse time). Those three identify the dictionary entry;
its lemma is read from the compiled dictionaries once per distinct morpheme line (``mecabdic``) and classified
once (word class from the id, through a table built from unidic-lite's left-id.def). Texts go to MeCab 32 at a
time, joined by the text-boundary entry (exactly the analysis of each text alone), and the per-morpheme rules run
in C (``_speedups``, optional) or in Python (``_scan_py``); texts with a homograph that the three fields cannot
tell apart take the reference path (``_lemmas``: MeCab prints the lemma itself).

The MeCab line formats, word classes of context ids and the per-morpheme scan are in ``scan``; the batches of
texts sent to MeCab and what its key lines mean in ``keylines`` (the ``KeyLines`` mixin); tokens, their word
classes and the token cache in ``tokens``; the worker processes in ``parallel``. Names used elsewhere remain
importable from here.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import DxtextError
from ..i18n import _
from .keylines import MECAB_MAX_CHARS as MECAB_MAX_CHARS
from .keylines import KeyLines
from .keylines import split_long_text as split_long_text
from .parallel import _gc_paused, longer_than, text_sequence, tokenize_distinct
from .scan import (
    _NOTHING,
    DEFAULT_POS,
    WORD_CLASS_LABELS,
    _id_table,
    _tagger_args,
)
from .scan import _scan_c as _scan_c
from .scan import _scan_py as _scan_py
from .scan import clean_lemma as clean_lemma
from .tokenlists import TokenLists
from .tokens import _CLASS_RANK, Token, TokenizedCorpus, _load_cache, _save_cache, _WordClasses, analyze_text
from .tokens import default_cache_dir as default_cache_dir
from .wordforms import familiar

if TYPE_CHECKING:
    from ..io.corpus import Corpus

# 2: classes of suffix-joined words (事業者) cached; 3: glosses with hyphens removed; 4: a lemma's word class no
# longer depends on the order of the texts; 5: compound particles dropped, familiar forms, honorific nouns
TOKENIZER_VERSION = "6"
#: the layout of the token cache: 2 = a Parquet file per entry (1, a pickle, is never read again)
TOKEN_CACHE_VERSION = "2"
Progress = Callable[[int, int], None]  # (done, total)


def default_stopwords_path() -> Path | None:
    from .dictionary import _find_repo_root

    env = os.environ.get("DXTEXT_STOPWORDS")
    if env:
        return Path(env)
    root = _find_repo_root()
    if root is not None and (root / "dictionaries" / "stopwords.txt").is_file():
        return root / "dictionaries" / "stopwords.txt"
    return None


def _display_rules(path: Path | None) -> tuple[dict[tuple[str, str], str], frozenset[str]]:
    """The display pins of the user dictionary (``=側/そば<TAB>そば``, see dictionaries/README.md) and the
    canonical forms of its entries (shown as they are, never replaced by a familiar form)."""
    if path is None:
        return {}, frozenset()
    from .dictformat import _parse_text, _read_text, parse_pins

    text = _read_text(path)
    entries = _parse_text(text, str(path))
    return parse_pins(text, str(path)), frozenset(e.canonical for e in entries)


def read_word_list(path: Path) -> list[str]:
    """One word a line, UTF-8 (BOM allowed), '#' comments."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DxtextError(_("{path}: word list not found; check the path.").format(path=path)) from None
    except UnicodeDecodeError:
        raise DxtextError(_("{path}: not UTF-8; save the word list as UTF-8.").format(path=path)) from None
    return [w.strip() for w in text.splitlines() if w.strip() and not w.lstrip().startswith("#")]


class Tokenizer(KeyLines):
    """``str -> list[str]`` of content-word lemmas.

    Parameters
    ----------
    dictionary:
        the user dictionary source (TSV): "default" for dictionaries/municipal_dx.tsv (or $DXTEXT_DICTIONARY),
        a path, or None for unidic-lite alone. It is compiled (and cached) on first use, so an edited
        dictionary is picked up by the next run without a manual rebuild.
    pos:
        word-class labels to keep (see ``WORD_CLASS_LABELS``).
    stopwords:
        "default" (dictionaries/stopwords.txt), a path, a list of lemmas, or None.
    """

    def __init__(
        self,
        *,
        dictionary: str | os.PathLike[str] | None = "default",
        pos: Sequence[str] = DEFAULT_POS,
        stopwords: str | os.PathLike[str] | Sequence[str] | None = "default",
        dic_cache_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        from . import dictionary as dictmod
        from .compile import compile_dictionary

        unknown = [p for p in pos if p not in WORD_CLASS_LABELS]
        if unknown:
            raise DxtextError(
                _("--pos {v0}: unknown word class; use {v1}.").format(
                    v0=",".join(unknown), v1=", ".join(WORD_CLASS_LABELS)
                )
            )
        self.pos = tuple(pos)
        if dictionary == "default":
            dictionary = dictmod.default_dictionary_path()
        self.dictionary_path = Path(dictionary) if dictionary is not None else None
        if self.dictionary_path is not None:
            self.dictionary_hash = dictmod.dictionary_hash(self.dictionary_path)
            self.user_dic: Path | None = compile_dictionary(
                self.dictionary_path, cache_dir=Path(dic_cache_dir) if dic_cache_dir else None
            )
        else:
            self.dictionary_hash = ""
            self.user_dic = None
        self._pins, self._canonicals = _display_rules(self.dictionary_path)
        if isinstance(stopwords, str) and stopwords == "default":
            sw_path = default_stopwords_path()
            words = read_word_list(sw_path) if sw_path else []
        elif stopwords is None:
            words = []
        elif isinstance(stopwords, (str, os.PathLike)):
            words = read_word_list(Path(stopwords))
        else:
            words = list(stopwords)
        self.stopwords = frozenset(words)
        #: words never masked in quoted text (``--keep-words``; the speakers of public minutes): read by
        #: :func:`dxtext.text.privacy.mask_pii`, which gets this tokenizer wherever a command quotes text. It
        #: does not change the tokens, but it is in the fingerprint when set, so that a run folder's key and
        #: metadata.json tell runs with other masking apart.
        self.mask_keep: frozenset[str] = frozenset()
        self._tagger: Any = None
        self._setup()

    # -- set-up ---------------------------------------------------------------------------------------------

    def _setup(self) -> None:
        table = _id_table()
        self._keep_labels = frozenset(self.pos)
        # left id → (label, 非自立可能, auxiliary context, joinable suffix, class kept, noun, proper noun, fields)
        self._lids = {
            k: (
                v.label,
                v.non_independent,
                v.aux_context,
                v.joinable_suffix,
                v.label in self._keep_labels,
                v.label in ("名詞", "サ変名詞"),
                v.label in ("固有名詞", "人名", "地名"),
                v.pos,
            )
            for k, v in table.items()
        }
        self._memo: dict[str, tuple[str | None, bool, bool, str | None, bool, int]] = {}
        # key line (id, surface, cost) → the same tuple; None for homographs the key cannot tell apart
        self._info: dict[str, tuple[str | None, bool, bool, str | None, bool, int] | None] = {"": _NOTHING}
        self._dics: list[Any] | None = None
        self._key_tagger: Any = None
        self._classes: dict[str, str] = {}  # lemma → word class (see _set_class)

    @property
    def tagger(self) -> Any:
        """MeCab printing id, lemma and written base form per morpheme (homographs; see _lemmas)."""
        if self._tagger is None:
            self._tagger = self._new_tagger(_tagger_args(self.user_dic))
        return self._tagger

    def _new_tagger(self, args: str) -> Any:
        import fugashi

        try:
            return fugashi.GenericTagger(args)
        except RuntimeError as e:
            raise DxtextError(
                _(
                    "MeCab could not start with the user dictionary {user_dic} ({v0}); run `dxtext dict build` to rebuild it."
                ).format(user_dic=self.user_dic, v0=str(e).strip()[:80])
            ) from None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_tagger"] = None
        state["_analysis_tagger"] = None  # MeCab taggers cannot be pickled (worker processes under spawn)
        state["_key_tagger"] = None
        state["_dics"] = None  # memory maps are reopened where they are used
        return state

    @property
    def fingerprint(self) -> str:
        """Hash of everything that decides the tokens: dictionary, word classes, stopwords, versions."""
        from importlib.metadata import version

        payload = {
            "v": TOKENIZER_VERSION,
            "dic": self.dictionary_hash,
            "pos": sorted(self.pos),
            "stop": sorted(self.stopwords),
            "fugashi": version("fugashi"),
            "unidic_lite": version("unidic-lite"),
        }
        keep = getattr(self, "mask_keep", None)  # a tokenizer pickled before it had one
        if keep:
            payload["mask_keep"] = sorted(keep)
        return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[
            :20
        ]

    def params(self) -> dict[str, Any]:
        from importlib.metadata import version

        return {
            "dictionary": str(self.dictionary_path) if self.dictionary_path else None,
            "dictionary_hash": self.dictionary_hash,
            "pos": list(self.pos),
            "stopwords": len(self.stopwords),
            "fingerprint": self.fingerprint,
            "never_masked": len(getattr(self, "mask_keep", ())),
            "fugashi": version("fugashi"),
            "unidic_lite": version("unidic-lite"),
        }

    # -- tokenizing -----------------------------------------------------------------------------------------

    def __call__(self, text: str) -> list[str]:
        if len(text) > MECAB_MAX_CHARS:
            return list(chain.from_iterable(self._lemmas_batch(split_long_text(text))))
        return self._lemmas_batch([text])[0]

    def display_form(self, lemma: str, orth: str) -> str:
        """The word shown for a UniDic lemma written ``orth``: a display pin of the user dictionary, the
        canonical form of an entry, else the familiar form (wordforms.familiar)."""
        pins = self._pins
        word = (pins.get((lemma, orth)) or pins.get((lemma, ""))) if pins else None
        if word is None:  # the canonical form of a dictionary entry always wins
            word = lemma if lemma in self._canonicals else familiar(lemma, orth)
        return word

    def _set_class(self, lemma: str, label: str) -> None:
        """A lemma met in several word classes gets the first of _CLASS_ORDER, whatever the order of the texts
        (or of the processes) that met them."""
        old = self._classes.get(lemma)
        if old is None or _CLASS_RANK.get(label, 99) < _CLASS_RANK.get(old, 99):
            self._classes[lemma] = label

    @property
    def word_classes(self) -> Mapping[str, str]:
        """Word class of every token seen so far, suffix-joined words (事業+者) included (see word_class)."""
        return _WordClasses(self._classes)

    def word_class(self, word: str) -> str:
        """The word class of a token: its own, or for a suffix-joined word (駐車+場) that of its longest head."""
        return _WordClasses(self._classes).get(word) or "名詞"

    def analyze(self, text: str) -> list[Token]:
        """Every morpheme of ``text`` with surface, lemma, word class, character offsets and whether it is kept.

        The same rules as ``__call__`` (suffixes joined the same way): the lemmas of the kept tokens are
        exactly ``self(text)``.
        """
        return analyze_text(self, text)

    def tokenize_many(
        self, texts: Sequence[str], *, n_jobs: int = 1, progress: Progress | None = None
    ) -> Sequence[list[str]]:
        """Tokenize many texts, in ``n_jobs`` processes (1 = this process; 0 or negative = all cores).

        With several processes, ``n_jobs`` worker processes run MeCab over the texts in pieces, large first and
        small last (so none waits long for another's last piece), and this process turns their output into
        token lists as it comes (each new morpheme is looked up and classified once, here). The tokens and word
        classes are the same as in one process. The lists come as a :class:`~dxtext.text.tokenlists.TokenLists`
        (word ids, made a piece at a time) unless a text had to be cut for MeCab.
        """
        with _gc_paused():
            return self._tokenize_many(texts, n_jobs, progress)

    def _tokenize_many(
        self, texts: Sequence[str], n_jobs: int, progress: Progress | None
    ) -> Sequence[list[str]]:
        if longer_than(texts, MECAB_MAX_CHARS):
            pieces: list[str] = []
            owner: list[int] = []
            for i, t in enumerate(texts):
                for piece in split_long_text(t):
                    pieces.append(piece)
                    owner.append(i)
            out_lists: list[list[str]] = [[] for _ in texts]
            for i, lemmas in zip(owner, self._tokenize_many(pieces, n_jobs, progress), strict=True):
                out_lists[i].extend(lemmas)
            return out_lists
        return tokenize_distinct(self, texts, n_jobs, progress)

    def tokenize_corpus(
        self,
        corpus: Corpus,
        *,
        cache_dir: str | os.PathLike[str] | None = None,
        n_jobs: int = 1,
        progress: Progress | None = None,
        engine: Any = None,
    ) -> TokenizedCorpus:
        """Token lists for the corpus's used documents; documents left with no token become ``too_short``.

        With ``cache_dir``, token lists are stored (a Parquet file, :mod:`dxtext.text.tokencache`) under a key
        made of the corpus content hash and the tokenizer fingerprint, and the next call on the same corpus reads
        them instead of tokenizing.
        ``engine`` (see :mod:`dxtext.engine`): where the texts are tokenized (default: here, ``n_jobs``
        processes); the tokens and the cache are the same.
        """
        used = corpus.used_columns("doc_id", "text")
        key = hashlib.sha256(
            f"{corpus.content_hash}:{self.fingerprint}:{TOKEN_CACHE_VERSION}".encode()
        ).hexdigest()[:32]
        cached = _load_cache(Path(cache_dir), key, used["doc_id"].tolist()) if cache_dir else None
        if cached is not None:
            doc_ids, lists, classes = cached
            from_cache = True
        else:
            if engine is None:
                texts = text_sequence(used["text"])  # Python strings a piece at a time
                token_lists = self.tokenize_many(texts, n_jobs=n_jobs, progress=progress)
            else:
                token_lists = engine.tokenize_many(
                    self, used["text"].tolist(), n_jobs=n_jobs, progress=progress
                )
            lists = TokenLists.of(token_lists)  # held as word ids from here on (see dxtext.text.tokenlists)
            del token_lists
            word_class = self.word_class
            classes = {w: word_class(w) for w in sorted(lists.words)}
            doc_ids = used["doc_id"].tolist()
            from_cache = False
            if cache_dir:
                _save_cache(Path(cache_dir), key, (doc_ids, lists, classes))
        has_words = lists.lengths() > 0
        corpus.mark_too_short([doc_ids[i] for i in np.flatnonzero(~has_words).tolist()])
        if not has_words.all():
            keep = np.flatnonzero(has_words)
            lists = lists.take(keep, same_order=True)  # only documents without a word left out
            doc_ids = [doc_ids[i] for i in keep.tolist()]
        return TokenizedCorpus(
            doc_ids=doc_ids,
            tokens=lists,
            word_classes=classes,
            cache_key=key,
            from_cache=from_cache,
        )
