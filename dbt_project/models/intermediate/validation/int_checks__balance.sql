-- Accounting identities per sector (METHOD.md notation):
--   row:    x_i = sum_j Z[i, j] + sum_c f[i, c]                (uses of domestic output)
--   column: x_j = sum_i Z[i, j] + m_j + sum_k va[k, j]          (inputs: domestic, imported, value added)
-- within max(balance_abs_tolerance, balance_rel_tolerance * x). A sector that uses inputs while
-- reporting no output fails the column rule.
with output as (
    select dataset, region, year, sector, value as x from {{ ref('stg_canonical__gross_output') }}
),

row_uses as (
    select dataset, region, year, sector, {{ nqpf_sum('value') }} as total
    from (
        select dataset, from_region as region, year, from_sector as sector, value
        from {{ ref('stg_canonical__flows') }}
        union all
        select dataset, from_region, year, from_sector, value
        from {{ ref('stg_canonical__final_demand') }}
    )
    group by all
),

column_inputs as (
    select dataset, region, year, sector,
        coalesce(intermediate_inputs, 0) + coalesce(value_added, 0) as total
    from {{ ref('int_sector_inputs') }}
),

compared as (
    select
        output.dataset, output.region, output.year, output.sector, output.x,
        coalesce(row_uses.total, 0) as row_total,
        coalesce(column_inputs.total, 0) as column_total,
        greatest({{ var('balance_abs_tolerance') }}, {{ var('balance_rel_tolerance') }} * abs(output.x)) as tolerance
    from output
    left join row_uses using (dataset, region, year, sector)
    left join column_inputs using (dataset, region, year, sector)
    where output.x is not null and not isnan(output.x)
)

select dataset, region, year, 'row_balance' as rule,
    'sector ' || sector || ': uses ' || {{ nqpf_number_text('round(row_total, 3)') }} || ' vs gross output ' || {{ nqpf_number_text('round(x, 3)') }}
        || ' (gap ' || {{ nqpf_number_text('round(row_total - x, 3)') }} || ', tolerance ' || {{ nqpf_number_text('round(tolerance, 3)') }} || ')' as detail
from compared
where abs(row_total - x) > tolerance
union all
select dataset, region, year, 'column_balance',
    'sector ' || sector || ': inputs ' || {{ nqpf_number_text('round(column_total, 3)') }} || ' vs gross output ' || {{ nqpf_number_text('round(x, 3)') }}
        || ' (gap ' || {{ nqpf_number_text('round(column_total - x, 3)') }} || ', tolerance ' || {{ nqpf_number_text('round(tolerance, 3)') }} || ')'
from compared
where abs(column_total - x) > tolerance
