"""The wrapper around dbt-duckdb's private connection state (nqpf/dbt_duckdb.py)."""

from __future__ import annotations

import pytest
from dbt.adapters.duckdb.connections import DuckDBConnectionManager as Manager

from nqpf.dbt_duckdb import DbtDuckdbChanged, release


def test_release_without_an_open_instance_does_nothing() -> None:
    release()
    assert Manager._ENV is None


def test_a_renamed_private_attribute_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(Manager, "_ENV")
    with pytest.raises(DbtDuckdbChanged, match=r"dbt-duckdb .*no _LOCK/_ENV"):
        release()
