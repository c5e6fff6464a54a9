-- Flows between region-sectors of the multi-regional datasets as (from_node, to_node, value)
-- on the harmonised sector list, into region-years that passed validation (METHOD.md section
-- 6 needs the full MRIO). Integer node numbers (int_network_nodes), not four code columns:
-- the network step reads one dataset-year at a time straight into a sparse matrix, which
-- also sums the flows that harmonisation maps onto the same cell. A view: the network step is
-- its only reader.
{{ config(materialized='view') }}
-- reported (region, sector) -> node, through the sector map: one join per side of a flow
with keys as (
    select m.dataset, m.year, n.region, m.sector, n.node
    from {{ ref('int_sector_map') }} as m
    inner join {{ ref('int_network_nodes') }} as n
        on n.dataset = m.dataset and n.year = m.year and n.sector = m.out_sector
)

select f.dataset, f.year, i.node as from_node, j.node as to_node, f.value
from {{ ref('stg_canonical__flows') }} as f
inner join keys as i
    on i.dataset = f.dataset and i.year = f.year and i.region = f.from_region
        and i.sector = f.from_sector
inner join keys as j
    on j.dataset = f.dataset and j.year = f.year and j.region = f.to_region
        and j.sector = f.to_sector
