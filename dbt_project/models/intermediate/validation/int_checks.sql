-- Every rule violation found in the canonical data, one row per offending cell or key.
{%- set checks = ['int_checks__ingest', 'int_checks__cells', 'int_checks__codes',
                  'int_checks__coverage', 'int_checks__balance', 'int_checks__scope',
                  'int_checks__labour', 'int_checks__deflators',
                  'int_checks__regions'] %}
{% for check in checks %}
select dataset, region, year, rule, detail from {{ ref(check) }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
