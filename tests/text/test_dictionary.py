"""Tests of the user dictionary: source validation, compiling, caching, saving, and every shipped entry."""

from __future__ import annotations

import csv
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import unidic_lite

import dxtext.text.compile as compiling
import dxtext.text.dictionary as dic
from dxtext.errors import DictionaryError, DxtextError
from dxtext.text.dictionary import (
    WORD_CLASSES,
    DictEntry,
    compile_dictionary,
    default_dictionary_path,
    dictionary_hash,
    load_entries,
    make_tagger,
    save_entries,
)

SHIPPED = Path(__file__).resolve().parents[2] / "dictionaries" / "municipal_dx.tsv"
HEADER = "surface\tcanonical\tclass\treading\tcost\ttags\n"

# Sentences that keep each surface apart from its neighbours: a particle before, a particle after.
CARRIERS = ("今年度は{}について検討した。", "{}の導入を進める。")


def lemma(node) -> str:
    """Lemma (index 7) of the raw UniDic feature string; unknown words have only 6 fields."""
    fields = next(csv.reader([node.feature_raw]))
    return fields[7] if len(fields) > 7 else ""


def tokens(tagger, text: str) -> list[str]:
    return [node.surface for node in tagger(text)]


@pytest.fixture(scope="session")
def shipped_entries() -> list[DictEntry]:
    return load_entries(SHIPPED)


@pytest.fixture(scope="session")
def compiled(tmp_path_factory) -> Path:
    return compile_dictionary(SHIPPED, cache_dir=tmp_path_factory.mktemp("dic-cache"))


@pytest.fixture(scope="session")
def tagger(compiled):
    return make_tagger(compiled)


@pytest.fixture(scope="session")
def plain_tagger():
    return make_tagger(None)


def write(tmp_path: Path, body: str, name: str = "dx.tsv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


# ---------------------------------------------------------------- the shipped dictionary


def test_every_shipped_entry_is_one_token_with_its_canonical_lemma(shipped_entries, tagger):
    failures = []
    for entry in shipped_entries:
        for carrier in CARRIERS:
            nodes = list(tagger(carrier.format(entry.surface)))
            match = [node for node in nodes if node.surface == entry.surface]
            if not match:
                failures.append(f"{entry.surface}: split as {'/'.join(n.surface for n in nodes)}")
            elif lemma(match[0]) != entry.canonical:
                failures.append(f"{entry.surface}: lemma {lemma(match[0])!r}, expected {entry.canonical!r}")
    assert failures == []


def test_shipped_dictionary_is_large_and_covers_the_core_terms(shipped_entries):
    surfaces = {entry.surface: entry for entry in shipped_entries}
    assert len(shipped_entries) >= 170
    core = """マイナンバーカード マイナカード 個人番号カード マイナポータル マイナポイント 公的個人認証 JPKI
    公的個人認証サービス マイキーID 電子証明書 基幹系システム 基幹システム レガシーシステム ガバメントクラウド
    ガバクラ 自治体情報システム標準化 システム標準化 標準準拠システム LGWAN 自治体情報セキュリティクラウド
    ベンダーロックイン 三層分離 三層の対策 コンビニ交付 書かない窓口 遠隔行政窓口 ぴったりサービス オンライン申請
    電子申請 キャッシュレス決済 AI-OCR AIOCR RPA AIチャットボット チャットボット 生成AI テレワーク BPR 業務改革
    ペーパーレス EBPM オープンデータ データ利活用 データ連携基盤 ダッシュボード 統計解析 ビッグデータ デジタル人材
    DX人材 キャリアパス ジョブローテーション 人事異動 CIO補佐官 CDO 地方創生人材支援制度 外部人材 任期付職員
    リスキリング OJT 都道府県 市区町村 市町村 基礎自治体 広域連携 連携中枢都市圏 定住自立圏 官民連携 官民共創
    包括連携協定 スマートシティ スーパーシティ オープンガバナンス Decidim アイデアソン ハッカソン シビックテック
    シェアリングエコノミー デジタル庁 総務省 自治体DX推進計画 デジタル田園都市国家構想 情報セキュリティポリシー
    個人情報保護 行政手続 窓口業務 住民票 戸籍 政策立案 庁内横断""".split()
    assert [term for term in core if term not in surfaces] == []
    assert surfaces["マイナカード"].canonical == "マイナンバーカード"
    assert surfaces["ガバクラ"].canonical == "ガバメントクラウド"
    assert surfaces["JPKI"].canonical == "公的個人認証"
    assert all(entry.tags for entry in shipped_entries)


def test_every_class_and_tag_is_used_only_from_the_fixed_lists(shipped_entries):
    assert {entry.word_class for entry in shipped_entries} <= set(WORD_CLASSES)
    assert {tag for entry in shipped_entries for tag in entry.tags} <= set(dic.THEME_TAGS)


@pytest.mark.parametrize(
    ("text", "without", "with_dic"),
    [
        ("マイナンバーカードを取得", "マイ/ナンバー/カード/を/取得", "マイナンバーカード/を/取得"),
        ("ガバメントクラウドへ移行", "ガバメント/クラウド/へ/移行", "ガバメントクラウド/へ/移行"),
        ("基幹系システムの標準化", "基幹/系/システム/の/標準/化", "基幹系システム/の/標準/化"),
        ("都道府県と市町村", "都/道/府/県/と/市/町/村", "都道府県/と/市町村"),
        ("キャリアパスの設計", "キャリア/パス/の/設計", "キャリアパス/の/設計"),
        ("AIチャットボットの導入", "AI/チャット/ボット/の/導入", "AIチャットボット/の/導入"),
        (
            "ジョブ・ローテーションを見直す",
            "ジョブ/・/ローテーション/を/見直す",
            "ジョブ・ローテーション/を/見直す",
        ),
        # the dictionary must not swallow neighbouring text
        ("国家戦略特別区域の指定", "国家/戦略/特別/区域/の/指定", "国家戦略特別区域/の/指定"),
        ("市町村長が出席", "市町村長/が/出席", "市町村長/が/出席"),
        ("中核市長会", "中核/市長/会", "中核市/長/会"),
        ("EMAILで連絡", "EMAIL/で/連絡", "EMAIL/で/連絡"),
    ],
)
def test_tokenisation_without_and_with_the_user_dictionary(plain_tagger, tagger, text, without, with_dic):
    assert "/".join(tokens(plain_tagger, text)) == without
    assert "/".join(tokens(tagger, text)) == with_dic


@pytest.mark.parametrize(
    ("surface", "expected_lemma"),
    [
        ("マイナカード", "マイナンバーカード"),
        ("個人番号カード", "マイナンバーカード"),
        ("ガバクラ", "ガバメントクラウド"),
        ("公的個人認証サービス", "公的個人認証"),
        ("AIOCR", "AI-OCR"),
        ("クラウド", "クラウド"),  # UniDic alone says クラウド-crowd
    ],
)
def test_variants_share_the_lemma(tagger, surface, expected_lemma):
    (node,) = [n for n in tagger(f"今年度は{surface}を活用した。") if n.surface == surface]
    assert lemma(node) == expected_lemma


def test_pos_and_context_ids_follow_unidic(tagger):
    (node,) = [n for n in tagger("デジタル庁がガバクラを") if n.surface == "ガバクラ"]
    assert node.feature_raw.split(",")[:4] == ["名詞", "固有名詞", "一般", "*"]
    dicdir = Path(unidic_lite.DICDIR)
    katakana = DictEntry("キャリアパス", "キャリアパス", "普通名詞")
    proper = DictEntry("ガバクラ", "ガバメントクラウド", "固有名詞")
    kanji_suru = DictEntry("広域連携", "広域連携", "サ変名詞")
    ascii_word = DictEntry("RPA", "RPA", "普通名詞")
    assert dic._context_id(katakana, dicdir) == 5144  # 名詞,普通名詞,一般,*,*,*,*,*,外
    assert dic._context_id(proper, dicdir) == 4786  # 名詞,固有名詞,一般,*,*,*,*,*,固
    assert dic._context_id(kanji_suru, dicdir) == 5133  # 名詞,普通名詞,サ変可能,*,*,*,*,*,漢
    assert dic._context_id(ascii_word, dicdir) == 5147  # 名詞,普通名詞,一般,*,*,*,*,*,記号


def test_csv_rows_have_30_fields_and_the_canonical_as_lemma():
    entries = [
        DictEntry("マイナカード", "マイナンバーカード", "普通名詞"),
        DictEntry("マイナンバーカード", "マイナンバーカード", "普通名詞", cost=700),
        DictEntry("電子申請", "電子申請", "サ変名詞", reading="デンシシンセイ"),
    ]
    rows = [next(csv.reader([row])) for row in dic._csv_rows(entries, Path(unidic_lite.DICDIR))]
    assert all(len(row) == 30 for row in rows)
    assert rows[0][0] == "マイナカード" and rows[0][4 + 7] == "マイナンバーカード"
    assert rows[0][3] == str(dic.DEFAULT_COST) and rows[1][3] == "700"
    assert rows[0][4 + 9] == "マイナカード"  # pron of a katakana word is the word itself
    assert rows[2][4 + 9] == "デンシシンセイ" and rows[2][4 + 12] == "漢"


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (HEADER + "RPA\t\t形容詞\n", 2, "unknown class '形容詞'"),
        (HEADER + "RPA\t\t普通名詞\n# c\nRPA\t\t普通名詞\n", 4, "first on line 2"),
        (HEADER + "RPA\tRPA\n", 2, "missing column class"),
        (HEADER + "RPA    RPA    普通名詞\n", 2, "missing column"),
        (HEADER + "RPA\t\t普通名詞\t\tcheap\n", 2, "cost 'cheap' is not an integer"),
        (HEADER + "RPA\t\t普通名詞\t\t99999\n", 2, "out of range"),
        (HEADER + "RPA\t\t普通名詞\t\t\t流行\n", 2, "unknown tag '流行'"),
        (HEADER + "RPA\t\t普通名詞\tあーるぴーえー\n", 2, "not katakana"),
        (HEADER + "ＲＰＡ\t\t普通名詞\n", 2, "write 'RPA'"),
        (HEADER + "R,PA\t\t普通名詞\n", 2, "comma"),
        (HEADER + "\t\t普通名詞\n", 2, "empty surface"),
        (HEADER + "RPA\t\t普通名詞\t\t\t\textra\n", 2, "7 columns"),
        (HEADER + "A\tB\t普通名詞\nB\tC\t普通名詞\nC\t\t普通名詞\n", 2, "itself a variant of 'C'"),
        ("# only a comment\nsurface\tclass\n", 2, "missing canonical"),
        ("# nothing else\n", None, "no header line"),
    ],
)
def test_malformed_source_lines_name_file_and_line(tmp_path, body, line, message):
    path = write(tmp_path, body)
    with pytest.raises(DictionaryError) as info:
        load_entries(path)
    text = str(info.value)
    assert text.startswith(f"{path}:{line}:" if line else f"{path}:")
    assert message in text
    assert " — " in text  # every message says what to do
    assert isinstance(info.value, DxtextError)


def test_duplicate_surface_reports_both_lines(tmp_path):
    path = write(tmp_path, HEADER + "# x\nDX\t\t普通名詞\nICT\t\t普通名詞\nDX\t\t普通名詞\n")
    with pytest.raises(DictionaryError, match=r"dx\.tsv:5: duplicate surface 'DX' \(first on line 3\)"):
        load_entries(path)


def test_not_utf8_is_reported(tmp_path):
    path = tmp_path / "sjis.tsv"
    path.write_bytes((HEADER + "住民票\t\t普通名詞\n").encode("cp932"))
    with pytest.raises(DictionaryError, match="not UTF-8"):
        load_entries(path)


def test_missing_file_is_a_dictionary_error(tmp_path):
    with pytest.raises(DictionaryError, match="no such dictionary file"):
        load_entries(tmp_path / "absent.tsv")


def test_load_entries_fills_defaults_and_keeps_optional_columns(tmp_path):
    body = (
        "# comment\n\n" + HEADER + "マイナカード\tマイナンバーカード\t普通名詞\t\t800\tマイナンバー; 窓口\n"
        "住民票\t\t普通名詞\tジュウミンヒョウ\n"
    )
    first, second = load_entries(write(tmp_path, body))
    assert first == DictEntry(
        "マイナカード", "マイナンバーカード", "普通名詞", "", 800, ("マイナンバー", "窓口")
    )
    assert second == DictEntry("住民票", "住民票", "普通名詞", "ジュウミンヒョウ", None, ())


def test_header_columns_may_come_in_any_order(tmp_path):
    body = (
        "class\tsurface\tcanonical\ttags\tcost\treading\n普通名詞\tガバクラ\tガバメントクラウド\tレガシー\n"
    )
    (entry,) = load_entries(write(tmp_path, body))
    assert entry == DictEntry("ガバクラ", "ガバメントクラウド", "普通名詞", tags=("レガシー",))


# ---------------------------------------------------------------- paths and hashes


def test_default_dictionary_path_finds_the_checkout_and_obeys_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("DXTEXT_DICTIONARY", raising=False)
    assert default_dictionary_path() == SHIPPED
    monkeypatch.setenv("DXTEXT_DICTIONARY", str(tmp_path / "mine.tsv"))
    assert default_dictionary_path() == tmp_path / "mine.tsv"


def test_dictionary_hash_follows_the_content(tmp_path):
    path = write(tmp_path, HEADER + "DX\t\t普通名詞\n")
    first = dictionary_hash(path)
    assert first == dictionary_hash(path) and len(first) == 16
    path.write_text(HEADER + "DX\t\t普通名詞\t\t400\n", encoding="utf-8")
    assert dictionary_hash(path) != first


# ---------------------------------------------------------------- compiling and the cache


@pytest.fixture
def count_builds(monkeypatch):
    calls: list[Path] = []
    real = compiling._run_build

    def counting(csv_path, out, dicdir):
        calls.append(out)
        real(csv_path, out, dicdir)

    monkeypatch.setattr(compiling, "_run_build", counting)
    return calls


def test_compiling_twice_reuses_the_cached_file(tmp_path, count_builds):
    source = write(tmp_path, HEADER + "ガバクラ\tガバメントクラウド\t固有名詞\n")
    cache = tmp_path / "cache with space"
    first = compile_dictionary(source, cache_dir=cache)
    stamp = first.stat().st_mtime_ns
    second = compile_dictionary(source, cache_dir=cache)
    assert second == first and first.stat().st_mtime_ns == stamp
    assert len(count_builds) == 1
    # no temporary files left behind: the dictionary and the checksum that lets the next run trust it
    assert sorted(p.name for p in cache.iterdir()) == [first.name, first.name + ".sha256"]
    assert tokens(make_tagger(first), "ガバクラへ移行") == ["ガバクラ", "へ", "移行"]


def test_changing_the_source_changes_the_compiled_path(tmp_path, count_builds):
    source = write(tmp_path, HEADER + "キャリアパス\t\t普通名詞\t\t8000\n")
    cache = tmp_path / "cache"
    split = compile_dictionary(source, cache_dir=cache)
    assert tokens(make_tagger(split), "キャリアパスの設計") == ["キャリア", "パス", "の", "設計"]
    source.write_text(HEADER + "キャリアパス\t\t普通名詞\t\t500\n", encoding="utf-8")
    joined = compile_dictionary(source, cache_dir=cache)
    assert joined != split and len(count_builds) == 2
    assert tokens(make_tagger(joined), "キャリアパスの設計") == ["キャリアパス", "の", "設計"]


def test_default_cache_dir_follows_dxtext_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DXTEXT_CACHE", str(tmp_path / "c"))
    built = compile_dictionary(write(tmp_path, HEADER + "DX\t\t普通名詞\n"))
    assert built.parent == tmp_path / "c" / "dic"


def test_a_failing_build_raises_and_does_not_kill_the_test_process(tmp_path, monkeypatch):
    # a dictionary folder with the id tables but nothing else: mecab-dict-index aborts its process
    broken = tmp_path / "broken-dicdir"
    broken.mkdir()
    for name in ("left-id.def", "right-id.def"):
        shutil.copy(Path(unidic_lite.DICDIR) / name, broken / name)
    monkeypatch.setattr(compiling, "_unidic_dicdir", lambda: broken)
    cache = tmp_path / "cache"
    with pytest.raises(DictionaryError, match="mecab-dict-index failed"):
        compile_dictionary(write(tmp_path, HEADER + "DX\t\t普通名詞\n"), cache_dir=cache)
    assert list(cache.iterdir()) == []  # neither a .dic nor a work folder is left


def test_an_invalid_source_is_rejected_before_building(tmp_path, count_builds):
    with pytest.raises(DictionaryError, match=r"dx\.tsv:2: unknown class"):
        compile_dictionary(write(tmp_path, HEADER + "DX\t\t名詞\n"), cache_dir=tmp_path / "cache")
    with pytest.raises(DictionaryError, match="no entries"):
        compile_dictionary(write(tmp_path, HEADER, "empty.tsv"), cache_dir=tmp_path / "cache")
    assert count_builds == []


def test_concurrent_compiles_agree_on_one_complete_file(tmp_path):
    source = write(tmp_path, HEADER + "書かない窓口\t\t普通名詞\n")
    cache = tmp_path / "cache"
    barrier = threading.Barrier(4)

    def build(_):
        barrier.wait()
        return compile_dictionary(source, cache_dir=cache)

    with ThreadPoolExecutor(4) as pool:
        results = set(pool.map(build, range(4)))
    (path,) = results
    assert tokens(make_tagger(path), "書かない窓口を開設") == ["書かない窓口", "を", "開設"]
    assert sorted(p.name for p in cache.iterdir()) == [path.name, path.name + ".sha256"]


def test_make_tagger_always_uses_unidic_lite(compiled):
    plain = make_tagger(None)
    assert [Path(d["filename"]).parent for d in plain.dictionary_info] == [Path(unidic_lite.DICDIR)]
    files = {Path(d["filename"]) for d in make_tagger(compiled).dictionary_info}
    assert files == {Path(unidic_lite.DICDIR) / "sys.dic", compiled}


def test_make_tagger_rejects_a_missing_user_dictionary(tmp_path):
    with pytest.raises(DictionaryError, match="no such user dictionary"):
        make_tagger(tmp_path / "nope.dic")


# ---------------------------------------------------------------- saving


def test_save_entries_round_trips_keeps_comments_and_a_backup(tmp_path):
    original = (
        "# top comment\n"
        + HEADER
        + "# section A\nDX\t\t普通名詞\t\t\t行政一般\n# section B\nICT\t\t普通名詞\n"
    )
    path = write(tmp_path, original)
    entries = load_entries(path)
    new = DictEntry("ガバクラ", "ガバメントクラウド", "固有名詞", cost=600, tags=("レガシー", "国県"))
    save_entries([*entries, new], path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# top comment\n" + HEADER + "# section A\nDX\t")
    assert "# section B\nICT\t\t普通名詞\n" in text
    assert text.endswith("ガバクラ\tガバメントクラウド\t固有名詞\t\t600\tレガシー;国県\n")
    assert load_entries(path) == [*entries, new]
    assert path.with_suffix(".tsv.bak").read_text(encoding="utf-8") == original

    save_entries([new], path)  # entries not given are dropped, comments stay
    assert load_entries(path) == [new]
    assert "# section A" in path.read_text(encoding="utf-8")


def test_save_entries_creates_a_new_file(tmp_path):
    path = tmp_path / "new.tsv"
    entries = [DictEntry("RPA", "RPA", "普通名詞", tags=("効率化",))]
    save_entries(entries, path)
    assert load_entries(path) == entries
    assert not path.with_suffix(".tsv.bak").exists()


def test_an_interrupted_save_leaves_the_old_file_loadable(tmp_path, monkeypatch):
    path = write(tmp_path, HEADER + "DX\t\t普通名詞\n")
    before = load_entries(path)
    real_replace = os.replace

    def failing_replace(src, dst):
        if Path(dst) == path:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(DictionaryError, match="previous version is unchanged"):
        save_entries([DictEntry("ICT", "ICT", "普通名詞")], path)
    assert load_entries(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dx.tsv", "dx.tsv.bak"]  # no temp file left


def test_save_entries_refuses_entries_that_would_not_load(tmp_path):
    path = write(tmp_path, HEADER + "DX\t\t普通名詞\n")
    with pytest.raises(DictionaryError, match="unknown class"):
        save_entries([DictEntry("ICT", "ICT", "形容詞")], path)
    with pytest.raises(DictionaryError, match="duplicate surface"):
        save_entries([DictEntry("ICT", "ICT", "普通名詞"), DictEntry("ICT", "ICT", "普通名詞")], path)
    assert load_entries(path) == [DictEntry("DX", "DX", "普通名詞")]
    assert not path.with_suffix(".tsv.bak").exists()
