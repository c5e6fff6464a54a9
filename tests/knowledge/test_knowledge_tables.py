"""The dbt knowledge tables: built with the warehouse, equal to the knowledge files, and
joinable to the marts' indicator columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from nqpf.knowledge import tables
from nqpf.knowledge.schema import MODELS
from nqpf.warehouse import connect
from nqpf.warehouse import tables as warehouse_tables

FRAMES = {
    "dim_indicator": tables.indicator_frame,
    "indicator_mechanism": tables.indicator_mechanism_frame,
    "dim_concept": tables.concept_frame,
    "concept_link": tables.concept_link_frame,
    "evidence": tables.evidence_frame,
    "hypothesis_prediction": tables.prediction_frame,
}


@pytest.mark.parametrize("model", sorted(FRAMES))
def test_table_holds_the_knowledge_frame(shipped_warehouse: Path, model: str) -> None:
    expected = FRAMES[model]()
    with connect(shipped_warehouse) as con:
        built = con.execute(f"select * from {model}").fetchdf()
    assert list(built.columns) == list(expected.columns)
    assert len(built) == len(expected) > 0
    key = built.columns[0]
    assert set(built[key]) == set(expected[key])


def test_every_indicator_column_of_values_has_a_mechanism(shipped_warehouse: Path) -> None:
    with connect(shipped_warehouse) as con:
        rows = con.execute("""
            select c.column_name, count(m.mechanism_id) as mechanisms,
                   bool_and(k.concept_type in ('Mechanism', 'Channel', 'Outcome')) as all_mechanisms
            from information_schema.columns c
            join dim_indicator i on i.indicator_id = c.column_name
            left join indicator_mechanism m using (indicator_id)
            left join dim_concept k on k.concept_id = m.mechanism_id
            where c.table_name = 'values'
            group by c.column_name""").fetchall()
    found = {name: (count, ok) for name, count, ok in rows}
    assert {"lambda", "melt", "tlp", "tlpr", "lp", "occ", "c", "v"} <= set(found)
    assert all(count >= 1 and ok for count, ok in found.values()), found


def test_every_indicator_is_a_column_of_its_built_mart(shipped_warehouse: Path) -> None:
    with connect(shipped_warehouse) as con:
        built = set(warehouse_tables(con)) & set(MODELS)
        missing = con.execute(f"""
            select i.computed_by, i.indicator_id from dim_indicator i
            where i.computed_by in ({", ".join(f"'{m}'" for m in sorted(built))})
              and not exists (select 1 from information_schema.columns c
                              where c.table_name = i.computed_by
                                and c.column_name = i.indicator_id)""").fetchall()
    assert {"values", "prices", "profit_rates"} <= built
    assert missing == []


def test_sql_walks_from_an_indicator_to_policies_and_evidence(shipped_warehouse: Path) -> None:
    """dsr -> its channel -> the constraints on the channel or a broader mechanism -> the
    policies addressing them; and the published coefficient of dsr on ln tlpr."""
    with connect(shipped_warehouse) as con:
        policies = {row[0] for row in con.execute("""
            with recursive scope(mechanism_id) as (
                select mechanism_id from indicator_mechanism where indicator_id = 'dsr'
                union
                select l.target_id from concept_link l join scope s
                  on l.concept_id = s.mechanism_id and l.relation = 'broader')
            select distinct p.concept_id
            from scope
            join concept_link c on c.target_id = scope.mechanism_id and c.relation = 'constrains'
            join concept_link p on p.target_id = c.concept_id and p.relation = 'addresses'
            """).fetchall()}
        coefficient = con.execute("""
            select coefficient from evidence
            where regressor_id = 'dsr' and outcome_id = 'tlpr' and paper_table = 3""").fetchall()
    assert {"p004_economic_reform", "p004_sci_tech_reform"} <= policies
    assert coefficient == [(0.0938,)]


def test_no_ex_ante_prediction_cites_results_or_conclusions(shipped_warehouse: Path) -> None:
    with connect(shipped_warehouse) as con:
        chapters = dict(con.execute("""
            select ex_ante, list(distinct split_part(cited_section, '.', 1) order by 1)
            from hypothesis_prediction group by ex_ante""").fetchall())
    assert chapters == {True: ["3"], False: ["5"]}
