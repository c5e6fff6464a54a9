-- A region code names one region for every dataset (int_regions holds its definition). A
-- dataset whose regions table gives a code another English or Chinese name, level or parent
-- has its region-years of that region quarantined, so that no dataset renames a region
-- another one uses; an attribute the dataset leaves empty does not conflict.
with brought as (select * from {{ ref('stg_canonical__regions') }}),

defined as (select * from {{ ref('int_regions') }}),

conflicts as (
    select diff.dataset, diff.region,
        {{ nqpf_string_agg("field || ' ' || given || ' (' || defined_by || ': ' || standing || ')'", "'; '", 'field') }} as differences
    from (
        {%- for field in ['name_en', 'name_zh', 'region_level', 'parent_region'] %}
        select b.dataset, b.region, '{{ field }}' as field, b.{{ field }} as given,
            d.{{ field }} as standing, d.defined_by
        from brought as b
        inner join defined as d on d.region = b.region and d.defined_by <> b.dataset
        where nullif(b.{{ field }}, '') <> d.{{ field }}
        {% if not loop.last %}union all{% endif %}
        {%- endfor %}
    ) as diff
    group by all
)

select c.dataset, c.region, ry.year, 'conflicting_region' as rule,
    'regions: code ' || c.region || ' differs from its definition: ' || c.differences as detail
from conflicts as c
inner join {{ ref('int_region_years') }} as ry on ry.dataset = c.dataset and ry.region = c.region
