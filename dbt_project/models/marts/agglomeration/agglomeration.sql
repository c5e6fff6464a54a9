-- Agglomeration per region-year and sector (METHOD.md section 7): the region's share of the
-- national sector (pri), and per region the digital location quotient (dlq) and total output
-- at prices of production (pp) in units of 1e8 hours, the unit of the method paper's Table 2.
select
    a.dataset,
    a.region,
    cast(a.year as integer) as year,
    a.sector,
    a.economy,
    a.pri,
    a.dlq,
    a.pp / 1e8 as pp,
    '1e8 hours' as pp_unit
from {{ ref('int_agglomeration') }} as a
