select
    code as region,
    name_en,
    name_zh,
    parent as parent_region,
    level as region_level,
    cast(official_order as integer) as official_order
from {{ ref('regions') }}
