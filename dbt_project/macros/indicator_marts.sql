{#
  The indicator marts of the mart registry: the models whose YAML declares
  `meta: nqpf: cube:` (nqpf/mart_registry.py reads the same blocks). Empty while parsing.
#}
{% macro indicator_marts() %}
    {%- set found = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values()
                if node.resource_type == 'model' and (node.config.meta.get('nqpf') or {}).get('cube') -%}
            {%- do found.append(node.name) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(found | sort) }}
{% endmacro %}
