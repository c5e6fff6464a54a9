select
    {{ dataset_from_filename() }} as dataset,
    code as region,
    name_en,
    name_zh,
    parent as parent_region,
    level as region_level
from {{ source('canonical', 'regions') }}
