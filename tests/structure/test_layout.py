"""The layout tells the pipeline: layers import only layers below them, the CLI writes no file itself, no
module grows past 600 lines, and every command has help text and a library function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "dxtext"

#: base modules, then the layers in pipeline order (see docs/architecture.md)
RANK = {
    "errors": 0,
    "progress": 0,
    "cache": 0,
    "files": 0,
    "crash": 0,
    "i18n": 0,
    "memory": 0,
    "child": 0,
    "io": 1,
    "text": 2,
    "analysis": 3,
    "render": 4,
    "engine": 4,
    "runs": 5,
    "cli": 6,
    "__main__": 7,
}


def _modules() -> list[tuple[str, Path]]:
    out = []
    for f in sorted(SRC.rglob("*.py")):
        rel = f.relative_to(SRC.parent).with_suffix("")
        out.append((".".join(rel.parts).removesuffix(".__init__"), f))
    return out


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _imports(module: str, path: Path) -> list[str]:
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "dxtext":
                found += [f"dxtext.{a.name}" for a in node.names]
            elif target.startswith("dxtext."):
                found.append(target)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("dxtext.")]
    return found


def test_every_module_has_a_known_layer() -> None:
    for module, _ in _modules():
        if module != "dxtext":
            assert _layer(module) in RANK, f"{module}: put it in a layer (see docs/architecture.md)"


def test_no_layer_imports_a_higher_one() -> None:
    wrong = []
    for module, path in _modules():
        me = _layer(module)
        if me is None:  # dxtext/__init__.py hands on the public names of every layer (lazily)
            continue
        for target in _imports(module, path):
            them = _layer(target)
            if them in RANK and RANK[them] > RANK[me]:
                wrong.append(f"{module} imports {target}")
    assert not wrong, "lower layers import higher ones:\n" + "\n".join(wrong)


def test_the_layering_test_catches_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "dxtext" / "io" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("from ..render.tables import write_csv\nfrom ..errors import CorpusError\n")
    targets = _imports("dxtext.io.bad", bad)
    assert targets == ["dxtext.render.tables", "dxtext.errors"]
    assert RANK[_layer(targets[0])] > RANK["io"]  # type: ignore[index]


WRITERS = {
    "to_csv",
    "to_excel",
    "to_parquet",
    "savefig",
    "write_text",
    "write_bytes",
    "write_csv",
    "write_xlsx",
    "write_graphml",
    "write_gexf",
    "save_png",
    "dump",
}


def test_no_cli_module_writes_a_file() -> None:
    calls = []
    for path in sorted((SRC / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = (
                    node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                )
                if name in WRITERS or (name == "open" and len(node.args) > 1):
                    calls.append(f"{path.name}:{node.lineno} {name}")
    assert not calls, "CLI modules must leave writing to dxtext.runs:\n" + "\n".join(calls)


@pytest.mark.parametrize("module,path", _modules(), ids=lambda x: str(x) if isinstance(x, str) else "")
def test_no_module_is_over_600_lines(module: str, path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 600, f"{module}: {lines} lines; split it along a seam"


def test_every_command_has_a_run_function_with_a_docstring() -> None:
    import dxtext.runs as runs

    for name in runs.__all__:
        fn = getattr(runs, name)
        assert (fn.__doc__ or "").strip(), f"dxtext.runs.{name} has no docstring"
    commands = {"corpus_info", "freq", "kwic", "topics", "network", "themes", "report"}
    commands |= {f"dict_{v}" for v in ("list", "add", "remove", "build", "check", "suggest")}
    assert commands <= set(runs.__all__)
