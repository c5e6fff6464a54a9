"""Constraints on the dbt seeds that every engine needs."""

from nqpf.paths import SEEDS_DIR


def test_seed_text_has_no_single_quote() -> None:
    """dbt-spark writes seed values into SQL literals without escaping quotes, so a quote in a
    seed breaks the Spark build."""
    seeds = sorted(SEEDS_DIR.glob("*.csv"))
    assert seeds
    quoted = [p.name for p in seeds if "'" in p.read_text(encoding="utf-8")]
    assert quoted == []
