"""The one place that reaches into dbt-duckdb's private state.

dbt-duckdb keeps one DuckDB instance open for the life of the process (class attributes
``_ENV`` guarded by ``_LOCK`` of its connection manager); nothing public closes it. If a
dbt-duckdb release renames them, :func:`release` fails with a message saying so instead of
leaving the warehouse file locked.
"""

from __future__ import annotations


class DbtDuckdbChanged(RuntimeError):
    """The installed dbt-duckdb no longer has the state this wrapper closes."""


def release() -> None:
    """Close the DuckDB instance dbt-duckdb keeps open, so that other processes (the app,
    ``nqpf query``) can open the warehouse file this process built."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager as Manager

    if not (hasattr(Manager, "_LOCK") and hasattr(Manager, "_ENV")):
        from dbt.adapters.duckdb.__version__ import version

        raise DbtDuckdbChanged(
            f"dbt-duckdb {version}: DuckDBConnectionManager has no _LOCK/_ENV; "
            "update nqpf/dbt_duckdb.py to close its DuckDB instance")
    with Manager._LOCK:
        if Manager._ENV is not None:
            Manager._ENV.close()
            Manager._ENV = None
