{# The canonical layout is <canonical_dir>/<dataset>/<table>.parquet: the dataset is the folder. #}
{% macro dataset_from_filename(column='filename') -%}
    regexp_extract(replace({{ column }}, '\', '/'), '([^/]+)/[^/]+\.parquet$', 1)
{%- endmacro %}
