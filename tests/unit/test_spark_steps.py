"""The Spark step runner's pieces that need no Spark: the dbt shim a step model runs with, and
the Arrow payloads its tasks exchange."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from nqpf.spark.steps import Step, _from_ipc, _pack, _to_ipc, _unified_schema, _unpack, run_model

MODEL = '''
def model(dbt, session):
    dbt.config(materialized="table")
    flows = dbt.ref("flows").df()
    return flows.assign(scaled=flows["value"] * float(dbt.config.get("factor")))
'''


def test_a_step_model_runs_on_the_frames_of_its_refs() -> None:
    step = Step("int_scaled", MODEL, "int_scaled.py", ("flows",), {"factor": "2.5"})
    flows = pd.DataFrame({"dataset": ["d", "d"], "year": [2017, 2017], "value": [1.0, 4.0]})
    out = run_model(step, {"flows": flows})
    assert out["scaled"].tolist() == [2.5, 10.0]


PIECEWISE = '''
def model(dbt, session):
    part = dbt.ref("flows").filter("dataset = 'd' and year = 2017").project("value").fetchnumpy()
    return {"total": float(part["value"].sum())}
'''


def test_a_step_model_may_read_its_ref_through_the_duckdb_relation_api() -> None:
    """As dbt-duckdb hands a model a DuckDB relation, a task's ref answers the same calls."""
    step = Step("int_total", PIECEWISE, "int_total.py", ("flows",), {})
    flows = pd.DataFrame({"dataset": ["d", "d", "e"], "year": [2017, 2012, 2017],
                          "value": [1.0, 4.0, 16.0]})
    assert run_model(step, {"flows": flows}) == {"total": 1.0}


def test_a_packed_group_keeps_its_column_types() -> None:
    group = pd.DataFrame({"dataset": ["d"], "year": pd.array([2017], dtype="int32"),
                          "productive": [True], "value": [0.1]})
    packed = _pack("int_region_sectors")(("d", 2017), group)
    assert packed[["dataset", "year", "frame"]].to_numpy().tolist() == [
        ["d", 2017, "int_region_sectors"]]
    back = _from_ipc(packed["payload"].iloc[0]).to_pandas()
    assert back.dtypes.astype(str).tolist() == group.dtypes.astype(str).tolist()
    assert back.equals(group)


def test_results_of_all_tasks_share_one_schema() -> None:
    """A column all null in one dataset-year (a failed solve) takes the others' type."""
    ok = pa.table({"year": [2017, 2017], "lambda": [0.5, 0.25], "detail": [None, None]})
    failed = pa.table({"year": [2012], "lambda": pa.nulls(1), "detail": ["singular"]})
    schema = _unified_schema([t.schema.serialize().to_pybytes() for t in (ok, failed)])
    assert schema.field("lambda").type == pa.float64()
    assert schema.field("detail").type == pa.string()
    batches = list(_unpack(schema)(iter([pa.record_batch(
        {"payload": [_to_ipc(ok), _to_ipc(failed)]})])))
    rows = pa.Table.from_batches(batches, schema=schema).to_pylist()
    assert rows == [{"year": 2017, "lambda": 0.5, "detail": None},
                    {"year": 2017, "lambda": 0.25, "detail": None},
                    {"year": 2012, "lambda": None, "detail": "singular"}]


def test_the_network_step_binds_the_dataset_it_reads(monkeypatch) -> None:
    """The network model's own file selects a dataset-year's flows with the name bound as a
    value: a name with a quote reads its rows, not an SQL error."""
    import nqpf.steps.network as network
    from nqpf.paths import DBT_DIR

    monkeypatch.setattr(network, "compute_network",
                        lambda read, *_frames, k: read("bad's copy", 2017))
    path = DBT_DIR / "models" / "intermediate" / "network" / "int_network.py"
    refs = ("int_mrio_flows", "int_network_nodes", "int_region_flows", "int_region_sectors",
            "int_values", "int_prices")
    step = Step("int_network", path.read_text(encoding="utf-8"), str(path), refs,
                {"top_suppliers": "10"})
    flows = pd.DataFrame({"dataset": ["bad's copy", "d", "bad's copy"],
                          "year": [2017, 2017, 2012], "from_node": [0, 1, 2],
                          "to_node": [3, 4, 5], "value": [1.5, 2.5, 3.5]})
    frames = {"int_mrio_flows": flows, **{name: pd.DataFrame() for name in refs[1:]}}
    read = run_model(step, frames).read_all().to_pydict()
    assert read == {"from_node": [0], "to_node": [3], "value": [1.5]}
