"""``dxtext report``: the study-group summary — themes (and, briefly, topics) in Markdown, a self-contained
offline HTML page and an XLSX of every table.

The run calls the analyses (theme coding, crosstabs, theme profiles with characteristic words and quotes,
networks, a topic model) and then the renderers (:mod:`dxtext.render.report` builds the document's blocks,
:mod:`dxtext.render.blocks` writes Markdown and HTML, :mod:`dxtext.render.tables` the workbook). Quotes are
masked (names, phone numbers, e-mail addresses, 12-digit numbers) unless ``mask=False``; with masking on,
words tagged 人名 are also kept out of word lists, networks and topics.

Layout, meant to be read in five minutes: what was analysed (the ledger, dictionary and rule hashes) → one
overview table → per theme: how many, which groups stand out (in words, from the adjusted residuals),
characteristic words, a small co-occurrence network and 3–5 quotes in full → topics in one table → the
overlap of themes → the parameters to reproduce it.

Slow, deterministic steps are cached (theme coding, the topic fit, the PNGs) under keys of their inputs, in an
integrity-checked cache (:mod:`dxtext.cache`): a damaged entry is recomputed, never used.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

import numpy as np
import pandas as pd

from ..analysis.network.subsets import subset_matrices
from ..analysis.profiles import (
    CITED_COLUMNS,
    MIN_DOCS_FOR_WORDS,
    Masker,
    ThemeWords,
    theme_profile,
    topic_overview,
    without_names,
)
from ..analysis.themes.index import same_ids
from ..errors import DxtextError
from ..i18n import _
from ..memory import release
from ..progress import Progress
from ..render.blocks import _Doc, render_html, render_markdown
from ..render.report import (
    opening,
    overlap_section,
    overview,
    reproduce_section,
    sheets_of,
    theme_section,
    topic_section,
)
from ..text.tokens import release_taggers
from .inputs import SourceOptions, check_seed, prepare
from .report_steps import (
    DEFAULT_TOPICS,
    NETWORK_WORDS,
    REPORT_VERSION,
    PngCache,
    coded_themes,
    draw_networks,
    fit_topics,
    reproduce_command,
)
from .result import RunResult

if TYPE_CHECKING:
    from ..analysis.rules import ThemeRules
    from ..io.corpus import Corpus
    from ..text.tokenize import TokenizedCorpus, Tokenizer

__all__ = ["Report", "build_report", "report"]


@dataclass
class Report:
    """What :func:`build_report` wrote, and the Markdown text."""

    folder: Path
    markdown: Path
    html: Path
    xlsx: Path
    docx: Path
    images: list[Path]
    text: str
    sheets: dict[str, pd.DataFrame]
    timings: dict[str, float]
    topics_from_cache: bool = False
    notes: list[str] = field(default_factory=list)


def report(
    corpus: Corpus | str | os.PathLike[str],
    *,
    rules: ThemeRules | str | os.PathLike[str] | None = None,
    by: str | Sequence[str] | None = None,
    mask: bool = True,
    topics: int | None = DEFAULT_TOPICS,
    quotes: int = 3,
    network: bool = True,
    seed: int = 1,
    title: str | None = None,
    note: str | None = None,
    out: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    **source: Unpack[SourceOptions],
) -> RunResult:
    """The summary for the meeting packet. For each theme: how many documents, which groups stand out (``by``:
    from χ² and adjusted residuals, in words), characteristic words, a small co-occurrence network
    (``network``) and ``quotes`` quotes in full with personal data masked (``mask``); then ``topics`` topics in
    one table (0: none), the overlap of themes, and everything needed to reproduce it.

    Writes report.md (pastes into a meeting document), report.html (self-contained, works offline),
    report.xlsx (every table), report.docx (Word, the same document) and img/*.png into a run folder under
    ``out`` (default ``outputs``).
    """
    from ..analysis.themes import load_rules
    from .folder import folder_options, make_run_dir, run_key, write_metadata
    from .themes import rule_word_messages

    started = time.perf_counter()
    rule_set = load_rules(rules or "default")
    if not 1 <= quotes <= 10:
        raise DxtextError(
            _("--quotes {quotes}: give 1–10 quotes per theme (3–5 read best).").format(quotes=quotes)
        )
    if topics is not None and (topics < 0 or topics == 1):
        raise DxtextError(
            _(
                "--topics {topics}: give 0 (no topic section), a number of topics of at least 2, or leave it out (the model and K of dxtext topics)."
            ).format(topics=topics)
        )
    check_seed(seed)
    inputs = prepare(corpus, dict(source), command="report", by=by, progress=progress)
    by_given = [by] if isinstance(by, str) else list(by or [])
    by = inputs.by
    c, tokenizer, tokens = inputs.corpus, inputs.tokenizer, inputs.tokens
    assert tokenizer is not None and tokens is not None
    params = {
        "rules_sha256": rule_set.sha256,
        "by": by,
        "mask": mask,
        "topics": topics,
        "quotes": quotes,
        "network": network,
        "seed": seed,
        "title": title,
        "note": note,
    }
    key = run_key(c.content_hash, tokenizer.fingerprint, params)
    folder = make_run_dir(
        Path(out) if out is not None else Path("outputs"),
        "report",
        c.name,
        key,
        **folder_options({**params, "rules": None if rules in (None, "default") else rules}, source, report),
    )
    command = reproduce_command(
        c,
        rules=rule_set,
        source=source,
        by=by_given or None,
        mask=mask,
        topics=topics,
        quotes=quotes,
        network=network,
        seed=seed,
        title=title,
        note=note,
    )
    built = build_report(
        c,
        tokens,
        out_dir=folder,
        tokenizer=tokenizer,
        rules=rule_set,
        by=by,
        mask=mask,
        topics=topics,
        quotes=quotes,
        network=network,
        seed=seed,
        title=title,
        note=note,
        command=command,
        cache_dir=inputs.cache_dir,
        progress=progress,
        own_corpus=True,
    )
    write_metadata(
        folder,
        command="report",
        corpus=c,
        params=params,
        tokenizer=tokenizer,
        # no timings or cache hits here: the same input and options write the same bytes
        extra={"rules": rule_set.metadata()},
    )
    warnings, word_notes = rule_word_messages(built.sheets["rule_words"])
    if not mask:
        warnings.append(_("quotes are NOT masked (--no-mask): do not share this report outside the team."))
    files = [
        "report.md",
        "report.html",
        "report.xlsx",
        "report.docx",
        *(f"img/{p.name}" for p in built.images),
    ]
    return RunResult(
        command="report",
        folder=folder,
        files=[*files, "metadata.json", "ledger.json"],
        tables=built.sheets,
        text=str(folder),
        notes=[
            *inputs.notes,
            *word_notes,
            *built.notes,
            _("wrote {path}").format(
                path=f"{built.markdown.name}, {built.html.name}, {built.xlsx.name}, {built.docx.name} "
                f"({time.perf_counter() - started:.1f} s)"
            ),
        ],
        warnings=[*inputs.warnings, *warnings],
        open=built.html,
        data={"report": built, "timings": built.timings, "topics_from_cache": built.topics_from_cache},
    )


def build_report(
    corpus: Corpus,
    tokenized: TokenizedCorpus,
    *,
    out_dir: str | os.PathLike[str],
    tokenizer: Tokenizer,
    rules: ThemeRules | str | os.PathLike[str] = "default",
    by: str | None = None,
    mask: bool = True,
    topics: int | None = DEFAULT_TOPICS,
    quotes: int = 3,
    network: bool = True,
    seed: int = 1,
    title: str | None = None,
    note: str | None = None,
    command: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    own_corpus: bool = False,
) -> Report:
    """Write report.md, report.html (offline, self-contained), report.xlsx, report.docx and img/*.png into ``out_dir``.

    ``corpus``/``tokenized``: the corpus and its tokens (``tokenizer.tokenize_corpus(corpus)``); ``rules``:
    theme rules (path, "default" or :class:`~dxtext.analysis.themes.ThemeRules`); ``by``: attribute to compare groups
    by; ``mask``: mask personal data in quotes (and keep 人名 out of word lists); ``topics``: number of topics
    (fixed K, 0 = no topic section); ``quotes``: quotes per theme (3–5); ``network``: a co-occurrence network
    PNG per theme; ``note``: a line for the opening (e.g. the source and licence of the data); ``command``:
    the command line shown under "reproduce"; ``cache_dir``: where the fitted topic model is cached (keyed by
    the tokens, K and seed), so a re-run skips the fit. ``own_corpus``: the corpus is the caller's to give
    up (:func:`report`'s own) — once the themes are coded, its frame keeps only the document ids and statuses
    (the report reads its own copies of the texts, groups and cited columns).
    """
    from ..analysis.matrix import build_dtm
    from ..analysis.themes import crosstab, load_rules

    if not 1 <= quotes <= 10:
        raise DxtextError(
            _("--quotes {quotes}: give 1–10 quotes per theme (3–5 read best).").format(quotes=quotes)
        )
    if topics is not None and (topics < 0 or topics == 1):
        raise DxtextError(
            _(
                "--topics {topics}: give 0 (no topic section), a number of topics of at least 2, or leave it out (the model and K of dxtext topics)."
            ).format(topics=topics)
        )
    if by is not None:
        corpus.check_attribute(by)
    say = (lambda stage: progress(stage, 0, 0)) if progress is not None else (lambda stage: None)
    notes: list[str] = []
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        release_taggers(tokenizer)  # MeCab's dictionary pages (quotes are masked by parsing them)
        release()  # a stage's freed memory back to the system before the next one
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    folder = Path(out_dir)
    img_dir = folder / "img"
    img_dir.mkdir(parents=True, exist_ok=True)
    rule_set = load_rules(rules)
    n_docs = len(tokenized)
    if n_docs == 0:
        raise DxtextError(
            _(
                "{name}: no document with words to analyse; check the text column (dxtext corpus info)."
            ).format(name=corpus.name)
        )

    say("themes")
    coder = coded_themes(rule_set, tokenized, corpus, tokenizer, cache_dir)
    coded = coder.coded_
    # only the columns the report reads (texts, groups, what a quote cites): the whole frame of a large survey
    # with its joined respondent attributes is copied twice otherwise (filtered, then reindexed)
    columns = dict.fromkeys(["doc_id", "text", *([by] if by else []), *CITED_COLUMNS])
    if own_corpus:
        # no later stage reads the other columns (the respondent attributes joined to every answer that no
        # rule asked for: most of a large survey's frame); the corpus is the run's own, so they are let go
        corpus.docs = corpus.docs[[c for c in corpus.docs.columns if c in columns or c == "status"]]
        release()
    used = corpus.used_columns(*(c for c in columns if c in corpus.docs.columns))
    if same_ids(used["doc_id"], coded.index):
        # the coded documents are the used rows in order (the usual case): the coded index is shared, not
        # matched by a hash of a million ids (kept by pandas for as long as the frames live)
        used = used.set_axis(coded.index)
    else:
        used = used.set_index(used["doc_id"].astype(str)).reindex(coded.index)
    texts = used["text"].fillna("").astype(str)
    groups = used[by].fillna("").astype(str) if by else None
    if own_corpus:
        # from here on the report reads these copies; the ids and statuses stay (content_hash is memoised on them)
        corpus.docs = corpus.docs[["doc_id", "status"]]
        release()
    ct = crosstab(coded, groups, attribute=by) if by else None  # type: ignore[arg-type]
    lap("themes")

    say("matrix")
    dtm = build_dtm(tokenized.tokens, doc_ids=tokenized.doc_ids, min_df=1)
    if mask:
        dtm = without_names(dtm, tokenized.word_classes)
    B = dtm.binary().tocsr()
    lap("matrix")

    masker = Masker(tokenizer if mask else None)
    images: list[Path] = []
    sheets: dict[str, pd.DataFrame] = {}
    doc = _Doc()
    title = title or f"{corpus.name}: テーマ別の要約"
    doc.h(1, title)

    # -- opening --
    settings = (
        f"比較: {by or 'なし'} / 引用: テーマごとに最大 {quotes} 件 / トピック: "
        + (
            "dxtext topics と同じモデル (K はデータから選択)"
            if topics is None
            else f"K={topics} (固定、dxtext topics --k {topics} と同じモデル)"
            if topics
            else "なし"
        )
        + f" / 共起ネットワーク: {'あり' if network else 'なし'} / seed {seed}"
    )
    opening(
        doc, corpus, tokenizer, rule_set, n_docs=n_docs, by=by, ct=ct, mask=mask, note=note, settings=settings
    )

    # -- per theme analysis --
    say("theme sections")
    theme_info = []
    quoted: set[int] = set()  # documents already quoted under an earlier theme
    words = ThemeWords.of(coded, list(rule_set.names), B, dtm, tokenized.word_classes, texts)
    for k, name in enumerate(rule_set.names, 1):
        in_theme = coded[name].to_numpy(dtype=bool)
        info = theme_profile(
            name,
            k,
            in_theme,
            coder=coder,
            B=B,
            words=words,
            ct=ct,
            texts=texts,
            groups=groups,
            used=used,
            by=by,
            quotes=quotes,
            masker=masker,
            quoted=quoted,
        )
        theme_info.append(info)
    lap("theme analysis")

    pngs = PngCache(cache_dir, tokenized.cache_key, mask=mask, seed=seed)
    if network:
        say("networks")
        drawn = [info for info in theme_info if info["n"] >= MIN_DOCS_FOR_WORDS]
        paths = [img_dir / f"theme{info['k']:02d}_network.png" for info in drawn]
        keys = [pngs.key(("network", info["name"], np.packbits(info["mask"]).tobytes())) for info in drawn]
        made = [pngs.fetch(key, path) for key, path in zip(keys, paths, strict=True)]
        missing = [i for i, (found, _p) in enumerate(made) if not found]
        if missing:
            # every missing theme's matrix from one pass over the word matrix, then the figures drawn
            rows = [drawn[i]["k"] - 1 for i in missing]
            subsets = subset_matrices(
                dtm,
                [drawn[i]["mask"] for i in missing],
                words=NETWORK_WORDS,
                min_df=2,
                least=3,
                counts=(words.tf[rows], words.df[rows]),
            )
            jobs = [(subsets[j], paths[i], drawn[i]["name"]) for j, i in enumerate(missing)]
            del subsets
            for i, png in zip(missing, draw_networks(jobs, seed=seed), strict=True):
                pngs.store(keys[i], png)
                made[i] = (True, png)
            del jobs
        for info, (_found, png) in zip(drawn, made, strict=True):
            if png is not None:
                info["network"] = png
                images.append(png)
        lap("networks")
    # the word matrices and the cited columns are done with: not held while the topic model fits
    del dtm, B, words, used
    release()

    heatmap = None
    if ct is not None:
        from ..render.themes_png import crosstab_heatmap

        heatmap = pngs.get(
            img_dir / "crosstab_heatmap.png",
            ("heatmap", ct.attribute, ct.counts.to_json(), ct.tests.to_json()),
            lambda p: crosstab_heatmap(ct, p),
        )
        if heatmap is not None:
            images.append(heatmap)
        lap("heatmap")

    clickable = None
    if ct is not None and groups is not None:
        from ..render.crosstab_html import crosstab_fragment

        # a click on a cell lists its documents (masked like the quotes), at most 20 a cell to keep the page small
        # the texts of the listed documents only (a dict of every text was most of this step at 16x)
        at = ct.cell_positions(coded, groups, limit=20)
        ids = coded.index
        cells = {cell: (n, [str(ids[i]) for i in rows]) for cell, (n, rows) in at.items()}
        listed = np.unique(np.concatenate([np.zeros(0, np.int64), *(rows for _, rows in at.values())]))
        cited = dict(zip([str(ids[i]) for i in listed], texts.iloc[listed].tolist(), strict=True))
        clickable = crosstab_fragment(ct, cells, cited, uid="report", mask=masker)
        lap("clickable crosstab")
    overview(doc, theme_info, n_docs=n_docs, ct=ct, heatmap=heatmap, clickable=clickable)
    doc.h(2, "テーマ別の内容", "themes")
    for info in theme_info:
        theme_section(doc, info, ct=ct)

    # -- topics --
    topics_cached = False
    if topics != 0:
        say("topics")
        topic_result, why_not = fit_topics(
            tokenized, k=topics, seed=seed, mask=mask, tokenizer=tokenizer, cache_dir=cache_dir
        )
        lap("topics fit")
        if topic_result is not None:
            topics_cached = bool(topic_result.get("from_cache"))
            ov = topic_overview(topic_result, texts=texts, groups=groups, by=by, masker=masker)
            ov["k_reason"] = topic_result["k_reason"]
            topic_section(doc, ov, sheets=sheets)
        else:
            notes.append(_("the topic section is left out: {why}").format(why=why_not))
            doc.h(2, "発見されたトピック", "topics")
            doc.p(f"トピックの節は省きました: {why_not}")
        lap("topics section")

    # -- overlap of themes --
    from ..analysis.themes import cooccurrence_pairs

    pairs = cooccurrence_pairs(coded)
    overlap_section(doc, pairs)

    # -- reproduce --
    params = {
        "by": by,
        "mask": mask,
        "topics": topics,
        "quotes": quotes,
        "network": network,
        "seed": seed,
        "report_version": REPORT_VERSION,
    }
    reproduce_section(doc, corpus, tokenizer, rule_set, params=params, command=command)

    # -- tables --
    sheets = sheets_of(
        theme_info, coder=coder, ct=ct, pairs=pairs, corpus=corpus, params=params, extra=sheets
    )

    say("writing")
    from ..render.tables import write_text, write_xlsx

    md_text = render_markdown(doc.blocks, base=folder)
    md_path = write_text(md_text, folder / "report.md")
    html_path = write_text(render_html(doc.blocks, title=title), folder / "report.html")
    xlsx_path = write_xlsx(sheets, folder / "report.xlsx")
    from ..render.docx_report import render_docx

    docx_path = render_docx(doc.blocks, folder / "report.docx", title=title)
    lap("writing")
    return Report(
        folder=folder,
        markdown=md_path,
        html=html_path,
        xlsx=xlsx_path,
        docx=docx_path,
        images=images,
        text=md_text,
        sheets=sheets,
        timings=timings,
        topics_from_cache=topics_cached,
        notes=notes,
    )
