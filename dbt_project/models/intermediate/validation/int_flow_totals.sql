-- The intermediate flows into each using region-sector-year, in one pass over the flows: the
-- rules and models that need only totals per user read this (a dense city MRIO has hundreds
-- of millions of flows but a few thousand users a year).
select
    dataset, year, to_region as region, to_sector as sector,
    {{ nqpf_sum('value') }} as inputs,
    max(abs(value)) as largest
from {{ ref('stg_canonical__flows') }}
group by dataset, year, to_region, to_sector
