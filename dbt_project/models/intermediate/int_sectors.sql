-- All sector classifications: the shipped seeds plus those a dataset brings with it.
select scheme, sector, name_en, name_zh, productive, digital_device, digital_service,
       common_scheme, common_code
from {{ ref('stg_seeds__sectors') }}
union all
select scheme, sector, name_en, coalesce(name_zh, '') as name_zh, productive, digital_device,
       digital_service, scheme as common_scheme, coalesce(common_code, sector) as common_code
from {{ ref('stg_canonical__sectors') }}
where scheme not in (select scheme from {{ ref('stg_seeds__sectors') }})
