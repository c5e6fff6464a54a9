-- Region-years that passed every input rule: the only ones the matrix steps see.
select ry.*
from {{ ref('int_region_years') }} as ry
where not exists (
    select 1 from {{ ref('int_checks') }} as c
    where c.dataset = ry.dataset and c.region = ry.region and c.year = ry.year
)
