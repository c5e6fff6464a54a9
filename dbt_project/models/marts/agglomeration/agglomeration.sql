-- Agglomeration per region-year and sector (METHOD.md section 7): the region's share of the
-- national sector (pri), and per region the digital location quotient (dlq) and total output
-- at prices of production (pp).
select
    a.dataset,
    a.region,
    cast(a.year as integer) as year,
    a.sector,
    a.pri,
    a.dlq,
    a.pp,
    'hours' as pp_unit
from {{ ref('int_agglomeration') }} as a
