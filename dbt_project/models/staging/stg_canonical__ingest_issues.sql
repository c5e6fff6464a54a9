select
    {{ dataset_from_filename() }} as dataset,
    file,
    {{ adapter.quote('row') }} as row_number,
    region,
    cast(year as integer) as year,
    {{ adapter.quote('column') }} as column_name,
    rule,
    detail
from {{ source('canonical', 'ingest_issues') }}
