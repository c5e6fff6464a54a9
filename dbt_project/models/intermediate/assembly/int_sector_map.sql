-- How each reported sector code enters the matrix steps: as itself, or (harmonise_sectors) as
-- its code in the common scheme of its classification, so that every year of a dataset and
-- every dataset of one family share one sector list.
with schemes as (
    select distinct dataset, year, scheme from {{ ref('int_valid_region_years') }}
)

select
    schemes.dataset,
    schemes.year,
    s.sector,
    {% if var('harmonise_sectors') %}s.common_code{% else %}s.sector{% endif %} as out_sector,
    {% if var('harmonise_sectors') %}s.common_scheme{% else %}s.scheme{% endif %} as out_scheme
from schemes
inner join {{ ref('int_sectors') }} as s on s.scheme = schemes.scheme
