"""``dxtext ca``: correspondence analysis (対応分析) of words × groups, themes × groups, or words × documents."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

import numpy as np

from ..errors import DxtextError
from ..i18n import _
from ..progress import Progress, begin
from .inputs import SourceOptions, prepare
from .result import RunResult

if TYPE_CHECKING:
    from ..analysis.rules import ThemeRules
    from ..io.corpus import Corpus

#: a words × documents map labels the documents only up to this many
MAX_LABELLED_DOCS = 40


def ca(
    corpus: Corpus | str | os.PathLike[str],
    *,
    by: str | Sequence[str] | None = None,
    themes: ThemeRules | str | os.PathLike[str] | None = None,
    words: int = 60,
    min_df: int = 5,
    count: str = "frequency",
    dims: int = 5,
    include_missing: bool = False,
    out: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    **source: Unpack[SourceOptions],
) -> RunResult:
    """Correspondence analysis as KH Coder draws it.

    * ``by``: words × the groups of an attribute. Cells are the number of documents of the group that contain
      the word; the ``words`` words (default 60, in at least ``min_df`` documents) whose spread over the
      groups differs most (χ² of the word's groups × 2 table) are analysed. ``count="frequency"`` (KH Coder's
      way, the default): cells are the word's occurrences in the group and the χ² compares them with the
      group's total of words; ``count="documents"``: cells are the documents of the group with the word, and
      the χ² compares them with the group's documents.
    * ``themes`` (a rule file, ``"default"`` for dictionaries/themes.txt) with ``by``: themes × groups.
    * neither: words × documents (units of a record: sections, speakers …), the ``words`` most frequent words.

    Writes ca_biplot.png (first two axes, symmetric map, labels that do not overlap), and as CSV (BOM) and
    ca.xlsx: ca_inertia (principal inertia and share per axis), ca_rows and ca_columns (mass, inertia,
    coordinates, contributions, squared cosines), ca_points (the plotted numbers), ca_table (the analysed
    table) and ca_documents (each document's score: its profile placed as a supplementary point).
    """
    import pandas as pd

    from ..analysis.ca import correspondence, group_table, supplementary_columns, word_chi2
    from ..analysis.matrix import build_dtm
    from ..render.ca_png import draw_biplot
    from ..render.summaries import ca_text
    from .folder import folder_options, make_run_dir, run_key, write_metadata
    from .grouping import XLSX_MAX_ROWS, doc_groups, files_of, params_of, rounded, write_tables

    if themes is not None and by is None:
        raise DxtextError(
            _("--themes needs --by ATTR: the themes are crossed with the groups of an attribute.")
        )
    if words < 2:
        raise DxtextError(_("--words {words}: give at least 2 words.").format(words=words))
    if min_df < 1:
        raise DxtextError(_("--min-df {min_df}: must be at least 1.").format(min_df=min_df))
    if count not in ("frequency", "documents"):
        raise DxtextError(
            _("--count {count}: use frequency (KH Coder's way) or documents.").format(count=count)
        )
    rule_set = None
    if themes is not None:
        from ..analysis.themes import load_rules

        rule_set = load_rules(themes)
    inputs = prepare(corpus, dict(source), command="ca", by=by, progress=progress)
    by = inputs.by
    c, tokenizer, tokens = inputs.corpus, inputs.tokenizer, inputs.tokens
    assert tokenizer is not None and tokens is not None
    begin(progress, "correspondence analysis")
    dtm = build_dtm(tokens.tokens, doc_ids=tokens.doc_ids)
    B = dtm.binary()
    M = dtm.X if count == "frequency" else B  # what a cell counts
    notes: list[str] = []
    warnings = list(inputs.warnings)
    row_name = "word"
    doc_profiles: Any
    if by is not None:
        labels, order, missing = doc_groups(c, tokens, by, include_missing=include_missing)
        if missing:
            notes.append(
                _(
                    "{n:,} documents without a value of {by} are left out (--include-missing keeps them)."
                ).format(n=missing, by=by)
            )
        if rule_set is not None:
            from ..analysis.themes import ThemeCoder

            coded = ThemeCoder(rule_set, tokenizer=tokenizer).fit(tokens, texts=c).coded_
            coded = coded.reindex(tokens.doc_ids).fillna(0).astype(int)
            import scipy.sparse as sp

            TB = sp.csr_matrix(coded.to_numpy())
            table, sizes = group_table(TB, list(coded.columns), labels, order)
            selection = word_chi2(table, sizes).rename("chi2").to_frame()
            selection["documents"] = table.sum(axis=1)
            selection["frequency"] = np.nan
            table = table[table.sum(axis=1) > 0]
            row_name = "theme"
            doc_profiles = TB[:, [list(coded.columns).index(t) for t in table.index]]
        else:
            doc_table, sizes = group_table(B, dtm.vocab, labels, order)
            df = doc_table.sum(axis=1)
            keep_words = df.index[df >= min_df]
            if len(keep_words) < 2:
                raise DxtextError(
                    _(
                        "{v0} words occur in at least {min_df} documents with a value of {by}; lower --min-df."
                    ).format(v0=len(keep_words), min_df=min_df, by=by)
                )
            if count == "frequency":
                table, _ignored = group_table(dtm.X, dtm.vocab, labels, order)
                tok_per_doc = np.asarray(dtm.X.sum(axis=1)).ravel()
                group_words = pd.Series(
                    [float(tok_per_doc[np.asarray(labels, dtype=object) == g].sum()) for g in order],
                    index=order,
                )
                chi = word_chi2(table.loc[keep_words], group_words)
            else:
                table = doc_table
                chi = word_chi2(table.loc[keep_words], sizes)
            chosen = sorted(keep_words, key=lambda w: (-round(float(chi[w]), 9), w))[:words]
            selection = chi.loc[chosen].rename("chi2").to_frame()
            selection["documents"] = doc_table.loc[chosen].sum(axis=1)
            selection["frequency"] = table.loc[chosen].sum(axis=1) if count == "frequency" else np.nan
            table = table.loc[chosen]
            doc_profiles = M[:, [dtm.index()[w] for w in table.index]]
        column_kind = by
    else:
        dfreq = dtm.document_frequency()
        keep = [j for j in np.argsort(-dfreq, kind="stable") if dfreq[j] >= min_df][:words]
        if len(keep) < 2:
            raise DxtextError(
                _("fewer than 2 words occur in at least {min_df} documents; lower --min-df.").format(
                    min_df=min_df
                )
            )
        sub = M[:, np.asarray(keep)]
        has = np.asarray(sub.sum(axis=1)).ravel() > 0
        if has.sum() < 2:
            raise DxtextError(_("fewer than 2 documents contain the chosen words; lower --min-df."))
        table = pd.DataFrame(
            sub[has].toarray().T.astype(np.int64),
            index=[dtm.vocab[j] for j in keep],
            columns=[d for d, h in zip(tokens.doc_ids, has, strict=True) if h],
        )
        selection = pd.DataFrame({"chi2": np.nan, "documents": dfreq[np.asarray(keep)],
                                  "frequency": table.sum(axis=1) if count == "frequency" else np.nan},
                                 index=table.index)  # fmt: skip
        notes.append(
            _("{n:,} documents contain none of the {words} words and are left out.").format(
                n=int((~has).sum()), words=len(keep)
            )
        )
        doc_profiles = sub
        column_kind = "document"
        labels = list(tokens.doc_ids)

    result = correspondence(table)
    warnings += [_("left out (no count): {name}").format(name=d) for d in result.dropped]
    inertia = result.inertia()
    rows = result.rows(dims=dims, name=row_name)
    rows.insert(1, "documents", selection["documents"].reindex(rows[row_name]).to_numpy())
    n_extra = 2
    if count == "frequency" and row_name == "word":
        rows.insert(2, "frequency", selection["frequency"].reindex(rows[row_name]).to_numpy())
        n_extra = 3
    rows.insert(n_extra, "chi2", selection["chi2"].reindex(rows[row_name]).to_numpy())
    cols = result.columns(dims=dims, name=column_kind)
    # a group's documents, or a document's count of the analysed words
    col_size = sizes.reindex(cols[column_kind]).to_numpy() if by is not None else result.table.sum(axis=0)
    cols.insert(1, "documents" if by is not None else "words", np.asarray(col_size))
    if by is not None and count == "frequency" and rule_set is None:
        cols.insert(2, "words", result.table.sum(axis=0).to_numpy())  # occurrences of the analysed words
    scores = supplementary_columns(result, doc_profiles, dims=min(dims, result.n_dims))

    documents = pd.DataFrame({"doc_id": tokens.doc_ids})
    if by is not None:
        documents[by] = labels
    documents["n_rows_present"] = np.asarray(doc_profiles.sum(axis=1)).ravel().astype(int)
    for k in range(scores.shape[1]):
        documents[f"dim{k + 1}"] = scores[:, k]
    n_scored = int(np.isfinite(scores[:, 0]).sum())

    second = 2 if result.n_dims >= 2 else 1
    points = pd.concat(
        [
            pd.DataFrame({"label": rows[row_name], "kind": "row", "x": rows["dim1"],
                          "y": rows[f"dim{second}"] if second == 2 else 0.0,
                          "size": rows["frequency"] if "frequency" in rows else rows["documents"]}),
            pd.DataFrame({"label": cols[column_kind].astype(str), "kind": "column", "x": cols["dim1"],
                          "y": cols[f"dim{second}"] if second == 2 else 0.0, "size": cols.iloc[:, 1]}),
        ],
        ignore_index=True,
    )  # fmt: skip
    plotted = points
    if by is None and len(cols) > MAX_LABELLED_DOCS:
        plotted = points[points["kind"] == "row"]
        notes.append(
            _(
                "the map shows the words only ({n:,} documents; their coordinates are in ca_columns.csv)."
            ).format(n=len(cols))
        )

    params = params_of(by=by, themes=rule_set.source if rule_set else None, words=words, min_df=min_df,
                       count=count, dims=dims, include_missing=include_missing)  # fmt: skip
    key = run_key(c.content_hash, tokenizer.fingerprint, rule_set.sha256 if rule_set else None, params)
    folder = make_run_dir(
        Path(out) if out is not None else Path("outputs"),
        "ca",
        c.name,
        key,
        **folder_options(params, source, ca),
    )
    what = f"{'テーマ' if rule_set else '語'} × {by or '文書'}"
    drawn = draw_biplot(
        rounded(plotted),
        inertia,
        folder / "ca_biplot.png",
        title=f"対応分析: {what}（{c.name}）",
        subtitle=f"{len(rows)} {'テーマ' if rule_set else '語'} × {len(cols)} {by or '文書'}; "
        f"成分1・2で慣性の {inertia['percent'].head(2).sum():.1f}%; 対称マップ（主座標）",
    )
    if drawn["overlaps"]:
        warnings.append(
            _("ca_biplot.png: {n} label pairs overlap (too crowded); lower --words.").format(
                n=drawn["overlaps"]
            )
        )
    tables = {
        "ca_inertia": rounded(inertia),
        "ca_rows": rounded(rows),
        "ca_columns": rounded(cols),
        "ca_points": rounded(points),
        "ca_table": result.table.rename_axis(row_name).reset_index(),
        "ca_documents": rounded(documents),
    }
    write_tables(folder, tables, workbook="ca.xlsx")
    write_metadata(
        folder, command="ca", corpus=c, params=params, tokenizer=tokenizer,
        extra={"rules": rule_set.metadata() if rule_set else None, "total_inertia": round(result.total_inertia, 8),
               "documents_scored": n_scored},
    )  # fmt: skip
    if len(documents) > XLSX_MAX_ROWS:
        notes.append(
            _("ca_documents.csv has the {n:,} document scores (too many rows for ca.xlsx).").format(
                n=len(documents)
            )
        )
    notes.append(_("wrote {path}").format(path=folder))
    return RunResult(
        command="ca",
        folder=folder,
        files=files_of(folder),
        tables=tables,
        text=ca_text(inertia, rows, cols, row_name=row_name, column_name=column_kind, n_scored=n_scored),
        notes=[*inputs.notes, *notes],
        warnings=warnings,
        open=folder / "ca_biplot.png",
        data={"ca": result},
    )
