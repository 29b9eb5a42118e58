"""Hostile use of the newer commands and options: --where, --by A --by B, --header-row, --unit speaker on a table
of utterances, --role, --keep-procedure, and ca / cluster / assoc / compare / dtm on files and filters that leave
nothing, on spreadsheets as other programs write them, and with options given twice."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from hostile_helpers import REPO, answers
from hostile_helpers import cli as cli  # the fixture
from openpyxl import Workbook, load_workbook

from dxtext.io.corpus import read_corpus

SURVEY = REPO / "corpora" / "dx_survey_2025.csv"
UTTERANCES = REPO / "corpora" / "minutes" / "higashihara-utterances-sample.csv"
NEW_COMMANDS = [
    ["ca", "--by", "人口規模"],
    ["cluster"],
    ["assoc", "@PATH@", "窓口"],
    ["compare", "--by", "人口規模"],
    ["dtm"],
]
EVERY_COMMAND = [
    ["freq"],
    ["kwic", "@PATH@", "窓口"],
    ["topics"],
    ["network"],
    ["themes"],
    ["report"],
    *NEW_COMMANDS,
]


def _args(command: list[str], path: Path, *more: str) -> list[str]:
    """The command line with the corpus path in place (after the command name unless marked)."""
    if "@PATH@" in command:
        return [*(str(path) if a == "@PATH@" else a for a in command), *more]
    return [command[0], str(path), *command[1:], *more]


def _last_run(tmp_path: Path) -> Path:
    runs = sorted(
        (p for p in (tmp_path / "outputs").iterdir() if p.name != "latest"), key=lambda p: p.stat().st_mtime
    )
    return runs[-1]


# --- filters that leave nothing -----------------------------------------------------------------------------


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=lambda c: c[0])
def test_where_that_keeps_no_document_is_one_line(command: list[str], cli) -> None:  # type: ignore[no-untyped-def]
    """Each condition matches, but not together: every command says so, names the conditions and the counts,
    and writes nothing (freq and themes wrote empty tables and exited 0)."""
    r = cli(*_args(command, SURVEY, "--where", "地方=関東", "--where", "地方=近畿"))
    r.clean_error(
        "no document left to analyse", "--where 地方=関東 and --where 地方=近畿", "500 documents", "loosen"
    )


def test_corpus_info_still_shows_the_ledger_of_a_where_that_keeps_nothing(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("corpus", "info", SURVEY, "--where", "地方=関東", "--where", "地方=近畿")
    r.ok()
    assert "balanced" in r.out


@pytest.mark.parametrize("command", NEW_COMMANDS, ids=lambda c: c[0])
def test_where_value_that_matches_nothing_names_the_values(command: list[str], cli) -> None:  # type: ignore[no-untyped-def]
    r = cli(*_args(command, SURVEY, "--where", "地方=火星"))
    r.clean_error("--where 地方=火星", "no document has 地方=火星", "関東")


@pytest.mark.parametrize("command", NEW_COMMANDS, ids=lambda c: c[0])
def test_where_on_an_unknown_attribute_names_the_attributes(command: list[str], cli) -> None:  # type: ignore[no-untyped-def]
    r = cli(*_args(command, SURVEY, "--where", "惑星=火星"))
    r.clean_error("no attribute '惑星'", "地方")


def test_where_that_leaves_one_group_for_compare(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("compare", SURVEY, "--by", "人口規模", "--where", "人口規模=5万人未満")
    r.clean_error("--by 人口規模", "only one group")


# --- roles and procedure ------------------------------------------------------------------------------------


def test_role_that_no_speaker_has_is_one_line_and_the_ledger_adds_up(cli) -> None:  # type: ignore[no-untyped-def]
    """The committee record has no witness: 22 procedural + 27 filtered = 49 rows, none used."""
    r = cli("freq", UTTERANCES, "--unit", "speaker", "--role", "witness")
    r.clean_error(
        "no document left to analyse", "49 documents", "22 procedural", "27 left out", "--role witness"
    )
    corpus = read_corpus(UTTERANCES, unit="speaker")
    assert corpus.ledger.totals["documents"] == 49 and corpus.ledger.balanced()


@pytest.mark.parametrize("role", ["議長", "members", "chair,委員"])
def test_unknown_role_names_the_roles(role: str, cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("freq", UTTERANCES, "--unit", "speaker", "--role", role)
    r.clean_error("unknown role", "chair, member, executive, witness, clerk, other")


def test_role_of_only_commas_is_refused(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("freq", UTTERANCES, "--unit", "speaker", "--role", ",")
    r.clean_error("no role named")


def test_role_on_a_survey_is_one_line(cli) -> None:  # type: ignore[no-untyped-def]
    cli("freq", SURVEY, "--role", "member").clean_error("no speaker roles")


def _all_procedural(tmp_path: Path) -> Path:
    p = tmp_path / "procedure.csv"
    with open(p, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["発言者", "発言"])
        for line in (
            "○委員長　ただいまから会議を開きます。",
            "○委員長　休憩いたします。",
            "○委員長　再開いたします。",
            "○委員長　本日はこれにて散会いたします。",
        ):
            w.writerow(["委員長", line])
    return p


@pytest.mark.parametrize("command", [["freq"], ["topics"], ["dtm"], ["cluster"]], ids=lambda c: c[0])
def test_table_of_only_procedure_says_keep_procedure(
    command: list[str],
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    r = cli(*_args(command, _all_procedural(tmp_path), "--unit", "speaker"))
    r.clean_error("no document left to analyse", "4 procedural", "--keep-procedure")


def test_table_of_only_procedure_with_keep_procedure_is_read(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("freq", _all_procedural(tmp_path), "--unit", "speaker", "--keep-procedure")
    r.ok()
    ledger = json.loads((_last_run(tmp_path) / "ledger.json").read_text(encoding="utf-8"))
    assert ledger["totals"]["documents"] == 4 and ledger["totals"]["procedural"] == 0 and ledger["balanced"]


# --- options given twice ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args,shown",
    [
        (["compare", SURVEY, "--by", "人口規模", "--by", "部署"], "--by 人口規模 --by 部署"),
        (["topics", SURVEY, "--k", "3", "--k=5"], "--k 3 --k 5"),
        (["assoc", SURVEY, "窓口", "--measure", "jaccard", "--measure", "lift"], "--measure jaccard"),
        (["freq", SURVEY, "--header-row", "1", "--header-row", "2"], "--header-row 1 --header-row 2"),
        (["dict", "list", "--class", "普通名詞", "--class", "固有名詞"], "--class 普通名詞"),
    ],
)
def test_an_option_of_one_value_given_twice_is_refused(args: list[object], shown: str, cli) -> None:  # type: ignore[no-untyped-def]
    """Click kept the last value: compare --by A --by B compared by B alone, without a word."""
    cli(*args).clean_error(shown, "give it once")


def test_the_same_value_twice_and_options_that_repeat_are_fine(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    cli("freq", SURVEY, "--by", "人口規模", "--by", "部署", "--top", "5").ok()  # --by of freq crosses two
    cli("freq", SURVEY, "--top", "5", "--top", "5").ok()


def test_by_the_same_attribute_twice_is_refused(cli) -> None:  # type: ignore[no-untyped-def]
    cli("themes", SURVEY, "--by", "人口規模", "--by", "人口規模").clean_error("given twice")


def test_ca_crosses_two_attributes(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    cli("ca", SURVEY, "--by", "人口規模", "--by", "地方").ok()
    assert (_last_run(tmp_path) / "ledger.json").is_file()


# --- files as other programs write them ---------------------------------------------------------------------


@pytest.mark.parametrize("command", [*NEW_COMMANDS, ["corpus", "info"]], ids=lambda c: c[0])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl", ".txt"])
def test_zero_byte_file(command: list[str], suffix: str, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / f"empty{suffix}"
    p.write_bytes(b"")
    args = ["corpus", "info", str(p)] if command[0] == "corpus" else _args(command, p)
    cli(*args).clean_error(str(p), "empty (0 bytes)")


@pytest.mark.parametrize("command", NEW_COMMANDS, ids=lambda c: c[0])
def test_folder_given_as_the_file(command: list[str], tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "answers.csv"
    folder.mkdir()
    cli(*_args(command, folder)).clean_error(str(folder), "is a folder")


def test_folder_given_as_attrs_or_rules(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    cli("freq", SURVEY, "--attrs", tmp_path, "--on", "回答ID").clean_error("is a folder")
    cli("compare", SURVEY, "--by", "人口規模", "--rules", tmp_path).clean_error("is a folder")


def _title_merged_xlsx(tmp_path: Path) -> Path:
    """A title merged across the table, a notes row, a blank row, the header in row 4, and the group column
    merged over each group's rows — as a municipal office lays it out for print."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "令和6年度 市民アンケート 自由記述一覧"
    ws.merge_cells("A1:D1")
    ws["A2"] = "出典: 市役所 企画課"
    ws.append([])
    ws.append(["id", "人口規模", "年代", "text"])
    for i, text in enumerate(answers(16), 1):
        ws.cell(4 + i, 1, i)
        ws.cell(4 + i, 3, "20代" if i % 2 else "30代")
        ws.cell(4 + i, 4, text)
    for first, last, value in ((5, 9, "5万人未満"), (10, 14, "5〜20万人"), (15, 20, "20〜50万人")):
        ws.cell(first, 2, value)
        ws.merge_cells(f"B{first}:B{last}")
    p = tmp_path / "title_merged.xlsx"
    wb.save(p)
    return p


def test_xlsx_with_title_rows_and_merged_cells_filtered_by_where(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = _title_merged_xlsx(tmp_path)
    r = cli("dtm", p, "--id-col", "id", "--where", "人口規模=5〜20万人", "--where", "年代=20代")
    r.ok()
    assert "row 4 is taken as the header" in r.err and "merged" in r.err
    run = _last_run(tmp_path)
    docs = pd.read_csv(run / "documents.csv", encoding="utf-8-sig", dtype=str)
    # ids 6–10 sit in rows 10–14, merged to 5〜20万人; the odd ids are 20代
    assert sorted(docs["doc_id"].tolist(), key=int) == ["7", "9"]
    ledger = json.loads((run / "ledger.json").read_text(encoding="utf-8"))
    assert ledger["totals"]["documents"] == 16 and ledger["totals"]["filtered"] == 14 and ledger["balanced"]


def test_xlsx_header_row_given_below_the_header_warns_of_the_rows_skipped(tmp_path: Path) -> None:
    corpus = read_corpus(_title_merged_xlsx(tmp_path), header_row=5)
    assert any("--header-row 5 skips 4 rows" in w and "row 4" in w for w in corpus.ledger.warnings)


def test_csv_header_row_below_the_header_warns_of_the_rows_skipped(cli) -> None:  # type: ignore[no-untyped-def]
    """--header-row 3 on a file whose header is row 1 takes an answer row as the column names: said."""
    r = cli("freq", SURVEY, "--header-row", "3", "--top", "3")
    r.ok()
    assert "--header-row 3 skips 2 rows above it, 2 of them with values in several columns" in r.err
    assert "'回答ID'" in r.err


def test_csv_with_crlf_inside_quoted_cells(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "crlf.csv"
    rows = ["id,年代,text"] + [
        f'{i},{"20代" if i % 2 else "30代"},"{a}\r\n二行目の説明{i}"' for i, a in enumerate(answers(12), 1)
    ]
    p.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8"))
    corpus = read_corpus(p, id_col="id")
    assert len(corpus.docs) == 12 and corpus.ledger.balanced()
    assert corpus.docs["text"].iloc[0] == f"{answers(1)[0]}\n二行目の説明1"
    assert corpus.docs["年代"].tolist() == ["20代", "30代"] * 6
    r = cli("compare", p, "--by", "年代", "--min-count", "1", "--where", "年代 in 20代,30代")
    r.ok()


def test_thousands_of_columns_are_read_and_kept(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    n = 3000
    p = tmp_path / "wide.csv"
    header = ["id", "text", *(f"q{j}" for j in range(n))]
    lines = [",".join(header)] + [
        ",".join([str(i), a, *("はい" if (i + j) % 2 else "いいえ" for j in range(n))])
        for i, a in enumerate(answers(10), 1)
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = read_corpus(p, id_col="id", cache_dir=None)
    assert len(corpus.attributes) == n and corpus.ledger.balanced()
    assert corpus.docs["q2999"].tolist() == ["はい" if (i + 2999) % 2 else "いいえ" for i in range(1, 11)]
    cli("themes", p, "--id-col", "id", "--by", "q7").ok()


def test_xlsx_wider_than_excel_keeps_the_first_columns_and_names_the_rest(tmp_path: Path) -> None:
    from dxtext.render.tables import XLSX_MAX_COLUMNS, write_xlsx

    frame = pd.DataFrame({f"c{j}": [j] for j in range(XLSX_MAX_COLUMNS + 10)})
    p = write_xlsx({"wide": frame}, tmp_path / "wide.xlsx")
    header = next(load_workbook(p, read_only=True).active.iter_rows(values_only=True))
    assert len(header) == XLSX_MAX_COLUMNS
    assert header[-2] == f"c{XLSX_MAX_COLUMNS - 2}"
    assert header[-1] == "(+11 columns beyond Excel's limit: see the CSV)"
