-- Cell-level rules: every value present and finite, within the overflow bound, and
-- non-negative where the quantity cannot be negative.
with cells as ({{ canonical_cells() }})

select
    dataset, region, year,
    case
        when value is null or isnan(value) then 'missing_value'
        when {{ nqpf_isinf('value') }} or abs(value) > {{ var('max_abs_value') }} then 'overflow'
        else 'negative_value'
    end as rule,
    source_table || ' ' || region || '/' || coalesce(sector, '?') || ' ' || item || ': '
        || coalesce({{ nqpf_number_text('value') }}, 'null') as detail
from cells
where value is null
    or isnan(value)
    or {{ nqpf_isinf('value') }}
    or abs(value) > {{ var('max_abs_value') }}
    or (
        value < 0
        and not (source_table = 'final_demand' and item in ('inventory', 'inflow', 'other'))
        and not (source_table = 'value_added' and item in ('net_taxes', 'operating_surplus'))
    )
