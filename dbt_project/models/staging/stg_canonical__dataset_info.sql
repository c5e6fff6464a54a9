select
    {{ dataset_from_filename() }} as dataset,
    cast(year as integer) as year,
    classification,
    monetary_unit,
    currency,
    cast(currency_scale as double) as currency_scale,
    region_level,
    mrio,
    single_economy,
    synthetic,
    title,
    publisher,
    source,
    license,
    import_treatment,
    notes
from {{ source('canonical', 'dataset_info') }}
