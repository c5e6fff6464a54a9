"""The matrix steps as Spark jobs: the dbt Python models of the intermediate layer, run on the
executors one (dataset, year) at a time through ``groupBy(...).applyInPandas(...)``.

dbt-spark submits Python models to Databricks only, so on open-source Spark the build runs
these models itself between two dbt phases (``nqpf.spark.engine``). Each model file runs
unchanged: a task gets the rows of one dataset-year of every table the model refs, as the
pandas frames ``dbt.ref(...).df()`` returns on DuckDB, and calls the model's ``model(dbt,
session)``, which calls ``nqpf.steps`` and the kernels. The tables travel between stages as
Arrow IPC payloads, one row per dataset-year, so a step with any number of inputs is one
grouped job and every frame keeps its column types.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from graphlib import TopologicalSorter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

#: Every matrix step is independent per dataset-year (the aggregate, prices, the network and
#: agglomeration need all regions of one year), so that is the partition.
PARTITION = ("dataset", "year")
#: dbt Python models in this folder are the matrix steps; those in the marts run on DuckDB.
STEP_FOLDER = "models/intermediate/"

PACKED = "dataset string, year int, frame string, payload binary"
RESULT = "dataset string, year int, schema binary, payload binary"


@dataclass(frozen=True)
class Step:
    """One dbt Python model: its file's code, the models it refs and its config."""

    name: str
    code: str
    path: str
    inputs: tuple[str, ...]
    config: Mapping[str, Any]


def steps_from_manifest(manifest: Any, project_dir: Path) -> list[Step]:
    """The step models of a parsed dbt manifest, each after the steps it refs."""
    nodes = {
        node.name: node for node in manifest.nodes.values()
        if node.resource_type == "model" and node.language == "python"
        and node.original_file_path.startswith(STEP_FOLDER)
    }
    by_id = {node.unique_id: node.name for node in manifest.nodes.values()}
    inputs = {name: tuple(by_id[d] for d in node.depends_on.nodes if d in by_id)
              for name, node in nodes.items()}
    order = TopologicalSorter({n: [i for i in inputs[n] if i in nodes] for n in nodes})
    return [
        Step(name, (project_dir / nodes[name].original_file_path).read_text(encoding="utf-8"),
             nodes[name].original_file_path, inputs[name], nodes[name].config.to_dict())
        for name in order.static_order()
    ]


def _to_ipc(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def _from_ipc(payload: bytes) -> pa.Table:
    return pa.ipc.open_stream(payload).read_all()


class _Ref:
    """``dbt.ref(...)`` in a task: ``df()`` is the dataset-year's frame as it is; the rest of
    the DuckDB relation API that dbt-duckdb hands a model (``filter``, ``project``,
    ``fetchnumpy``, ...) runs on that frame in an in-memory DuckDB, so a model that reads its
    input piecewise runs unchanged."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame

    def df(self) -> pd.DataFrame:
        return self._frame

    def __getattr__(self, name: str) -> Any:
        import duckdb

        return getattr(duckdb.connect().from_df(self._frame), name)


class _Config:
    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values

    def __call__(self, **_settings: Any) -> None:
        """``dbt.config(materialized=...)`` in a model: the runner decides how to store."""

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)


class _Dbt:
    """The part of dbt's Python-model API the step models use: ``ref(...)``, ``config``."""

    def __init__(self, frames: Mapping[str, pd.DataFrame], config: Mapping[str, Any]) -> None:
        self._frames = frames
        self.config = _Config(config)

    def ref(self, name: str) -> _Ref:
        return _Ref(self._frames[name])


def run_model(step: Step, frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Run the step's dbt model file on ``frames`` (one per input) and return its frame."""
    namespace: dict[str, Any] = {"__name__": step.name}
    exec(compile(step.code, step.path, "exec"), namespace)
    return namespace["model"](_Dbt(frames, step.config), None)


def _pack(name: str) -> Callable[[tuple, pd.DataFrame], pd.DataFrame]:
    def pack(key: tuple, group: pd.DataFrame) -> pd.DataFrame:
        payload = _to_ipc(pa.Table.from_pandas(group, preserve_index=False))
        return pd.DataFrame({"dataset": [key[0]], "year": [int(key[1])], "frame": [name],
                             "payload": [payload]})
    return pack


def _run(step: Step, empty: Mapping[str, bytes]) -> Callable[[tuple, pd.DataFrame], pd.DataFrame]:
    def run(key: tuple, packed: pd.DataFrame) -> pd.DataFrame:
        payloads = dict(empty)
        payloads.update(zip(packed["frame"], packed["payload"], strict=True))
        frames = {name: _from_ipc(payloads[name]).to_pandas() for name in step.inputs}
        result = run_model(step, frames)  # a model returns a pandas frame or an Arrow table
        table = (result if isinstance(result, pa.Table)
                 else pa.Table.from_pandas(result, preserve_index=False))
        return pd.DataFrame({"dataset": [key[0]], "year": [int(key[1])],
                             "schema": [table.schema.serialize().to_pybytes()],
                             "payload": [_to_ipc(table)]})
    return run


def _unified_schema(schemas: list[bytes]) -> pa.Schema:
    """One schema for every task's result: a column that is all null in one dataset-year
    takes its type from the others; text is plain string."""
    parsed = [pa.ipc.read_schema(pa.py_buffer(s)) for s in schemas]
    unified = pa.unify_schemas(parsed, promote_options="permissive")
    fields = []
    for f in unified:
        kind = f.type
        if pa.types.is_large_string(kind) or pa.types.is_null(kind):
            kind = pa.string() if pa.types.is_large_string(kind) else pa.float64()
        fields.append(pa.field(f.name, kind))
    return pa.schema(fields)


def _unpack(schema: pa.Schema) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    def unpack(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            for payload in batch.column("payload").to_pylist():
                table = _from_ipc(payload)
                columns = [table.column(f.name).cast(f.type) if f.name in table.column_names
                           else pa.nulls(table.num_rows, f.type) for f in schema]
                yield from pa.Table.from_arrays(columns, schema=schema).to_batches()
    return unpack


class StepRunner:
    """Runs the steps in order, writing each as a Spark table in ``database``."""

    def __init__(self, spark: SparkSession, database: str,
                 emit: Callable[[str], None]) -> None:
        self.spark = spark
        self.database = database
        self.emit = emit
        self._packed: dict[str, DataFrame] = {}
        self._empty: dict[str, bytes] = {}

    def _input(self, name: str) -> DataFrame:
        """The table ``name`` packed per dataset-year (once per build; steps share inputs)."""
        if name not in self._packed:
            table = self.spark.table(f"{self.database}.{name}")
            self._empty[name] = _to_ipc(pa.Table.from_pandas(
                table.limit(0).toPandas(), preserve_index=False))
            self._packed[name] = (table.groupBy(*PARTITION)
                                  .applyInPandas(_pack(name), PACKED).persist())
        return self._packed[name]

    def run(self, steps: list[Step]) -> None:
        from pyspark.sql.pandas.types import from_arrow_schema

        for position, step in enumerate(steps, 1):
            packed = self._input(step.inputs[0])
            for name in step.inputs[1:]:
                packed = packed.unionByName(self._input(name))
            empty = {name: self._empty[name] for name in step.inputs}
            results = (packed.groupBy(*PARTITION)
                       .applyInPandas(_run(step, empty), RESULT).persist())
            schemas = [row.schema for row in results.select("schema").collect()]
            if not schemas:
                results.unpersist()
                raise RuntimeError(f"step {step.name}: no dataset-year to compute")
            schema = _unified_schema(schemas)
            (results.select("payload")
             .mapInArrow(_unpack(schema), from_arrow_schema(schema))
             .write.mode("overwrite").format("parquet")
             .saveAsTable(f"{self.database}.{step.name}"))
            results.unpersist()
            self.emit(f"[step {position}/{len(steps)}] ok      spark "
                      f"{step.name} ({len(schemas)} dataset-years)")

    def close(self) -> None:
        for frame in self._packed.values():
            frame.unpersist()
