{# Fails for every non-null value outside [min_value, max_value] (an open end when null);
   strict=true excludes the ends. #}
{% test in_range(model, column_name, min_value=none, max_value=none, strict=false) %}
{%- set lo = '>' if strict else '>=' -%}
{%- set hi = '<' if strict else '<=' -%}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null and not (
    true
    {%- if min_value is not none %} and {{ column_name }} {{ lo }} {{ min_value }}{% endif %}
    {%- if max_value is not none %} and {{ column_name }} {{ hi }} {{ max_value }}{% endif %}
)
{% endtest %}
