select
    {{ dataset_from_filename() }} as dataset,
    file,
    "row" as row_number,
    region,
    cast(year as integer) as year,
    "column" as column_name,
    rule,
    detail
from {{ source('canonical', 'ingest_issues') }}
