"""Which canonical dataset folders a build can read.

dbt reads each canonical table across all datasets at once, so one folder whose files are
unreadable or of the wrong type (a hand-edited Parquet file with the year as text, a truncated
file, metadata that breaks the contract) would fail the build for every dataset. Such a folder
is left out of the build instead and reported as a quarantine row for the whole dataset.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from nqpf.contract import DATASET_INFO_SCHEMA, TABLES, read_metadata
from nqpf.metadata import MetadataError

#: the rule a refused dataset is quarantined under
RULE = "unreadable_dataset"


def _kind(t: pa.DataType) -> str:
    if pa.types.is_dictionary(t):  # dictionary-encoded codes (streamed tables) read as values
        return _kind(t.value_type)
    if pa.types.is_integer(t):
        return "integer"
    if pa.types.is_floating(t) or pa.types.is_decimal(t):
        return "number"
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "text"
    if pa.types.is_boolean(t):
        return "boolean"
    return "null" if pa.types.is_null(t) else str(t)


#: file kinds each contract kind accepts (an integer column may hold doubles' values, and an
#: all-null column has no type of its own)
_ACCEPTS = {"integer": {"integer", "null"}, "number": {"number", "integer", "null"},
            "text": {"text", "null"}, "boolean": {"boolean", "null"}}


def problem(folder: Path) -> str | None:
    """Why the build cannot read dataset ``folder``, or None when it can."""
    try:
        read_metadata(folder)
    except (OSError, ValueError) as exc:  # MetadataError and JSON errors are ValueErrors
        return str(exc) if isinstance(exc, MetadataError) else f"metadata.json: {exc}"
    schemas = {name: schema for name, (_, schema) in TABLES.items()}
    schemas["dataset_info"] = DATASET_INFO_SCHEMA
    for name, schema in schemas.items():
        path = folder / f"{name}.parquet"
        try:
            found = pq.read_schema(path)
            pq.ParquetFile(path).metadata  # noqa: B018 - reads the footer of every row group
        except (OSError, pa.ArrowException) as exc:
            return f"{path.name}: not a readable Parquet file ({exc})"
        for field in schema:
            if field.name not in found.names:
                return f"{path.name}: no column {field.name!r}"
            got = _kind(found.field(field.name).type)
            if got not in _ACCEPTS[_kind(field.type)]:
                return (f"{path.name}: column {field.name!r} is {got}, the contract says "
                        f"{_kind(field.type)}")
    return None


def readable(canonical: Path, datasets: list[str]) -> tuple[list[str], dict[str, str]]:
    """The datasets a build can read, and the others with the reason."""
    refused = {name: why for name in datasets if (why := problem(canonical / name))}
    return [d for d in datasets if d not in refused], refused
