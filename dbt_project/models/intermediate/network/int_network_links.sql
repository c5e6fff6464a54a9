-- The top_suppliers strongest suppliers of each region-sector-year, one row each, from the
-- lists int_network keeps beside otlp (both come from one pass over each network's Z).
{{ nqpf_unnest_ranked(ref('int_network'), ['dataset', 'year', 'region', 'sector'],
                      ['supplier_region', 'supplier_sector', 'weight'], 'rank') }}
