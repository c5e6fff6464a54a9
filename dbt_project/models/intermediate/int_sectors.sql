-- All sector classifications: the shipped seeds plus those datasets bring with them, each under
-- the scheme id int_sector_schemes gives it (a conflicting definition is scoped to its dataset).
with effective as (select * from {{ ref('int_sector_schemes') }}),

brought as (
    select scheme, sector, name_en, name_zh, productive, digital_device, digital_service,
           common_scheme, common_code
    from (
        select
            e.effective_scheme as scheme, s.sector, s.name_en, coalesce(s.name_zh, '') as name_zh,
            -- a missing flag is an ingest issue that quarantines the dataset; false keeps the
            -- classification itself well-formed for the other datasets
            coalesce(s.productive, false) as productive,
            coalesce(s.digital_device, false) as digital_device,
            coalesce(s.digital_service, false) as digital_service,
            e.effective_scheme as common_scheme,
            coalesce(s.common_code, s.sector) as common_code,
            -- the first dataset (by id) bringing a scheme defines each of its codes
            row_number() over (partition by e.effective_scheme, s.sector order by s.dataset)
                as nth
        from {{ ref('stg_canonical__sectors') }} as s
        inner join effective as e on e.dataset = s.dataset and e.scheme = s.scheme
        where e.effective_scheme not in (select scheme from {{ ref('stg_seeds__sectors') }})
    ) as numbered
    where nth = 1
)

select scheme, sector, name_en, name_zh, productive, digital_device, digital_service,
       common_scheme, common_code
from {{ ref('stg_seeds__sectors') }}
union all
select * from brought
