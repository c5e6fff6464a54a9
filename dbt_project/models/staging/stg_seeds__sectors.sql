-- Every shipped sector classification, one row per (scheme, sector); sector_schemes.csv names
-- each scheme's seed and the common scheme it maps to.
{%- set seeds = ['sectors_nbs2012_42', 'sectors_nbs2017_42', 'sectors_cn_common', 'sectors_wiod56'] %}

with sectors as (
{% for seed in seeds %}
    select
        '{{ seed }}' as seed,
        code as sector,
        name_en,
        coalesce(name_zh, '') as name_zh,
        cast(productive as boolean) as productive,
        cast(digital_device as boolean) as digital_device,
        cast(digital_service as boolean) as digital_service,
        common_code
    from {{ ref(seed) }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
)

select
    schemes.scheme,
    sectors.sector,
    sectors.name_en,
    sectors.name_zh,
    sectors.productive,
    sectors.digital_device,
    sectors.digital_service,
    schemes.common_scheme,
    sectors.common_code
from sectors
inner join {{ ref('sector_schemes') }} as schemes on sectors.seed = schemes.seed
