-- All sector classifications: the shipped seeds plus those datasets bring with them, each under
-- the scheme id int_sector_schemes gives it (a conflicting definition is scoped to its dataset).
with effective as (select * from {{ ref('int_sector_schemes') }}),

brought as (
    select distinct on (e.effective_scheme, s.sector)
        e.effective_scheme as scheme, s.sector, s.name_en, coalesce(s.name_zh, '') as name_zh,
        -- a missing flag is an ingest issue that quarantines the dataset; false keeps the
        -- classification itself well-formed for the other datasets
        coalesce(s.productive, false) as productive,
        coalesce(s.digital_device, false) as digital_device,
        coalesce(s.digital_service, false) as digital_service,
        e.effective_scheme as common_scheme,
        coalesce(s.common_code, s.sector) as common_code
    from {{ ref('stg_canonical__sectors') }} as s
    inner join effective as e on e.dataset = s.dataset and e.scheme = s.scheme
    where e.effective_scheme not in (select scheme from {{ ref('stg_seeds__sectors') }})
    order by e.effective_scheme, s.sector, s.dataset
)

select scheme, sector, name_en, name_zh, productive, digital_device, digital_service,
       common_scheme, common_code
from {{ ref('stg_seeds__sectors') }}
union all
select * from brought
