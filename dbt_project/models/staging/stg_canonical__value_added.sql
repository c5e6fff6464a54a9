select
    {{ dataset_from_filename() }} as dataset,
    cast(year as integer) as year,
    region,
    sector,
    component,
    cast(value as double) as value
from {{ source('canonical', 'value_added') }}
