-- Flows between region-sectors of the multi-regional datasets as (from_node, to_node, value)
-- on the harmonised sector list (METHOD.md section 6 needs the full MRIO). Integer node
-- numbers (int_network_nodes), not four code columns: the network step reads one
-- dataset-year at a time straight into a sparse matrix, which also sums the flows that
-- harmonisation maps onto the same cell. Node -1: a region-year that did not pass validation
-- (the step leaves those flows out). Left joins on purpose: with inner joins DuckDB pairs the
-- two key lists first (N^2 rows) before it meets the flows. A view: the network step is its
-- only reader.
{{ config(materialized='view') }}
-- reported (region, sector) -> node, through the sector map
with keys as (
    select m.dataset, m.year, n.region, m.sector, n.node
    from {{ ref('int_sector_map') }} as m
    inner join {{ ref('int_network_nodes') }} as n
        on n.dataset = m.dataset and n.year = m.year and n.sector = m.out_sector
)

select
    f.dataset, f.year, coalesce(i.node, -1) as from_node, coalesce(j.node, -1) as to_node,
    f.value
from {{ ref('stg_canonical__flows') }} as f
left join keys as i
    on i.dataset = f.dataset and i.year = f.year and i.region = f.from_region
        and i.sector = f.from_sector
left join keys as j
    on j.dataset = f.dataset and j.year = f.year and j.region = f.to_region
        and j.sector = f.to_sector
