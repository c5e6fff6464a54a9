-- Findings that do not quarantine: a sector whose intermediate inputs (domestic and imported)
-- exceed its gross output has negative value added. Published tables report this for loss-making
-- or subsidised sectors, and the column balance still holds, so the region-year is built; the
-- build summary lists these rows.
with inputs as (
    select dataset, region, year, sector, intermediate_inputs as inputs
    from {{ ref('int_sector_inputs') }}
)

select o.dataset, o.region, o.year, 'inputs_exceed_output' as rule,
    'sector ' || o.sector || ': intermediate inputs ' || round(i.inputs, 3)
        || ' exceed gross output ' || round(o.value, 3) || ' (value added '
        || round(o.value - i.inputs, 3) || ')' as detail
from {{ ref('stg_canonical__gross_output') }} as o
inner join inputs as i using (dataset, region, year, sector)
where i.inputs > o.value
    + greatest({{ var('balance_abs_tolerance') }}, {{ var('balance_rel_tolerance') }} * abs(o.value))
