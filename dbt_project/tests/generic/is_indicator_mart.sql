{# Fails for every value that names no indicator mart of the mart registry. #}
{% test is_indicator_mart(model, column_name) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is null
    or {{ column_name }} not in ('{{ indicator_marts() | join("', '") }}')
{% endtest %}
