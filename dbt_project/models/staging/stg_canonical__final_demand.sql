select
    {{ dataset_from_filename() }} as dataset,
    cast(year as integer) as year,
    from_region,
    from_sector,
    to_region,
    category,
    cast(value as double) as value
from {{ source('canonical', 'final_demand') }}
