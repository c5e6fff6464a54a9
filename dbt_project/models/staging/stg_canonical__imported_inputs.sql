select
    {{ dataset_from_filename() }} as dataset,
    cast(year as integer) as year,
    region,
    sector,
    cast(value as double) as value
from {{ source('canonical', 'imported_inputs') }}
