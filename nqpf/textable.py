"""Query results as text without pandas (which alone takes longer to import than a quick
query takes to answer): an aligned table, CSV or JSON records."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from typing import Any


def _cell(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def table(names: Sequence[str], rows: Sequence[Sequence[Any]], more: bool = False) -> str:
    """Columns right-aligned under their names; ``more`` notes that rows were left off."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(names)]
    lines = [" ".join(name.rjust(width) for name, width in zip(names, widths, strict=True))]
    lines += [" ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True))
              for row in cells]
    if more:
        lines.append(f"[the first {len(rows)} rows; add a LIMIT, or --max-rows]")
    return "\n".join(lines)


def csv_text(names: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(rows)
    return out.getvalue()


def json_records(names: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Rows as a JSON list of objects; NaN becomes null, dates and decimals their text."""
    def plain(value: Any) -> Any:
        return None if isinstance(value, float) and math.isnan(value) else value

    records = [{name: plain(value) for name, value in zip(names, row, strict=True)}
               for row in rows]
    return json.dumps(records, ensure_ascii=False, default=str)
