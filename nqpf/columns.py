"""The column catalogue of a build, read from dbt's manifest: every column of every model and
seed with its type, description and the data tests on it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

#: the catalogue's columns, in order
FIELDS = ("table", "column", "data_type", "description", "tests", "layer")


def _test_name(test: dict[str, Any]) -> str:
    meta = test.get("test_metadata") or {}
    name = meta.get("name") or test["name"]
    namespace = meta.get("namespace")
    return f"{namespace}.{name}" if namespace else name


def column_rows(manifest: dict[str, Any]) -> list[dict[str, str]]:
    """One row per (table, column) of the manifest's models and seeds, in table order; the
    tests column lists the names of the data tests on that column (table-level tests on the
    column list, such as unique combinations, count for each column they name)."""
    nodes = manifest.get("nodes", {})
    tests: dict[tuple[str, str], list[str]] = {}
    for node in nodes.values():
        if node.get("resource_type") != "test" or not node.get("attached_node"):
            continue
        kwargs = (node.get("test_metadata") or {}).get("kwargs", {})
        named = kwargs.get("combination_of_columns") or [node.get("column_name")]
        for column in filter(None, named):
            tests.setdefault((node["attached_node"], column), []).append(_test_name(node))
    rows = []
    for uid, node in sorted(nodes.items(), key=lambda item: item[1].get("name", "")):
        if node.get("resource_type") not in ("model", "seed"):
            continue
        path = node.get("original_file_path", "")
        layer = path.split("/")[1] if path.startswith("models/") else "seed"
        for name, column in node.get("columns", {}).items():
            rows.append({
                "table": node["name"], "column": name,
                "data_type": column.get("data_type") or "",
                "description": (column.get("description") or "").strip(),
                "tests": ", ".join(sorted(set(tests.get((uid, name), [])))),
                "layer": layer,
            })
    return rows


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest at ``path`` (``FileNotFoundError`` when the build wrote none)."""
    return json.loads(path.read_text(encoding="utf-8"))
