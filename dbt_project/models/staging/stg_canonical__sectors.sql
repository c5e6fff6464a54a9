select
    {{ dataset_from_filename() }} as dataset,
    scheme,
    code as sector,
    name_en,
    name_zh,
    productive,
    digital_device,
    digital_service,
    common_code
from {{ source('canonical', 'sectors') }}
