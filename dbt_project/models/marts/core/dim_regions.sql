-- Every region the warehouse knows, for joins and labels.
select * from {{ ref('int_regions') }}
