select
    {{ dataset_from_filename() }} as dataset,
    sector,
    cast(years as double) as service_life_years
from {{ source('canonical', 'service_life') }}
