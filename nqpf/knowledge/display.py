"""Print query answers for people: IRIs shortened to prefixed names, rows as a text table."""

from __future__ import annotations

from typing import Any

import pandas as pd

from nqpf.knowledge.datacube import EXPORT_PREFIXES
from nqpf.knowledge.queries import Answer

#: (prefix, namespace), longest namespace first so the most specific prefix wins
_NAMESPACES = sorted(EXPORT_PREFIXES.items(), key=lambda item: -len(item[1]))


def compact(value: Any) -> Any:
    """``prefix:local`` for an IRI string in a known namespace; anything else unchanged."""
    if isinstance(value, str):
        for prefix, namespace in _NAMESPACES:
            if value.startswith(namespace) and len(value) > len(namespace):
                return f"{prefix}:{value[len(namespace):]}"
    return value


def table(answer: Answer, max_rows: int | None = None) -> str:
    """The answer as an aligned text table (with the row count when it is empty)."""
    if not answer.rows:
        return f"(no rows; columns: {', '.join(answer.columns)})"
    frame = pd.DataFrame([{col: compact(row[col]) for col in answer.columns}
                          for row in answer.rows], columns=answer.columns)
    return frame.fillna("").to_string(index=False, max_rows=max_rows, max_colwidth=60)
