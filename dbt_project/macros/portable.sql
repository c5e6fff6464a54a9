{#
  SQL that DuckDB and Spark spell differently, one macro each (adapter.dispatch), so the
  models stay one codebase for both engines.
#}

{# The values of `expr` joined by `separator` in the order of `order_by`. #}
{% macro nqpf_string_agg(expr, separator, order_by) -%}
    {{ return(adapter.dispatch('nqpf_string_agg', 'nqpf')(expr, separator, order_by)) }}
{%- endmacro %}

{% macro duckdb__nqpf_string_agg(expr, separator, order_by) -%}
    string_agg({{ expr }}, {{ separator }} order by {{ order_by }})
{%- endmacro %}

{% macro spark__nqpf_string_agg(expr, separator, order_by) -%}
    string_agg({{ expr }}, {{ separator }}) within group (order by {{ order_by }})
{%- endmacro %}

{# An aggregate over its argument in sorted order: DuckDB's parallel sums then give the same
   bits on every run. Spark has no ordered aggregates; its sums agree to the checksum digits. #}
{% macro nqpf_ordered_agg(function, expr) -%}
    {{ return(adapter.dispatch('nqpf_ordered_agg', 'nqpf')(function, expr)) }}
{%- endmacro %}

{% macro duckdb__nqpf_ordered_agg(function, expr) -%}
    {{ function }}({{ expr }} order by {{ expr }})
{%- endmacro %}

{% macro spark__nqpf_ordered_agg(function, expr) -%}
    {{ function }}({{ expr }})
{%- endmacro %}

{# A BIGINT with only bit `position` (0-62) set. #}
{% macro nqpf_bit(position) -%}
    {{ return(adapter.dispatch('nqpf_bit', 'nqpf')(position)) }}
{%- endmacro %}

{% macro duckdb__nqpf_bit(position) -%}
    (cast(1 as bigint) << cast({{ position }} as integer))
{%- endmacro %}

{% macro spark__nqpf_bit(position) -%}
    shiftleft(cast(1 as bigint), cast({{ position }} as int))
{%- endmacro %}

{# True for plus or minus infinity. #}
{% macro nqpf_isinf(expr) -%}
    {{ return(adapter.dispatch('nqpf_isinf', 'nqpf')(expr)) }}
{%- endmacro %}

{% macro duckdb__nqpf_isinf(expr) -%}
    isinf({{ expr }})
{%- endmacro %}

{% macro spark__nqpf_isinf(expr) -%}
    (abs({{ expr }}) = double('infinity'))
{%- endmacro %}

{# A double as text the way DuckDB writes it (1234.5, 12.0), for messages that must read the
   same on both engines. Spark writes 1.2345E7; a decimal cast with trailing zeros stripped
   matches DuckDB to ten decimals, which is all the messages show. #}
{% macro nqpf_number_text(expr) -%}
    {{ return(adapter.dispatch('nqpf_number_text', 'nqpf')(expr)) }}
{%- endmacro %}

{% macro duckdb__nqpf_number_text(expr) -%}
    cast({{ expr }} as varchar)
{%- endmacro %}

{% macro spark__nqpf_number_text(expr) -%}
    case
        when isnan({{ expr }}) then 'nan'
        when {{ expr }} = double('infinity') then 'inf'
        when {{ expr }} = double('-infinity') then '-inf'
        when abs({{ expr }}) >= 1e16 then lower(cast({{ expr }} as string))
        else regexp_replace(regexp_replace(
            cast(cast({{ expr }} as decimal(38, 10)) as string), '0+$', ''), '\\.$', '.0')
    end
{%- endmacro %}

{# The marts' contracts declare DuckDB's type names; Spark knows `varchar` only with a length
   and calls it string. dbt checks a contract by casting null to each declared type. #}
{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ 'string' if type | lower == 'varchar' else type }})
{%- endmacro %}

{# One row per position of the equally long lists `lists` of each row of `relation`, with
   `keys`, each list's element under the list's name, and the 1-based position as `rank`
   (rows with empty lists give none). #}
{% macro nqpf_unnest_ranked(relation, keys, lists, rank) -%}
    {{ return(adapter.dispatch('nqpf_unnest_ranked', 'nqpf')(relation, keys, lists, rank)) }}
{%- endmacro %}

{% macro duckdb__nqpf_unnest_ranked(relation, keys, lists, rank) -%}
    select {{ keys | join(', ') }},
        {%- for list in lists %}
        unnest({{ list }}) as {{ list }},
        {%- endfor %}
        unnest(range(1, len({{ lists[0] }}) + 1)) as {{ rank }}
    from {{ relation }}
    where len({{ lists[0] }}) > 0
{%- endmacro %}

{% macro spark__nqpf_unnest_ranked(relation, keys, lists, rank) -%}
    select {{ keys | join(', ') }},
        {%- for list in lists %}
        zipped.{{ list }} as {{ list }},
        {%- endfor %}
        cast(position + 1 as bigint) as {{ rank }}
    from {{ relation }}
    lateral view posexplode(arrays_zip({{ lists | join(', ') }})) exploded as position, zipped
{%- endmacro %}

{# The sum of a float column, the same bits on every run: DuckDB's `fsum` (compensated
   Kahan-Babuska summation) returns the correctly rounded sum whatever order its parallel
   threads meet the rows in, at the speed of a plain sum (an ordered aggregate sorts every
   group first, ten times slower on a dense MRIO). Spark's sums agree to the checksum digits. #}
{% macro nqpf_sum(expr) -%}
    {{ return(adapter.dispatch('nqpf_sum', 'nqpf')(expr)) }}
{%- endmacro %}

{% macro duckdb__nqpf_sum(expr) -%}
    fsum({{ expr }})
{%- endmacro %}

{% macro spark__nqpf_sum(expr) -%}
    sum({{ expr }})
{%- endmacro %}

{# A common table expression computed once, before the query that uses it: DuckDB otherwise
   inlines it and may reorder its joins and groupings. Spark keeps the query's own order. #}
{% macro nqpf_materialized() -%}
    {{ return(adapter.dispatch('nqpf_materialized', 'nqpf')()) }}
{%- endmacro %}

{% macro duckdb__nqpf_materialized() -%}
    materialized
{%- endmacro %}

{% macro spark__nqpf_materialized() -%}
{%- endmacro %}
