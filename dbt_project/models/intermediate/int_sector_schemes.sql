-- Which classification each dataset's sector codes are read in. A scheme a dataset brings in its
-- own `sectors` table keeps its id when it matches the shipped seed of that id, or, for a scheme
-- no seed has, when it is the definition most datasets bring (ties: the one of the first dataset
-- by name); any other definition is scoped to its dataset as `<scheme>@<dataset>`, so that one
-- dataset's codes or flags never change another's.
with brought as (
    select dataset, scheme,
        {{ nqpf_string_agg("sector || ':' || cast(productive as string) || '/' || cast(digital_device as string) || '/' || cast(digital_service as string)", "','", 'sector') }}
            as definition
    from {{ ref('stg_canonical__sectors') }}
    group by dataset, scheme
),

shipped as (
    select scheme,
        {{ nqpf_string_agg("sector || ':' || cast(productive as string) || '/' || cast(digital_device as string) || '/' || cast(digital_service as string)", "','", 'sector') }}
            as definition
    from {{ ref('stg_seeds__sectors') }}
    group by scheme
),

ranked as (
    select scheme, definition,
        row_number() over (partition by scheme order by count(*) desc, min(dataset)) as rank
    from brought
    group by scheme, definition
)

select
    brought.dataset,
    brought.scheme,
    case
        when shipped.definition = brought.definition then brought.scheme
        when shipped.scheme is null and ranked.rank = 1 then brought.scheme
        else brought.scheme || '@' || brought.dataset
    end as effective_scheme,
    shipped.scheme is not null as shipped
from brought
inner join ranked using (scheme, definition)
left join shipped using (scheme)
