-- Cell-level rules: every value present and finite, within the overflow bound, and
-- non-negative where the contract's vocabulary (seed contract_vocabulary) does not allow it.
with cells as ({{ canonical_cells() }}),

signed as (
    select source_table, code from {{ ref('contract_vocabulary') }} where may_be_negative
)

select
    cells.dataset, cells.region, cells.year,
    case
        when value is null or isnan(value) then 'missing_value'
        when {{ nqpf_isinf('value') }} or abs(value) > {{ var('max_abs_value') }} then 'overflow'
        else 'negative_value'
    end as rule,
    cells.source_table || ' ' || cells.region || '/' || coalesce(sector, '?') || ' ' || item || ': '
        || coalesce({{ nqpf_number_text('value') }}, 'null') as detail
from cells
left join signed on signed.source_table = cells.source_table and signed.code = cells.item
where value is null
    or isnan(value)
    or {{ nqpf_isinf('value') }}
    or abs(value) > {{ var('max_abs_value') }}
    or (value < 0 and signed.code is null)
