"""--where and --by A --by B on values as survey files write them: spaces, commas and full-width characters,
numbers written as 2024 or 2024.0, blank values, and crossings where some combinations have no document."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conftest import COUNCIL
from dxtext.errors import CorpusError
from dxtext.io.corpus import read_corpus
from dxtext.io.where import apply_where, matching_values, parse_where
from dxtext.runs.inputs import cross

# id, 世帯年収 (commas and a space, as the Fukui respondents file writes them), 回答年度 (a float column as pandas
# exports it), 地域 (Japanese with a space), 年代
ROWS = [
    ("a", "1,000万円以上 1,200万円未満", "2024.0", "奥 越", "20代", "駐車場が狭い"),
    ("b", "100万円未満", "2023.0", "嶺南", "30代", "景色が良い"),
    ("c", "1,000万円以上 1,200万円未満", "2023.0", "奥 越", "30代", "トイレが汚い"),
    ("d", "", "2024.0", "嶺南", "", "案内が少ない"),
    ("e", "100万円未満", "", "福井", "20代", "料理がおいしい"),
]


@pytest.fixture()
def corpus(tmp_path: Path):  # type: ignore[no-untyped-def]
    frame = pd.DataFrame(ROWS, columns=["id", "世帯年収", "回答年度", "地域", "年代", "自由記述"])
    path = tmp_path / "s.csv"
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return read_corpus(path, text_cols=["自由記述"], id_col="id")


def _kept(corpus, where: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    out = apply_where(corpus, where)
    assert out.ledger.balanced()
    assert out.ledger.totals["filtered"] == len(ROWS) - len(out.used)
    return out.used["doc_id"].tolist()


KEPT = [
    # the value as written in the file (with its space) and as stored (normalised: no space between Japanese)
    (["世帯年収=1,000万円以上 1,200万円未満"], ["a", "c"]),
    (["世帯年収=1,000万円以上1,200万円未満"], ["a", "c"]),
    (
        ["世帯年収=１，０００万円以上１，２００万円未満"],
        ["a", "c"],
    ),  # full width, as typed on a Japanese keyboard
    # a value with commas after in: quoted, or unquoted and joined back
    (['世帯年収 in "1,000万円以上1,200万円未満",100万円未満'], ["a", "b", "c", "e"]),
    (["世帯年収 in 1,000万円以上 1,200万円未満,100万円未満"], ["a", "b", "c", "e"]),
    (['世帯年収 not in "1,000万円以上1,200万円未満"'], ["b", "d", "e"]),
    # numbers: 2024 finds 2024.0, and the other way round
    (["回答年度=2024"], ["a", "d"]),
    (["回答年度=2024.0"], ["a", "d"]),
    (["回答年度=２０２４"], ["a", "d"]),
    (["回答年度!=2024"], ["b", "c", "e"]),
    (["回答年度="], ["e"]),  # the blank value
    (["地域=奥 越"], ["a", "c"]),
    (["地域=奥　越"], ["a", "c"]),  # an ideographic space
    (["年代=", "地域=嶺南"], ["d"]),
]


@pytest.mark.parametrize(("where", "kept"), KEPT, ids=[w[0][0] for w in KEPT])
def test_values_as_files_write_them(corpus, where: list[str], kept: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert _kept(corpus, where) == kept


def test_a_value_that_is_not_there_is_still_an_error(corpus) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CorpusError, match="no document has 回答年度=2022"):
        apply_where(corpus, ["回答年度=2022"])
    with pytest.raises(CorpusError, match="a value with a comma goes in double quotes"):
        apply_where(corpus, ["世帯年収 in 1,000万円以上,100万円未満"])


def test_quoted_values_round_trip_in_the_ledger() -> None:
    c = parse_where('世帯年収 in "1,000万円以上1,200万円未満",100万円未満')
    assert c.values == ("1,000万円以上1,200万円未満", "100万円未満")
    assert parse_where(str(c)) == c


@pytest.mark.parametrize(
    ("present", "value", "expected"),
    [
        ({"2024", "2024.0", "2023.0"}, "2024", {"2024"}),  # the same text first
        ({"2024.0", "2023.0"}, "2024", {"2024.0"}),
        ({"08", "8"}, "8.0", {"08", "8"}),
        ({"20代"}, "２０代", {"20代"}),
        ({"1,200"}, "1200", {"1,200"}),
        ({"20代"}, "20", set()),  # 20代 is not a number
    ],
)
def test_matching_values(present: set[str], value: str, expected: set[str]) -> None:
    assert matching_values(present, value) == expected


def test_crossing_leaves_out_blank_parts_and_lists_only_combinations_with_documents(corpus) -> None:  # type: ignore[no-untyped-def]
    from dxtext.analysis.themes import crosstab

    crossed = cross(corpus, ["年代", "地域"])
    values = crossed.docs.set_index("doc_id")["年代×地域"].to_dict()
    assert values == {"a": "20代×奥 越", "b": "30代×嶺南", "c": "30代×奥 越", "d": "", "e": "20代×福井"}
    coded = pd.DataFrame({"t": [1, 0, 1, 0, 1]}, index=["a", "b", "c", "d", "e"])
    ct = crosstab(coded, crossed.docs.set_index("doc_id")["年代×地域"], attribute="年代×地域")
    # 20代×嶺南 and 30代×福井 have no document: not a group with n = 0 (no 0/0 percent)
    assert ct.groups == ["20代×奥 越", "20代×福井", "30代×奥 越", "30代×嶺南"]
    assert ct.excluded == 1  # d: no 年代
    assert ct.counts["文書数"].to_dict() == {
        "20代×奥 越": 1,
        "20代×福井": 1,
        "30代×奥 越": 1,
        "30代×嶺南": 1,
        "合計": 4,
    }


@pytest.mark.skipif(not COUNCIL.is_file(), reason="shared council minutes not found beside the repository")
def test_council_minutes_where_role_member_keeps_the_members_turns() -> None:
    import dxtext.runs as r

    by_where = r.corpus_info(COUNCIL, where="role=member")
    by_role = r.corpus_info(COUNCIL, role="member")
    t = by_where.data["info"]["ledger"]["totals"]
    assert by_where.data["corpus"].ledger.balanced()
    assert (
        t["documents"]
        == t["used"] + t["empty"] + t["non_answer"] + t["procedural"] + t["filtered"] + t["too_short"]
    )
    used = by_where.data["corpus"].used
    assert set(used["role"]) == {"member"}
    assert used["doc_id"].tolist() == by_role.data["corpus"].used["doc_id"].tolist()
    with pytest.raises(CorpusError, match="did you mean member"):
        r.corpus_info(COUNCIL, where="role=menber")


@pytest.mark.slow
def test_fukui_values_with_commas_and_numbers(fukui: Path) -> None:
    """Fukui tourism answers (CC BY 4.0, 福井県観光連盟) joined with respondents.csv: 世帯年収 is written with
    commas and a space ("1,000万円以上 1,200万円未満"), NPS is a number 0–10."""
    corpus = read_corpus(
        fukui / "answers.csv", text_cols=["text"], attrs=fukui / "respondents.csv", on="response_no"
    )
    raw = pd.read_csv(fukui / "respondents.csv", dtype=str, keep_default_na=False)
    answers = pd.read_csv(fukui / "answers.csv", dtype=str, usecols=["response_no"])
    joined = answers.merge(raw[["response_no", "世帯年収", "NPS"]], on="response_no", how="left")
    income = "1,000万円以上 1,200万円未満"
    expected = int((joined["世帯年収"] == income).sum())
    for where in (f"世帯年収={income}", f"世帯年収 in {income}", f'世帯年収 in "{income}"'):
        out = apply_where(corpus, [where])
        kept = out.docs[out.docs.status != "filtered"]
        assert len(kept) == expected, where
        assert out.ledger.balanced()
    eight = int((joined["NPS"] == "8").sum())
    for where in ("NPS=8", "NPS=8.0", "NPS=８"):
        out = apply_where(corpus, [where])
        assert int((out.docs.status != "filtered").sum()) == eight, where
