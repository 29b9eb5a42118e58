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

Speed: MeCab prints only the left-context id and the lemma of each morpheme (a custom output format), and the
id is mapped to a word class through a table built once from unidic-lite's left-id.def. This avoids building a
feature tuple per token, which costs more than MeCab's own analysis.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shlex
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DxtextError

if TYPE_CHECKING:
    from .corpus import Corpus

TOKENIZER_VERSION = "3"  # 2: classes of suffix-joined words (事業者) cached; 3: glosses with hyphens removed
Progress = Callable[[int, int], None]  # (done, total)

# Word-class labels (what users see) and the UniDic POS they come from.
WORD_CLASS_LABELS = (
    "名詞",
    "サ変名詞",
    "固有名詞",
    "人名",
    "地名",
    "動詞",
    "形容詞",
    "形容動詞",
    "副詞",
    "感動詞",
    "数詞",
    "代名詞",
    "接頭辞",
    "接尾辞",
    "連体詞",
    "接続詞",
    "助詞",
    "助動詞",
    "記号",
)
DEFAULT_POS: tuple[str, ...] = ("名詞", "サ変名詞", "固有名詞", "人名", "地名", "動詞", "形容詞", "形容動詞")
_AUX_CONTEXT_POS = ("動詞", "形容詞", "助動詞")


def _label(pos: list[str]) -> str:
    p1 = pos[0]
    p2 = pos[1] if len(pos) > 1 else "*"
    p3 = pos[2] if len(pos) > 2 else "*"
    if p1 == "名詞":
        if p2 == "固有名詞":
            return {"人名": "人名", "地名": "地名"}.get(p3, "固有名詞")
        if p2 == "数詞":
            return "数詞"
        if p2 == "助動詞語幹":
            return "助動詞"
        if p3 in ("サ変可能", "サ変形状詞可能"):
            return "サ変名詞"
        return "名詞"
    if p1 == "形状詞":
        return "形容動詞" if p2 == "一般" else "助動詞"
    if p1 in ("補助記号", "記号", "空白"):
        return "記号"
    if p1 == "BOS/EOS":
        return ""
    return p1


@dataclass(frozen=True)
class _IdInfo:
    label: str
    non_independent: bool  # UniDic 非自立可能
    aux_context: bool  # a following 非自立可能 word is used as an auxiliary
    joinable_suffix: bool  # 接尾辞,名詞的,一般/サ変可能: joined to the noun before it (駐車+場 → 駐車場)


@lru_cache(maxsize=1)
def _id_table() -> dict[str, _IdInfo]:
    import unidic_lite

    table: dict[str, _IdInfo] = {}
    with open(Path(unidic_lite.DICDIR) / "left-id.def", encoding="utf-8") as f:
        for line in f:
            num, _, feat = line.rstrip("\n").partition(" ")
            pos = feat.split(",")
            label = _label(pos)
            non_indep = len(pos) > 1 and pos[1] == "非自立可能"
            aux_ctx = pos[0] in _AUX_CONTEXT_POS or (
                pos[0] == "助詞" and len(pos) > 1 and pos[1] == "接続助詞"
            )
            suffix = (
                pos[0] == "接尾辞" and len(pos) > 2 and pos[1] == "名詞的" and pos[2] in ("一般", "サ変可能")
            )
            table[num] = _IdInfo(label, non_indep, aux_ctx, suffix)
    return table


def _tagger_args(user_dic: Path | None, *, with_surface: bool = False) -> str:
    import unidic_lite

    dicdir = Path(unidic_lite.DICDIR)
    args = [
        "-r",
        shlex.quote(str(dicdir / "mecabrc")),
        "-d",
        shlex.quote(str(dicdir)),
    ]
    if user_dic is not None:
        args += ["-u", shlex.quote(str(user_dic))]
    # One morpheme a line: [surface,] left-context id, lemma, written base form (unknown words: the surface).
    # %F\t[7,10] prints the same as %f[7]\t%f[10] but splits the feature string once instead of twice.
    if with_surface:
        args += ['-O ""', r"-F %m\\t%phl\\t%F\\t[7,10]\\n", r"-U %m\\t%phl\\t\\t%m\\n", r"-E \\n"]
    else:
        args += ['-O ""', r"-F %phl\\t%F\\t[7,10]\\n", r"-U %phl\\t\\t%m\\n", r"-E \\n"]
    return " ".join(args)


_GLOSS_RE = re.compile(r"^([^\x00-\x7f]+)-.+$")  # スタートアップ-start-up, 円-助数詞
_KATAKANA_RE = re.compile(r"^[\u30a0-\u30ff]+$")
# Suffixes that stay apart: honorifics and plural/collective markers (山田+さん is not one word).
_NO_JOIN_SUFFIX = frozenset(
    {"さん", "様", "君", "ちゃん", "氏", "殿", "達", "等", "ら", "方", "共", "たち", "ども", "屋"}
)
_JUNK_RE = re.compile(r"^(?:[\u3041-\u309f\u30a1-\u30ff]|[\d\W_]+)$")


def clean_lemma(lemma: str) -> str:
    """クラウド-crowd → クラウド, 円-助数詞 → 円 (UniDic's sense tags on lemmas); ASCII lemmas (AI-OCR) unchanged."""
    if "-" in lemma:
        m = _GLOSS_RE.match(lemma)
        if m:
            return m.group(1)
    return lemma


def default_stopwords_path() -> Path | None:
    from .dictionary import _find_repo_root

    env = os.environ.get("DXTEXT_STOPWORDS")
    if env:
        return Path(env)
    root = _find_repo_root()
    if root is not None and (root / "dictionaries" / "stopwords.txt").is_file():
        return root / "dictionaries" / "stopwords.txt"
    return None


def read_word_list(path: Path) -> list[str]:
    """One word a line, UTF-8 (BOM allowed), '#' comments."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DxtextError(f"{path}: word list not found; check the path.") from None
    except UnicodeDecodeError:
        raise DxtextError(f"{path}: not UTF-8; save the word list as UTF-8.") from None
    return [w.strip() for w in text.splitlines() if w.strip() and not w.lstrip().startswith("#")]


@dataclass(frozen=True)
class Token:
    """One morpheme with its place in the text (for KWIC and masking)."""

    surface: str
    lemma: str
    word_class: str
    start: int
    end: int
    kept: bool


class Tokenizer:
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

        unknown = [p for p in pos if p not in WORD_CLASS_LABELS]
        if unknown:
            raise DxtextError(
                f"--pos {','.join(unknown)}: unknown word class; use {', '.join(WORD_CLASS_LABELS)}."
            )
        self.pos = tuple(pos)
        if dictionary == "default":
            dictionary = dictmod.default_dictionary_path()
        self.dictionary_path = Path(dictionary) if dictionary is not None else None
        if self.dictionary_path is not None:
            self.dictionary_hash = dictmod.dictionary_hash(self.dictionary_path)
            self.user_dic: Path | None = dictmod.compile_dictionary(
                self.dictionary_path, cache_dir=Path(dic_cache_dir) if dic_cache_dir else None
            )
        else:
            self.dictionary_hash = ""
            self.user_dic = None
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
        self._tagger: Any = None
        self._setup()

    # -- set-up ---------------------------------------------------------------------------------------------

    def _setup(self) -> None:
        table = _id_table()
        self._keep_labels = frozenset(self.pos)
        self._aux_ctx = frozenset(k for k, v in table.items() if v.aux_context)
        self._suffix_ids = frozenset(k for k, v in table.items() if v.joinable_suffix)
        self._memo: dict[str, tuple[str | None, bool, bool, str | None, bool]] = {}
        self.word_classes: dict[str, str] = {}

    @property
    def tagger(self) -> Any:
        if self._tagger is None:
            import fugashi

            try:
                self._tagger = fugashi.GenericTagger(_tagger_args(self.user_dic))
            except RuntimeError as e:
                raise DxtextError(
                    f"MeCab could not start with the user dictionary {self.user_dic} ({str(e).strip()[:80]}); "
                    "run `dxtext dict build` to rebuild it."
                ) from None
        return self._tagger

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_tagger"] = None
        state["_analysis_tagger"] = None  # MeCab taggers cannot be pickled (worker processes under spawn)
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
            "fugashi": version("fugashi"),
            "unidic_lite": version("unidic-lite"),
        }

    # -- tokenizing -----------------------------------------------------------------------------------------

    def __call__(self, text: str) -> list[str]:
        return self._lemmas(text)

    def _lemmas(self, text: str) -> list[str]:
        # One dict look-up per morpheme: MeCab's line "left-id<TAB>lemma<TAB>orthBase" is the memo key.
        memo = self._memo
        classes = self.word_classes
        out: list[str] = []
        prev_aux = False
        prev_noun = False
        for line in (self._tagger or self.tagger).parse(text).split("\n"):
            r = memo.get(line)
            if r is None:
                if not line:
                    continue
                r = self._classify(line)
            lemma, free, aux, suffix, noun = r
            if suffix and prev_noun:
                head = out[-1]
                joined = out[-1] = head + suffix
                if joined not in classes:  # the joined word takes the class of its noun, as in analyze()
                    classes[joined] = classes.get(head, "名詞")
                prev_aux, prev_noun = aux, True
                continue
            if lemma is not None and not (free and prev_aux):
                out.append(lemma)
                prev_noun = noun
            else:
                prev_noun = False
            prev_aux = aux
        return out

    def _classify(self, line: str) -> tuple[str | None, bool, bool, str | None, bool]:
        """(kept lemma or None, 非自立可能, makes an auxiliary context, joinable suffix lemma, joinable noun)."""
        lid, _, rest = line.partition("\t")
        lemma, _, orth = rest.partition("\t")
        info = _id_table().get(lid)
        label = info.label if info else ""
        lemma = clean_lemma(lemma or orth)
        if (
            label in ("固有名詞", "人名", "地名")
            and orth
            and _KATAKANA_RE.match(lemma)
            and not _KATAKANA_RE.match(orth)
        ):
            lemma = orth  # UniDic gives proper nouns a katakana lemma (福井 → フクイ): show the written form
        suffix = None
        if lid in self._suffix_ids and lemma not in _NO_JOIN_SUFFIX:
            suffix = lemma
        kept = label in self._keep_labels and not (lemma in self.stopwords or _JUNK_RE.match(lemma))
        r = (
            lemma if kept else None,
            bool(info and info.non_independent),
            lid in self._aux_ctx,
            suffix,
            kept and label in ("名詞", "サ変名詞"),
        )
        if len(self._memo) < 500_000:
            self._memo[line] = r
        if kept and lemma not in self.word_classes:
            self.word_classes[lemma] = label
        return r

    def analyze(self, text: str) -> list[Token]:
        """Every morpheme of ``text`` with surface, lemma, word class, character offsets and whether it is kept.

        The same rules as ``__call__`` (suffixes joined the same way): the lemmas of the kept tokens are
        exactly ``self(text)``.
        """
        if getattr(self, "_analysis_tagger", None) is None:
            import fugashi

            self._analysis_tagger = fugashi.GenericTagger(_tagger_args(self.user_dic, with_surface=True))
        table = _id_table()
        tokens: list[Token] = []
        pos = 0
        prev_aux = False
        prev_noun = False
        for line in self._analysis_tagger.parse(text).split("\n"):
            if not line:
                continue
            surface, _, key = line.partition("\t")
            r = self._memo.get(key) or self._classify(key)
            lemma, free, aux, suffix, noun = r
            start = text.find(surface, pos)
            if start < 0:
                start = pos
            pos = start + len(surface)
            if suffix and prev_noun:
                last = tokens[-1]
                tokens[-1] = Token(
                    last.surface + text[last.end : pos],
                    last.lemma + suffix,
                    last.word_class,
                    last.start,
                    pos,
                    True,
                )
                prev_aux, prev_noun = aux, True
                continue
            kept = lemma is not None and not (free and prev_aux)
            info = table.get(key.partition("\t")[0])
            shown = lemma if lemma is not None else clean_lemma(key.split("\t")[1] or surface)
            tokens.append(Token(surface, shown, info.label if info else "", start, pos, kept))
            prev_noun = kept and noun
            prev_aux = aux
        return tokens

    def tokenize_many(
        self,
        texts: Sequence[str],
        *,
        n_jobs: int = 1,
        progress: Progress | None = None,
    ) -> list[list[str]]:
        """Tokenize many texts, in ``n_jobs`` processes (1 = this process; 0 or negative = all cores).

        With several processes, this process is one of them: it tokenizes pieces from the front of the list
        while ``n_jobs - 1`` worker processes take pieces from the back, so no core waits and no process is
        started only to sit idle. The tokens are the same as in one process (each text is tokenized alone).
        """
        total = len(texts)
        if n_jobs <= 0:
            n_jobs = os.cpu_count() or 1
        if n_jobs == 1 or total < _PARALLEL_MIN:
            out: list[list[str]] = []
            lemmas = self._lemmas
            for i in range(0, total, _CHUNK):
                out.extend([lemmas(t) for t in texts[i : i + _CHUNK]])
                if progress:
                    progress(min(i + _CHUNK, total), total)
            return out

        workers = n_jobs - 1
        bounds = [*range(0, total, _PIECE), total]
        n_pieces = len(bounds) - 1
        results: list[list[list[str]] | None] = [None] * n_pieces
        done = 0
        front, back = 0, n_pieces  # this process takes pieces[front]; workers were given pieces[back:]
        pending: dict[Any, int] = {}
        lemmas = self._lemmas

        def submit(ex: ProcessPoolExecutor) -> None:
            nonlocal back
            while len(pending) < _IN_FLIGHT * workers and back > front + 1:
                back -= 1
                piece = list(texts[bounds[back] : bounds[back + 1]])
                pending[ex.submit(_worker_run, piece)] = back

        def collect(future: Any) -> None:
            nonlocal done
            lists, classes = future.result()
            results[pending.pop(future)] = lists
            for k, v in classes.items():
                self.word_classes.setdefault(k, v)
            done += len(lists)

        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(self,)) as ex:
            submit(ex)
            while front < back:
                piece = texts[bounds[front] : bounds[front + 1]]
                results[front] = [lemmas(t) for t in piece]
                done += len(piece)
                front += 1
                for future in [f for f in pending if f.done()]:
                    collect(future)
                submit(ex)
                if progress:
                    progress(done, total)
            for future in list(pending):
                collect(future)
                if progress:
                    progress(done, total)
        out = []
        for lists in results:
            assert lists is not None
            out.extend(lists)
        return out

    def tokenize_corpus(
        self,
        corpus: Corpus,
        *,
        cache_dir: str | os.PathLike[str] | None = None,
        n_jobs: int = 1,
        progress: Progress | None = None,
    ) -> TokenizedCorpus:
        """Token lists for the corpus's used documents; documents left with no token become ``too_short``.

        With ``cache_dir``, token lists are stored under a key made of the corpus content hash and the
        tokenizer fingerprint, and the next call on the same corpus reads them instead of tokenizing.
        """
        used = corpus.used
        key = hashlib.sha256(f"{corpus.content_hash}:{self.fingerprint}".encode()).hexdigest()[:32]
        cached = _load_cache(Path(cache_dir), key) if cache_dir else None
        if cached is not None:
            doc_ids, lists, classes = cached
            from_cache = True
        else:
            lists = self.tokenize_many(used["text"].tolist(), n_jobs=n_jobs, progress=progress)
            classes = {w: self.word_classes.get(w, "") for toks in lists for w in toks}
            doc_ids = used["doc_id"].tolist()
            from_cache = False
            if cache_dir:
                _save_cache(Path(cache_dir), key, (doc_ids, lists, classes))
        empty = [d for d, toks in zip(doc_ids, lists, strict=True) if not toks]
        corpus.mark_too_short(empty)
        pairs = [(d, t) for d, t in zip(doc_ids, lists, strict=True) if t]
        return TokenizedCorpus(
            doc_ids=[d for d, _ in pairs],
            tokens=[t for _, t in pairs],
            word_classes=classes,
            cache_key=key,
            from_cache=from_cache,
        )


@dataclass
class TokenizedCorpus:
    """Token lists aligned with ``corpus.used`` (after too-short documents were marked)."""

    doc_ids: list[str]
    tokens: list[list[str]]
    word_classes: dict[str, str]
    cache_key: str
    from_cache: bool

    def __len__(self) -> int:
        return len(self.tokens)


# --- processes -----------------------------------------------------------------------------------------

_CHUNK = 2000  # texts between two progress calls in one process
_PIECE = 1000  # texts per piece of work with several processes (about 25 ms of tokenizing)
_PARALLEL_MIN = 8000  # below this many texts, starting processes costs more than it saves
_IN_FLIGHT = 2  # pieces queued per worker, so a worker never waits for this process to hand out the next one

_WORKER: Tokenizer | None = None
_WORKER_SENT = 0  # word classes already sent back to the parent


def _worker_init(tok: Tokenizer) -> None:
    global _WORKER, _WORKER_SENT
    _WORKER = tok
    _WORKER_SENT = len(tok.word_classes)


def _worker_run(texts: list[str]) -> tuple[list[list[str]], dict[str, str]]:
    """Token lists of ``texts`` and the word classes learnt since the last call (only the new ones)."""
    global _WORKER_SENT
    assert _WORKER is not None
    lemmas = _WORKER._lemmas
    lists = [lemmas(t) for t in texts]
    classes = _WORKER.word_classes
    new = dict(islice(classes.items(), _WORKER_SENT, None)) if len(classes) > _WORKER_SENT else {}
    _WORKER_SENT = len(classes)
    return lists, new


# --- the token cache -------------------------------------------------------------------------------------


def default_cache_dir() -> Path:
    """$DXTEXT_CACHE, else ~/.cache/dxtext (used by the CLI; the library caches only where it is told)."""
    env = os.environ.get("DXTEXT_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "dxtext"


def _load_cache(cache_dir: Path, key: str) -> Any:
    path = cache_dir / "tokens" / f"{key}.pkl"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError):
        return None


def _save_cache(cache_dir: Path, key: str, value: Any) -> None:
    folder = cache_dir / "tokens"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{key}.pkl")
    except OSError:
        pass  # a cache that cannot be written only costs time next run
