"""KH Coder's coding-rule manual, construct by construct, against what the parser accepts and how it codes:
precedence, nested parentheses, near/seq forms and distances, <>変数名-->値 with spaces and Japanese, ＊ headings,
comments, blank lines, BOM/CP932 files, <*コード名>, and the file:line error for what is not supported."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dxtext.analysis.rules import Near, load_rules, parse_rules
from dxtext.analysis.themes import ThemeCoder
from dxtext.errors import RulesError
from dxtext.io.corpus import read_corpus

# expression → the tree as dxtext prints it (KH Coder passes the expression to MySQL: not > and > or)
PRECEDENCE = [
    ("a and b or c", "( a and b ) or c"),
    ("a or b and c", "a or ( b and c )"),
    ("not a and b", "not a and b"),
    ("a or not b and c", "a or ( not b and c )"),
    ("a and not b or c", "( a and not b ) or c"),
    ("a &! b", "a and not b"),
    ("a |! b", "a or not b"),
    ("a & b | c", "( a and b ) or c"),
    ("( ( a or b ) and ( c or not d ) )", "( a or b ) and ( c or not d )"),
    ("a and (b or (c and not (d)))", "a and ( b or ( c and not d ) )"),
    ("not ( a or b )", "not ( a or b )"),
    ("（ａ　ｏｒ　ｂ）　ａｎｄ　ｃ", "( a or b ) and c"),  # full width, as typed in a Japanese editor
    ("not a >= 2", "not a >= 2"),
    ("a + b >= 3 and c", "a + b >= 3 and c"),
]


@pytest.mark.parametrize(("expr", "tree"), PRECEDENCE)
def test_precedence_and_parentheses(expr: str, tree: str) -> None:
    assert str(parse_rules(f"*t\n{expr}\n").rules[0].expr) == tree


# near/seq as written → (words, distance, ordered, scope); KH Coder's near.pm/sequence.pm: default 10, [n],
# [b]/[d] keep 10, [b3] within 3, [0]/[b0] no limit
NEAR_FORMS = [
    ("near(a-b)", (("a", "b"), 10, False, None)),
    ("near(a-b)[5]", (("a", "b"), 5, False, None)),
    ("near(a-b-c)[3]", (("a", "b", "c"), 3, False, None)),
    ("near(a-b)[0]", (("a", "b"), 0, False, None)),
    ("near(a-b)[b]", (("a", "b"), 10, False, "b")),
    ("near(a-b)[d]", (("a", "b"), 10, False, "d")),
    ("near(a-b)[b3]", (("a", "b"), 3, False, "b")),
    ("near(a-b)[b0]", (("a", "b"), 0, False, "b")),
    ("seq(a-b)[d2]", (("a", "b"), 2, True, "d")),
    ("seq(a-b-c)", (("a", "b", "c"), 10, True, None)),
    ("near( a - b )[2]", (("a", "b"), 2, False, None)),
]


@pytest.mark.parametrize(("text", "expected"), NEAR_FORMS)
def test_near_and_seq_forms(text: str, expected: tuple) -> None:  # type: ignore[type-arg]
    node = parse_rules(f"*t\n{text}\n").rules[0].expr
    assert isinstance(node, Near)
    assert (tuple(w.text for w in node.words), node.distance, node.ordered, node.scope) == expected
    # what the reports print reads back to the same condition
    again = parse_rules(f"*t\n{node}\n").rules[0].expr
    assert (again.distance, again.ordered, again.scope) == (node.distance, node.ordered, node.scope)


# unsupported or malformed → (the construct named in the message, a fragment of what to do)
ERRORS = [
    ("dist(国,県)", "dist(国,県)", "near(a-b)[n]"),
    ("code::国", "code::国", "<*name>"),
    ("国=2", "国=2", "word >= n"),
    ("lw", "lw", "lw <= 10"),
    ("lc / lw", "lc / lw", "compare it"),
    ("<>年齢<>", "<>年齢<>", "compare it"),
    ("near(国)[2]", "near(国)[2]", "two or more words"),
    ("near(国-県)[x]", "near(国-県)[x]", "[5]"),
    ("near (国-県)", "near (", "without a space"),
    ('"国"', '"国"', "single quotes"),
    ("'国", "'国", "end the substring"),
    ("''", "''", "write the text"),
    ("( 国 or 県", "(", "add )"),
    ("国 )", ")", "remove it"),
    ("国 県", "国 県", "join them with and, or"),
    ("国 and", "and", "add the condition"),
    ("and 国", "and", "put a word"),
    (">= 2", ">=", "word >= n"),
    ("国->ほげ", "国->ほげ", "word class"),
    ("買う->動詞->ほげ", "買う->動詞->ほげ", "conjugation form"),
    ("<>年代-->", "<>年代-->", "<>変数名-->値"),
    ("<>地域-->奥　越", "<>地域-->奥 越", 'double quotes: "<>地域-->奥 越"'),
    ("<*ない>", "<*ない>", "the themes are"),
    ("3", "3", "a number alone"),
]


@pytest.mark.parametrize(("expr", "construct", "todo"), ERRORS, ids=[e[0] for e in ERRORS])
def test_what_is_not_supported_is_a_file_line_error(
    tmp_path: Path, expr: str, construct: str, todo: str
) -> None:
    path = tmp_path / "rules.txt"
    # the error is on line 6: comments and blank lines count
    path.write_text(f"# comment\n\n*ok\n国 # a comment after a space\n＊bad\n{expr}\n", encoding="utf-8")
    with pytest.raises(RulesError) as e:
        load_rules(path)
    msg = str(e.value)
    assert msg.startswith(f"{path}:6: {construct}"), msg
    assert todo in msg, msg
    assert "\n" not in msg


FILE = """\
# KH Coder のコーディングルール (comments: # at the start of a line)

＊交通
駐車場 or 駐車 # an expression may end with a comment

  or バス

*不便な交通
<＊交通> and 不便
＊地域の交通
"<>地域-->奥 越" and <*交通>
*若い人
<>年代-->２０代 or <>年代-->20代
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_headings_comments_blank_lines_bom_and_cp932(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"rules-{encoding}.txt"
    text = FILE.replace("\n", "\r\n") if encoding == "cp932" else FILE  # Windows line ends too
    path.write_bytes(text.encode(encoding))
    rules = load_rules(path)
    assert rules.names == ["交通", "不便な交通", "地域の交通", "若い人"]
    assert str(rules.get("交通").expr) == "駐車場 or 駐車 or バス"
    assert str(rules.get("不便な交通").expr) == "<*交通> and 不便"
    assert rules.get("地域の交通").expr.children[0].value == "奥 越"
    assert rules.get("不便な交通").loc.line == 8


@pytest.fixture(scope="module")
def coder(tokenizer, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Hand-made answers: d4 has 13 content words between 駐車場 and 狭い in one sentence; d5 has them in two
    sentences; 地域 is written 奥 越 (a space, as in the source file) and 回答年度 as pandas writes floats."""
    rows = [
        ("d1", "奥 越", "20代", "2024.0", "駐車場が狭くて不便だった。"),
        ("d2", "嶺南", "２０代", "2023.0", "バスが少ない。"),
        ("d3", "奥 越", "30代", "2024.0", "景色が良い。"),
        (
            "d4",
            "嶺南",
            "40代",
            "",
            "駐車場の横に" + "とても大きな建物がたくさん並んでいる街並みの奥にある" * 3 + "道は狭い。",
        ),
        ("d5", "嶺南", "50代", "2023.0", "駐車場があった。\n道は狭い。"),
    ]
    path = tmp_path_factory.mktemp("manual") / "s.csv"
    pd.DataFrame(rows, columns=["id", "地域", "年代", "回答年度", "text"]).to_csv(path, index=False)
    corpus = read_corpus(path, text_cols=["text"], id_col="id")
    tokens = tokenizer.tokenize_corpus(corpus, cache_dir=None)
    rules = parse_rules(
        FILE
        + "*同じ文\nnear(駐車場-狭い)[b]\n*同じ文のどこか\nnear(駐車場-狭い)[b0]\n*同じ文15\nnear(駐車場-狭い)[b15]\n"
        + "*同じ段落の順序\nseq(駐車場-狭い)[d0]\n*2024年度\n<>回答年度-->2024\n*年度番号\n<>回答年度<> >= 2024\n"
        + "*前半\nNo. <= 2 and lw >= 1\n"
    )
    return ThemeCoder(rules, tokenizer=tokenizer).fit(tokens, texts=corpus)


EXPECTED = {
    "交通": {"d1", "d2", "d4", "d5"},
    "不便な交通": {"d1"},
    "地域の交通": {"d1"},  # "<>地域-->奥 越" with a space in double quotes
    "若い人": {"d1", "d2"},  # ２０代 is 20代
    "同じ文": {"d1"},  # d4: one sentence, but 13 words apart (KH Coder's [b] keeps 10); d5: two sentences
    "同じ文のどこか": {"d1", "d4"},
    "同じ文15": {"d1", "d4"},
    "同じ段落の順序": {"d1", "d4"},  # d5: 。\n is a new paragraph
    "2024年度": {"d1", "d3"},  # 2024 finds 2024.0
    "年度番号": {"d1", "d3"},
    "前半": {"d1", "d2"},
}


@pytest.mark.parametrize("theme", list(EXPECTED))
def test_coding_hand_checked_answers(coder, theme: str) -> None:  # type: ignore[no-untyped-def]
    col = coder.coded_[theme]
    assert set(col.index[col == 1]) == EXPECTED[theme]
    assert not [w for w in coder.warnings_ if "no document has this value" in w]
