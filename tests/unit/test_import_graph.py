"""The modules of nqpf import each other in one direction: no cycle, counting the imports
inside functions and under TYPE_CHECKING too (a lazy import is still a dependency)."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

import nqpf

PACKAGE = Path(nqpf.__file__).parent


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the nqpf modules it imports (``from nqpf.x import y`` counts ``nqpf.x.y``
    when that is a module, else ``nqpf.x``)."""
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{anchor}.{base}" if base else anchor
                found.update(f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                             for a in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_the_graph_sees_the_build_and_its_engines() -> None:
    graph = import_graph()
    assert {"nqpf.duckdb_engine", "nqpf.spark.engine", "nqpf.dbt_runner"} <= graph["nqpf.build"]
    assert "nqpf.dbt_runner" in graph["nqpf.spark.engine"]
    assert "nqpf.dbt_runner" in graph["nqpf.duckdb_engine"]


def test_nqpf_has_no_import_cycle() -> None:
    try:
        tuple(TopologicalSorter(import_graph()).static_order())
    except CycleError as exc:
        raise AssertionError(f"import cycle: {' -> '.join(exc.args[1])}") from None


def test_a_cycle_is_found() -> None:
    """The check itself: the graph of the build as it was (build and Spark engine importing
    each other) is refused."""
    graph = import_graph()
    graph["nqpf.dbt_runner"] = graph["nqpf.dbt_runner"] | {"nqpf.build"}
    with pytest.raises(CycleError):
        tuple(TopologicalSorter(graph).static_order())
