{#
  Values of a coded column of the canonical contract that the seed contract_vocabulary does
  not list for that table (column = 'code', or 'unit' for the labour units).
#}
{% test in_vocabulary(model, column_name, source_table, field='code') %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
    and {{ column_name }} not in (
        select {{ field }} from {{ ref('contract_vocabulary') }}
        where source_table = '{{ source_table }}' and {{ field }} is not null)
{% endtest %}
