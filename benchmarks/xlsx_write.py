"""Benchmark: writing a workbook with dxtext's own XLSX writer (dxtext.render.xlsx_writer, through write_xlsx)
against the openpyxl write-only path it replaced, on the same sheets, in the same process, alternating.

    .venv/bin/python benchmarks/xlsx_write.py [--repeat 3]

Data: ../shared/corpora/fukui-tourism-survey (answers.csv joined with respondents.csv) — 福井県観光連盟 (Fukui
Tourism Federation), FTAS open data, licence CC BY 4.0. The frame has the answers' rows (57,483) and 30
columns like a document × topic table: 6 text columns (ids, question, the answer, two attributes), 20 topic
shares (floats), 3 ints (member id, length, dominant topic) and one more text column (area); write_xlsx caps
it at 300,000 cells (10,000 rows) and adds the notes sheet. A second sheet of 20 rows stands for topics.

Printed: best wall time of each writer, file sizes, and the ratio new / old; also the new writer with inline
strings instead of the shared-strings table (the choice between the two was made on these numbers).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import re  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

FUKUI = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "fukui-tourism-survey"


def frame() -> pd.DataFrame:
    answers = pd.read_csv(FUKUI / "answers.csv", dtype=str, keep_default_na=False)
    people = pd.read_csv(FUKUI / "respondents.csv", dtype=str, keep_default_na=False)
    people = people[["response_no", "会員ID", "性別", "年代", "回答エリア"]].drop_duplicates("response_no")
    df = answers.merge(people, on="response_no", how="left").fillna("")
    rng = np.random.default_rng(1)
    shares = rng.dirichlet(np.full(20, 0.3), size=len(df))
    out = df[["answer_id", "response_no", "question_code", "text", "性別", "年代"]].copy()
    for k in range(20):
        out[f"topic_{k + 1}"] = shares[:, k]
    out["member"] = pd.to_numeric(df["会員ID"], errors="coerce").fillna(0).astype(int)
    out["n_chars"] = df["text"].str.len().astype(int)
    out["dominant"] = shares.argmax(axis=1) + 1
    out["area"] = df["回答エリア"]
    return out


def old_write_xlsx(sheets: dict[str, pd.DataFrame], path: Path) -> None:
    """write_xlsx as it was before dxtext.render.xlsx_writer (commit 1ba5a59): openpyxl write-only mode,
    the same cap, notes sheet, widths and headings, then the zip rewritten with fixed times."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    from dxtext.i18n import sheet
    from dxtext.render.tables import _BIDI, _SHEET_BAD, _display_width, capped_sheets, headings

    illegal = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

    def value(v: object) -> object:
        if v is None or v is pd.NA or v is pd.NaT:
            return None
        if isinstance(v, float) and v != v:
            return None
        if isinstance(v, str):
            return _BIDI.sub("", illegal.sub("", v))
        if hasattr(v, "item"):
            return v.item()
        return v

    def cell(ws, v):  # type: ignore[no-untyped-def]
        if isinstance(v, str) and v.startswith("="):
            c = WriteOnlyCell(ws, value=v)
            c.data_type = "s"
            return c
        return v

    cut = capped_sheets(sheets)
    if cut:
        note = pd.DataFrame(
            [
                {"sheet": n, "rows_here": h, "rows_in_table": t, "note": f"{h} of {t}"}
                for n, (h, t) in cut.items()
            ]
        )
        sheets = {**sheets, "notes": note}
    wb = Workbook(write_only=True)
    for name, fr in sheets.items():
        if str(name) in cut:
            fr = fr.iloc[: cut[str(name)][0]]
        ws = wb.create_sheet(_SHEET_BAD.sub("_", sheet(str(name)))[:31])
        ws.freeze_panes = "A2"
        sample = fr.head(200)
        for i, col in enumerate(fr.columns, 1):
            values = [str(col)] + [str(v) for v in sample.iloc[:, i - 1].tolist()]
            ws.column_dimensions[get_column_letter(i)].width = min(
                60, max(8, max(map(_display_width, values)) + 2)
            )
        ws.append([cell(ws, value(str(c))) for c in headings(fr.columns)])
        for row in fr.itertuples(index=False, name=None):
            ws.append([cell(ws, value(v)) for v in row])
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(fixed, data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    from dxtext.render import xlsx_writer
    from dxtext.render.tables import write_xlsx

    df = frame()
    topics = pd.DataFrame({"topic": range(1, 21), "words": ["観光 福井 温泉 食事 景色"] * 20})
    sheets = {"doc_topics": df, "topics": topics}
    print(f"frame: {len(df):,} rows x {len(df.columns)} columns; workbook capped at 300,000 cells per sheet")

    def inline(s, p):  # type: ignore[no-untyped-def]
        real = xlsx_writer.write_workbook
        xlsx_writer_mod = sys.modules["dxtext.render.tables"]
        xlsx_writer_mod.write_workbook = lambda sh, t: real(sh, t, inline_strings=True)  # type: ignore[attr-defined]
        try:
            write_xlsx(s, p)
        finally:
            xlsx_writer_mod.write_workbook = real  # type: ignore[attr-defined]

    writers = {
        "openpyxl write-only (old)": old_write_xlsx,
        "xlsx_writer (new)": write_xlsx,
        "xlsx_writer inline": inline,
    }
    best = {name: float("inf") for name in writers}
    size = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(a.repeat):
            for i, (name, write) in enumerate(writers.items()):
                p = Path(tmp) / f"{i}.xlsx"
                t = time.perf_counter()
                write(sheets, p)
                best[name] = min(best[name], time.perf_counter() - t)
                size[name] = p.stat().st_size
    for name in writers:
        print(f"{name:28} {best[name]:6.2f} s   {size[name] / 1e6:5.2f} MB")
    old, new = best["openpyxl write-only (old)"], best["xlsx_writer (new)"]
    print(f"new / old = {new / old:.2f} ({old / new:.1f}x faster)")


if __name__ == "__main__":
    main()
