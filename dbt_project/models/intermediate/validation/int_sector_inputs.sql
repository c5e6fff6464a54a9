-- The inputs of each region-sector-year by kind (column j of its table, METHOD.md notation):
-- intermediate inputs sum_i Z[i, j] + m_j (domestic flows and imports) and value added
-- sum_k va[k, j], the flows summed per user first (int_flow_totals). It serves the column
-- balance rule (int_checks__balance) and the inputs-above-output warning (int_warnings).
select
    dataset, region, year, sector,
    {{ nqpf_sum("case when kind = 'intermediate' then value end") }} as intermediate_inputs,
    {{ nqpf_sum("case when kind = 'value_added' then value end") }} as value_added
from (
    select 'intermediate' as kind, dataset, region, year, sector, inputs as value
    from {{ ref('int_flow_totals') }}
    union all
    select 'intermediate', dataset, region, year, sector, value
    from {{ ref('stg_canonical__imported_inputs') }}
    union all
    select 'value_added', dataset, region, year, sector, value
    from {{ ref('stg_canonical__value_added') }}
)
group by dataset, region, year, sector
