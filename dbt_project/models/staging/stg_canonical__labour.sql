select
    {{ dataset_from_filename() }} as dataset,
    cast(year as integer) as year,
    region,
    sector,
    measure,
    cast(value as double) as value,
    unit
from {{ source('canonical', 'labour') }}
