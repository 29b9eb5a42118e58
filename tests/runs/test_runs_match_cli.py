"""Each command is one library call: ``dxtext.runs.<command>(...)`` writes the same folder as the command line,
byte for byte, for the same input and options."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import dxtext.runs as r
from conftest import SAMPLE_MINUTES, SAMPLE_SURVEY
from dxtext.cli.app import app


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _only_run_folder(out: Path) -> Path:
    folders = [p for p in out.iterdir() if p.is_dir() and p.name != "latest"]
    assert len(folders) == 1, folders
    return folders[0]


def _same(cli_args: list[str], result: r.RunResult, out: Path, *, out_option: bool = True) -> None:
    run = CliRunner().invoke(app, [*cli_args, *(["--out", str(out)] if out_option else []), "-q"])
    assert run.exit_code == 0, run.output
    cli_folder = _only_run_folder(out)
    assert result.folder is not None
    assert cli_folder.name == result.folder.name
    lib, cli = _tree(result.folder), _tree(cli_folder)
    assert sorted(lib) == sorted(cli)
    different = [name for name in lib if lib[name] != cli[name]]
    assert not different, f"differ between the library and the CLI: {different}"
    # what the command prints is the library result's summary
    summary = result.summary().replace(str(result.folder), str(cli_folder))
    assert summary.splitlines()[0] in run.stdout


SURVEY = str(SAMPLE_SURVEY)


def test_freq(tmp_path: Path) -> None:
    res = r.freq(SURVEY, by="人口規模", top=20, out=tmp_path / "lib")
    _same(["freq", SURVEY, "--by", "人口規模", "--top", "20"], res, tmp_path / "cli")
    assert (
        list(res.tables["freq"].columns[:3]) == ["人口規模", "docs", "rank"] or "word" in res.tables["freq"]
    )


def test_kwic(tmp_path: Path) -> None:
    res = r.kwic(SURVEY, "キャリアパス", by="部署", out=tmp_path / "lib")
    _same(["kwic", SURVEY, "キャリアパス", "--by", "部署"], res, tmp_path / "cli")
    assert len(res.tables["kwic"]) > 0


def test_topics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    models = tmp_path / "models"
    monkeypatch.setenv("DXTEXT_MODELS", str(models))
    # no models= : the library saves the model where the command does ($DXTEXT_MODELS or models/)
    res = r.topics(SURVEY, k=6, seed=1, by="人口規模", out=tmp_path / "lib")
    _same(["topics", SURVEY, "--k", "6", "--seed", "1", "--by", "人口規模"], res, tmp_path / "cli")
    assert res.model.n_topics_ == 6
    assert (res.folder / "topics.html").is_file() and res.open == res.folder / "topics.html"


def test_network(tmp_path: Path) -> None:
    res = r.network(SURVEY, by="人口規模", seed=2, out=tmp_path / "lib")
    _same(["network", SURVEY, "--by", "人口規模", "--seed", "2"], res, tmp_path / "cli")
    assert res.graph.number_of_edges() == len(res.tables["edges"])


def test_themes(tmp_path: Path) -> None:
    res = r.themes(SURVEY, by="人口規模", id_col="回答ID", out=tmp_path / "lib")
    _same(["themes", SURVEY, "--by", "人口規模", "--id-col", "回答ID"], res, tmp_path / "cli")
    assert "crosstab" in res.tables


def test_report(tmp_path: Path) -> None:
    res = r.report(SURVEY, by="人口規模", topics=4, seed=3, out=tmp_path / "lib")
    _same(["report", SURVEY, "--by", "人口規模", "--topics", "4", "--seed", "3"], res, tmp_path / "cli")
    md = (res.folder / "report.md").read_text(encoding="utf-8")
    assert "dxtext report" in md and "--topics 4" in md  # the command to reproduce it, built from the options


def test_report_of_a_record_with_a_unit(tmp_path: Path) -> None:
    record = str(SAMPLE_MINUTES / "dx-study-group-sample-01.txt")
    res = r.report(record, unit="bullet", topics=0, out=tmp_path / "lib")
    _same(["report", record, "--unit", "bullet", "--topics", "0"], res, tmp_path / "cli")


def test_dict_suggest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    res = r.dict_suggest(SURVEY, min_count=2, out=tmp_path / "lib")
    monkeypatch.setenv("DXTEXT_OUT", str(tmp_path / "cli"))  # dict suggest --out names the TSV file itself
    _same(["dict", "suggest", SURVEY, "--min-count", "2"], res, tmp_path / "cli", out_option=False)


def test_a_corpus_object_instead_of_a_path(tmp_path: Path) -> None:
    from dxtext import read_corpus

    corpus = read_corpus(SAMPLE_SURVEY)
    res = r.freq(corpus, out=tmp_path / "lib")
    assert res.folder is not None and (res.folder / "freq.csv").is_file()
    with pytest.raises(Exception, match="already read"):
        r.freq(corpus, text_col="問1")


def test_an_unknown_option_names_the_close_ones() -> None:
    with pytest.raises(TypeError, match="text_col"):
        r.freq(SURVEY, text_cols=["問1"])


def test_without_out_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = r.freq(SURVEY, top=5)
    assert res.folder is None and list(tmp_path.iterdir()) == []
    assert len(res.tables["freq"]) == 5


def test_progress_is_reported_by_stage() -> None:
    seen: list[tuple[str, int, int]] = []
    r.freq(SURVEY, top=5, cache_dir=None, progress=lambda s, d, t: seen.append((s, d, t)))
    stages = [s for s, _, _ in seen]
    assert stages[0] == "reading" and "tokenizing" in stages


def test_ca(tmp_path: Path) -> None:
    res = r.ca(SURVEY, by="人口規模", words=40, out=tmp_path / "lib")
    _same(["ca", SURVEY, "--by", "人口規模", "--words", "40"], res, tmp_path / "cli")
    assert res.tables["ca_inertia"]["percent"].sum() == pytest.approx(100.0, abs=1e-4)
    assert {"ca_biplot.png", "ca_rows.csv", "ca_columns.csv", "ca_documents.csv", "ca.xlsx"} <= set(res.files)


def test_ca_of_themes(tmp_path: Path) -> None:
    rules = str(SAMPLE_SURVEY.parents[1] / "dictionaries" / "themes.txt")
    res = r.ca(SURVEY, by="部署", themes=rules, out=tmp_path / "lib")
    _same(["ca", SURVEY, "--by", "部署", "--themes", rules], res, tmp_path / "cli")
    assert "theme" in res.tables["ca_rows"].columns and len(res.tables["ca_rows"]) >= 5


def test_cluster(tmp_path: Path) -> None:
    res = r.cluster(SURVEY, words=40, doc_clusters=4, seed=1, out=tmp_path / "lib")
    _same(["cluster", SURVEY, "--words", "40", "--doc-clusters", "4", "--seed", "1"], res, tmp_path / "cli")
    summary = res.tables["doc_cluster_summary"]
    assert summary["documents"].sum() == (res.tables["doc_clusters"]["cluster"] > 0).sum()
    assert len(res.tables["word_clusters"]) == 40


def test_assoc_of_a_theme(tmp_path: Path) -> None:
    res = r.assoc(SURVEY, "*レガシーシステム・システム更新", out=tmp_path / "lib")
    _same(["assoc", SURVEY, "*レガシーシステム・システム更新"], res, tmp_path / "cli")
    table = res.tables["assoc"]
    assert table["in_rule"].any()  # the theme's own words are listed and flagged …
    assert (~table["in_rule"]).sum() >= 5  # … and the other words of its answers
    assert len(res.tables["kwic"]) > 0


def test_assoc_of_a_word(tmp_path: Path) -> None:
    res = r.assoc(SURVEY, "ベンダー", out=tmp_path / "lib")
    _same(["assoc", SURVEY, "ベンダー"], res, tmp_path / "cli")
    assert "ベンダー" not in set(res.tables["assoc"]["word"])
    assert set(res.tables["kwic"]["lemma"]) == {"ベンダー"}


def test_compare(tmp_path: Path) -> None:
    res = r.compare(SURVEY, by="人口規模", out=tmp_path / "lib")
    _same(["compare", SURVEY, "--by", "人口規模"], res, tmp_path / "cli")
    assert "trend_words" in res.tables and (res.folder / "trend_words.png").is_file()
    assert set(res.tables["keyness"]["direction"]) == {"over", "under"}


def test_themes_crossed_by_two_attributes(tmp_path: Path) -> None:
    res = r.themes(SURVEY, by=["人口規模", "部署"], out=tmp_path / "lib")
    _same(["themes", SURVEY, "--by", "人口規模", "--by", "部署"], res, tmp_path / "cli")
    ct = res.data["crosstab"]
    assert ct.attribute == "人口規模×部署"
    assert "5万人未満×企画" in ct.groups
    assert all(g.count("×") == 1 for g in ct.groups)
    # the crossed counts add up to those of the documents with both values
    used = res.data["coded"]
    assert int(ct.counts.loc["合計", "文書数"]) == len(used)


def test_freq_crossed_and_where(tmp_path: Path) -> None:
    res = r.freq(SURVEY, by=["人口規模", "職種"], where=["部署=企画"], top=5, out=tmp_path / "lib")
    _same(
        ["freq", SURVEY, "--by", "人口規模", "--by", "職種", "--where", "部署=企画", "--top", "5"],
        res,
        tmp_path / "cli",
    )
    groups = set(res.tables["freq"]["人口規模×職種"])
    assert "5万人未満×事務" in groups
