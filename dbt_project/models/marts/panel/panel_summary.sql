-- N, mean, sd, min and max of every panel variable per dataset (the layout of the method
-- paper's Table 2), next to the paper's own figures where it reports the variable.
{%- set variables = ['tlp', 'tlpr', 'dd', 'ds', 'di', 'indi', 'ddr', 'dsr', 'dir', 'indir',
                     'otlp', 'pri', 'dlq', 'pp', 'occ', 'lp', 'lp_next'] %}
with long as (
    {% for v in variables %}
    select dataset, '{{ v }}' as variable, {{ loop.index }} as position, {{ v }} as value
    from {{ ref('analysis_panel') }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    long.dataset,
    long.variable,
    count(long.value) as n,
    -- ordered aggregates: the same result on every run, whatever the parallelism
    {{ nqpf_ordered_agg('avg', 'long.value') }} as mean,
    {{ nqpf_ordered_agg('stddev_samp', 'long.value') }} as sd,
    min(long.value) as min,
    max(long.value) as max,
    cast(paper.n as bigint) as paper_n,
    paper.mean as paper_mean,
    paper.sd as paper_sd,
    paper.min as paper_min,
    paper.max as paper_max,
    cast(min(long.position) as integer) as position
from long
left join {{ ref('paper_table2') }} as paper on paper.variable = long.variable
group by long.dataset, long.variable, paper.n, paper.mean, paper.sd, paper.min, paper.max
order by long.dataset, position
