{# The canonical layout is <canonical_dir>/<dataset>/<table>.parquet: the dataset is the folder. #}
{% macro dataset_from_filename(column='filename') -%}
    {{ return(adapter.dispatch('dataset_from_filename', 'nqpf')(column)) }}
{%- endmacro %}

{% macro duckdb__dataset_from_filename(column) -%}
    regexp_extract(replace({{ column }}, '\', '/'), '([^/]+)/[^/]+\.parquet$', 1)
{%- endmacro %}

{# Spark string literals take backslash escapes; its file paths are URIs with forward slashes. #}
{% macro spark__dataset_from_filename(column) -%}
    regexp_extract({{ column }}, '([^/]+)/[^/]+\\.parquet$', 1)
{%- endmacro %}
