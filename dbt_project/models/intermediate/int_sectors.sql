-- All sector classifications: the shipped seeds plus those datasets bring with them (several
-- datasets may bring the same scheme; its first definition counts).
select scheme, sector, name_en, name_zh, productive, digital_device, digital_service,
       common_scheme, common_code
from {{ ref('stg_seeds__sectors') }}
union all
select scheme, sector, name_en, coalesce(name_zh, '') as name_zh, productive, digital_device,
       digital_service, scheme as common_scheme, coalesce(common_code, sector) as common_code
from (
    -- the first dataset (by id) that brings a scheme defines it
    select *, row_number() over (partition by scheme, sector order by dataset) as nth
    from {{ ref('stg_canonical__sectors') }}
    where scheme not in (select scheme from {{ ref('stg_seeds__sectors') }})
) as brought
where nth = 1
