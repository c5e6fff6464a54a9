-- Problems the adapters found in the raw files. An issue without a region (or year) applies to
-- every region (or year) of its dataset.
select
    ry.dataset,
    ry.region,
    ry.year,
    issues.rule,
    issues.file
        || coalesce(' row ' || issues.row_number, '')
        || coalesce(' column ' || issues.column_name, '')
        || ': ' || issues.detail as detail
from {{ ref('stg_canonical__ingest_issues') }} as issues
inner join {{ ref('int_region_years') }} as ry
    on ry.dataset = issues.dataset
    and (issues.region is null or ry.region = issues.region)
    and (issues.year is null or ry.year = issues.year)
