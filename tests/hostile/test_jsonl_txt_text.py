"""Hostile JSONL, Excel's "Unicode text" saved as .txt, and hostile characters in the text itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile_helpers import SHARED_MINUTES, answers
from hostile_helpers import cli as cli  # the fixture

from dxtext.io.corpus import read_corpus
from dxtext.io.normalize import normalize_text


def _jsonl(tmp_path: Path, records: list[dict]) -> Path:
    p = tmp_path / "s.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return p


def test_jsonl_integers_stay_integers_when_a_key_is_missing(tmp_path: Path) -> None:
    recs = [{"id": i, "年齢": 30 + i, "text": t} for i, t in enumerate(answers(5), 1)]
    del recs[2]["年齢"]
    c = read_corpus(_jsonl(tmp_path, recs))
    assert c.docs["年齢"].tolist() == ["31", "32", "", "34", "35"]
    assert c.docs["id"].tolist() == ["1", "2", "3", "4", "5"]


def test_jsonl_nested_values_are_json(tmp_path: Path) -> None:
    recs = [
        {"id": i, "tags": ["窓口", "DX"], "meta": {"市": "福井"}, "text": t}
        for i, t in enumerate(answers(3), 1)
    ]
    c = read_corpus(_jsonl(tmp_path, recs))
    assert json.loads(c.docs["tags"].iloc[0]) == ["窓口", "DX"]
    assert json.loads(c.docs["meta"].iloc[0]) == {"市": "福井"}


@pytest.mark.parametrize(
    "value,expected",
    [
        (True, "true"),
        (None, ""),
        (1.5, "1.5"),
        (12345678901234567890, "12345678901234567890"),
        (1e20, "1e+20"),
    ],
)
def test_jsonl_scalars_are_written_as_json_writes_them(tmp_path: Path, value: object, expected: str) -> None:
    recs = [{"id": i, "v": value, "text": t} for i, t in enumerate(answers(3), 1)]
    c = read_corpus(_jsonl(tmp_path, recs))
    assert c.docs["v"].tolist() == [expected] * 3


def test_jsonl_array_line_is_named(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "a.jsonl"
    p.write_text('{"id": 1, "text": "窓口の改善をお願いしたい"}\n[1, 2]\n', encoding="utf-8")
    cli("corpus", "info", p).clean_error("line 2")


def _unicode_text(tmp_path: Path, name: str = "回答.txt") -> Path:
    lines = [
        "回答ID\t人口規模\t自由記述",
        *(f"{i}\t{'大都市' if i % 2 else '小規模'}\t{t}" for i, t in enumerate(answers(8), 1)),
    ]
    p = tmp_path / name
    p.write_bytes(
        ("\r\n".join(lines) + "\r\n").encode("utf-16")
    )  # Excel's 「Unicode テキスト」: UTF-16 LE with BOM
    return p


def test_excel_unicode_text_txt_is_read_as_a_table(tmp_path: Path) -> None:
    c = read_corpus(_unicode_text(tmp_path))
    assert c.docs["text"].tolist() == answers(8)
    assert c.docs["人口規模"].tolist()[:2] == ["大都市", "小規模"]
    assert c.ledger.files[0].format == "tsv"


def test_tab_separated_utf8_txt_is_read_as_a_table(tmp_path: Path) -> None:
    lines = ["id\t人口規模\ttext", *(f"{i}\t大都市\t{t}" for i, t in enumerate(answers(6), 1))]
    p = tmp_path / "export.txt"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    c = read_corpus(p)
    assert c.docs["text"].tolist() == answers(6)


def test_unicode_text_with_unit_is_still_a_record(tmp_path: Path) -> None:
    c = read_corpus(_unicode_text(tmp_path), unit="paragraph")  # the user asked for a record explicitly
    assert "unit" in c.options


def test_a_real_meeting_record_is_still_a_record() -> None:
    if not SHARED_MINUTES.is_file():
        pytest.skip("shared corpora not found beside the repository")
    c = read_corpus(SHARED_MINUTES)
    assert c.options.get("unit") == "bullet"


BIDI = [
    "\u202e",
    "\u202d",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
]


@pytest.mark.parametrize("ch", BIDI)
def test_bidi_controls_are_removed_in_normalisation(ch: str) -> None:
    assert normalize_text(f"窓口{ch}の改善") == "窓口の改善"


def test_zero_width_characters_are_removed() -> None:
    assert normalize_text("デジ\u200dタル\u200c化\u2060です") == "デジタル化です"


def test_bidi_controls_in_attribute_values_and_headers(tmp_path: Path) -> None:
    p = tmp_path / "b.csv"
    lines = ["id,\u202e人口規模,text", *(f"{i},abc\u202edef,{t}" for i, t in enumerate(answers(5), 1))]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    c = read_corpus(p)
    assert "人口規模" in c.attributes
    assert c.docs["人口規模"].tolist() == ["abcdef"] * 5


def test_report_on_hostile_characters_only(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    texts = ["\u202eevil\u202c text", "zero\u200dwidth", "English only answer here", *answers(21)]
    p = tmp_path / "r.csv"
    p.write_text("id,text\n" + "\n".join(f"{i},{t}" for i, t in enumerate(texts, 1)) + "\n", encoding="utf-8")
    r = cli("report", p, "--no-dictionary", "-q")
    r.ok()
