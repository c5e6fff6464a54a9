"""The app's two languages: the language switch and the Chinese of the page text.

Pages write their text in English and pass it through :func:`t`; a text without a
translation here stays English. Region and sector names come from the warehouse (`name_zh`
of `dim_regions` and `dim_sectors`), indicator names from the indicator catalogue's `zh`
labels, falling back to English where none is recorded.
"""

from __future__ import annotations

import streamlit as st

#: language code -> its name in the switch
LANGUAGES: dict[str, str] = {"en": "English", "zh": "中文"}
#: the URL parameter and session key of the language
KEY = "lang"

ZH: dict[str, str] = {
    # menu and page titles
    "Overview": "概览", "Indicators": "指标", "Regions": "地区", "Sectors": "部门",
    "Network": "生产网络", "Knowledge graph": "知识图谱", "SQL": "SQL 查询",
    "Export": "导出", "Map": "地图", "Compare": "比较", "Columns": "字段目录",
    # pickers and buttons
    "Dataset": "数据集", "Year": "年份", "Region": "地区", "Sector": "部门",
    "Indicator": "指标", "Regions compared": "比较的地区", "Compared with": "对比年份",
    "Links shown": "显示的联系数", "Table": "表", "Format": "格式", "Run": "运行",
    "Open in SQL": "在 SQL 中打开", "Download the data of this chart (CSV)": "下载此图的数据 (CSV)",
    "Column": "字段", "Search": "搜索",
    # chart axes and legends
    "Uniform profit rate r*": "统一利润率 r*",
    "Mean tlp (currency per hour)": "平均 tlp（货币单位/小时）",
    "Rows": "行数", "code": "代码", "mean {indicator} [{unit}]": "{indicator} 均值 [{unit}]",
    # headings
    "Datasets": "数据集", "Marts": "数据集市", "Quarantined region-years": "隔离的地区-年份",
    "Headline figures": "主要数字", "Distribution": "分布",
    "Rank among regions": "在各地区中的排名", "Change between years": "年际变化",
    "Mechanism scorecard": "机制评分卡", "Values and prices": "价值与价格",
    "Panel summary vs the paper's Table 2": "面板统计与论文表 2 对比",
    "Regressions on this warehouse vs the paper": "本数据仓库的回归与论文对比",
    "Indicators of {place} in {year} by sector": "{place} {year} 年各部门指标",
    "{indicator} by region, {year}": "{year} 年各地区 {indicator}",
    "{indicator} across sectors": "{indicator}：各部门比较",
    "{place} over the years": "{place} 历年变化",
    # notes
    "No data": "无数据",
    "Regions without data are drawn in grey (missing, not zero).":
        "灰色地区无数据（缺失，而非零）。",
    "The map shows Chinese provinces and cities; {dataset} has no region with a Chinese "
    "administrative code.": "地图只显示中国的省份和城市；{dataset} 没有带中国行政区划代码的地区。",
    "{dataset} has a single region, so it equals the dataset aggregate: every ratio to the "
    "aggregate (tlpr, ddr, dsr, dir, indir, dlq) is 1 and there is nothing to rank it "
    "against.": "{dataset} 只有一个地区，与数据集总体相同：相对总体的比率（tlpr、ddr、dsr、dir、"
    "indir、dlq）都等于 1，也没有可以比较的地区。",
    "{place} is not built in {year}: it was quarantined ({rules}). Pick another year, or "
    "another region.":
        "{place} 在 {year} 年未计算：该地区-年份被隔离（{rules}）。请选择其他年份或地区。",
    # page text, captions and notes
    "Every column of the warehouse with its type, description, unit (for indicators) and the "
    "data tests dbt ran on it in this build.":
        "数据仓库的每个字段及其类型、说明、单位（指标字段）和本次构建中 dbt 对其运行的数据测试。",
    "This warehouse has no column catalogue (`{path}`): `nqpf build` writes it next to the "
    "warehouse file.":
        "此数据仓库没有字段目录（`{path}`）：`nqpf build` 会把它写在数据仓库文件旁。",
    "{columns} columns of {tables} tables; tests are dbt data tests attached to the column (or "
    "to a set of columns that includes it).":
        "{tables} 个表的 {columns} 个字段；测试是附在该字段（或包含它的一组字段）上的 "
        "dbt 数据测试。",
    "{label} of every sector of the chosen regions of {dataset} in {year}, side by side.":
        "{dataset} 所选地区 {year} 年各部门的{label}，并列比较。",
    "Mean of {label} over the sectors of each chosen region of {dataset}, in every year the "
    "region was built (a quarantined year is a gap); money in {money}.":
        "{dataset} 每个所选地区各部门{label}的均值，覆盖该地区已计算的每一年（被隔离的年份留空）；"
        "货币单位：{money}。",
    "Every mechanism, constraint, policy, hypothesis, evidence record and indicator with its "
    "links and cited sources, as RDF Turtle.":
        "全部机制、约束、政策、假说、证据记录和指标，连同其关联和引用来源，"
        "以 RDF Turtle 格式导出。",
    "No mart of this warehouse is built yet.": "此数据仓库尚未构建任何数据集市。",
    "`{table}`: {rows} rows, columns {columns}.": "`{table}`：{rows} 行，字段 {columns}。",
    "Every indicator of the warehouse, the mart (table) that holds it and the mechanisms it "
    "measures, from the knowledge graph.":
        "数据仓库的每个指标、所在的数据集市（表）及其衡量的机制，取自知识图谱。",
    "**Unit:** {unit} · **Mart:** `{mart}` · **Direction:** {direction} · **Method:** {method}":
        "**单位：** {unit} · **数据集市：** `{mart}` · **方向：** {direction} · "
        "**方法：** {method}",
    "none": "无", "none recorded": "未记录", "not recorded": "未记录",
    "Measures": "衡量的机制", "Outcome": "结果", "Input category": "投入类别",
    "Computed under": "计算方法", "Constraints on it": "相关约束", "Policies": "政策",
    "**Evidence** (published regressions that use it):": "**证据**（使用该指标的已发表回归）：",
    "The `{mart}` table of this build has no `{indicator}` column.":
        "本次构建的 `{mart}` 表没有 `{indicator}` 字段。",
    "No values of `{indicator}` in this build.": "本次构建中没有 `{indicator}` 的数值。",
    "; money amounts in {unit}": "；货币金额单位：{unit}",
    "{indicator} of {dataset} in each year (unit: {unit}{money}).":
        "{dataset} 各年的 {indicator}（单位：{unit}{money}）。",
    "Histogram of {indicator} over the {n} {rows} of {dataset} in `{mart}` (unit: "
    "{unit}{money}).":
        "{dataset} 在 `{mart}` 中 {n} 个{rows}的 {indicator} 直方图（单位：{unit}{money}）。",
    "region-sector-years": "地区-部门-年份", "rows": "行",
    "`{indicator}` is not a variable of the analysis panel.": "`{indicator}` 不是分析面板的变量。",
    "Mean, standard deviation and N of the analysis panel per dataset; the paper_ columns are "
    "the figures the method paper reports in its Table 2.":
        "各数据集分析面板的均值、标准差和样本量；paper_ 字段是方法论文表 2 报告的数字。",
    "No regression of the paper uses `{indicator}`.": "论文中没有使用 `{indicator}` 的回归。",
    "Our own evidence: each regression of the method paper that uses this indicator, "
    "estimated on every dataset of this warehouse, next to the published record it reproduces; "
    "the agreement columns compare sign and significance (10 %), relation says how our "
    "estimate bears on the hypothesis.":
        "本仓库的证据：方法论文中使用该指标的每个回归，在本数据仓库的每个数据集上重新估计，"
        "并与其复现的已发表记录并列；一致性字段比较符号和显著性（10%），relation 说明我们的估计"
        "对假说意味着什么。",
    "Models a dataset cannot estimate, and why.": "数据集无法估计的模型及其原因。",
    "Mechanisms of digitalization and new quality productive forces, the constraints on them, "
    "the policies that address those, the hypotheses and the published evidence, curated from "
    "the source texts with their sections cited.":
        "数字化与新质生产力的机制、对其的约束、应对这些约束的政策、假说和已发表的证据，"
        "整理自原始文献并注明所引章节。",
    "{n} entries whose label or alternative label contains '{text}'.":
        "{n} 个标签或别名包含“{text}”的条目。",
    "**Source:** {citation}": "**来源：** {citation}",
    "No links to other entries.": "没有与其他条目的关联。",
    "Provenance of the links this entry states: 'stated in the text' at the cited section (the "
    "quote locates it), or a curator inference with its justification.":
        "本条目所述关联的出处：在所引章节“文中明示”（引文标明位置），或整理者的推断及其理由。",
    "The entry (bold border) and every entry linked to it; arrows point from subject to object "
    "of each link, coloured by kind: {colours}.":
        "本条目（粗边框）及与其关联的每个条目；箭头由每条关联的主语指向宾语，按类型着色：{colours}。",
    "Mechanisms": "机制", "Outcomes": "结果", "Input categories": "投入类别", "Methods": "方法",
    "Constraints": "约束", "Hypotheses": "假说", "Evidence": "证据", "Statistics": "统计",
    "Other": "其他",
    "blue": "蓝色", "dark blue": "深蓝色", "pale green": "浅绿色", "light grey": "浅灰色",
    "orange": "橙色", "green": "绿色", "purple": "紫色", "red": "红色", "grey": "灰色",
    "yellow": "黄色",
    "Unit": "单位", "Formula": "公式", "Variable": "变量", "Coefficient": "系数",
    "Standard error": "标准误", "N": "样本量", "Significance": "显著性", "Specification": "设定",
    "Value": "数值", "Area": "地域", "Code": "代码", "Note": "注释",
    "Our own evidence": "本仓库的证据", "Links": "关联",
    "No dataset of this warehouse can estimate this result.":
        "本数据仓库没有数据集能估计这一结果。",
    "The published result re-estimated on each dataset of this warehouse: agreement in sign and "
    "in significance (10 %), and how the re-estimate bears on the hypothesis.":
        "已发表结果在本数据仓库每个数据集上的重新估计：符号和显著性（10%）是否一致，"
        "以及重新估计对假说意味着什么。",
    "{label} of {sector} in each region of {dataset} in {year} ({filled} of its {regions} "
    "regions have a value; unit: {unit}). ":
        "{dataset} {year} 年各地区{sector}的{label}（{regions} 个地区中 {filled} 个有数值；"
        "单位：{unit}）。",
    "Who supplies a region-sector, weighted by the direct input coefficient at prices of "
    "production, and the mean total labour productivity of those suppliers (otlp).":
        "某地区-部门的供应者，按生产价格计算的直接投入系数加权，以及这些供应者的平均全劳动生产率"
        "（otlp）。",
    "This dataset has no trade between regions, so the suppliers are the region's own sectors.":
        "此数据集没有地区间贸易，因此供应者是本地区自身的部门。",
    "Strongest suppliers of {sector} in {place}, {year}": "{place} {sector} {year} 年的最强供应者",
    "The {n} largest supplier links of {sector} in {place} in {year}: input per unit of the "
    "sector's output at prices of production (the weights of otlp). The warehouse keeps the "
    "{kept} strongest per region-sector (dbt var top_suppliers).":
        "{place} {sector} {year} 年最大的 {n} 条供应联系：按生产价格计算的该部门单位产出的投入"
        "（即 otlp 的权重）。数据仓库为每个地区-部门保留最强的 {kept} 条"
        "（dbt 变量 top_suppliers）。",
    "Indicators of labour values, prices of production, digital inputs, agglomeration and "
    "production networks computed from input-output tables.":
        "由投入产出表计算的劳动价值、生产价格、数字投入、集聚和生产网络指标。",
    "Built {at} UTC in {seconds} s with nqpf {nqpf} and dbt {dbt}.":
        "构建于 {at} UTC，用时 {seconds} 秒，nqpf {nqpf}，dbt {dbt}。",
    "Source: {source}": "来源：{source}",
    "`{name}` {n} rows": "`{name}` {n} 行",
    "Not built yet: {names}.": "尚未构建：{names}。",
    "None: every region-year passed the checks.": "无：每个地区-年份都通过了检查。",
    "{n} region-years were left out of every indicator mart:":
        "{n} 个地区-年份未进入任何指标数据集市：",
    "Uniform rate of profit r* at which prices of production equalise profit rates, per "
    "dataset and year (national tables of each dataset).":
        "使生产价格下各部门利润率相等的平均利润率 r*，按数据集和年份（各数据集的全国表）。",
    "Mean total labour productivity (output per hour of dead plus living labour) over the "
    "region-sectors of each dataset and year; one panel and axis per dataset, titled with the "
    "currency the dataset counts output in.":
        "各数据集各年地区-部门的平均全劳动生产率（每小时物化劳动加活劳动的产出）；每个数据集"
        "一个面板和坐标轴，标题为该数据集计量产出所用的货币。",
    "{label} of each sector of {place} in {year}, largest first (unit: {unit}).":
        "{place} {year} 年各部门的{label}，从大到小（单位：{unit}）。",
    "{dataset} has only one year.": "{dataset} 只有一个年份。",
    "{place} has no values in {base}.": "{place} 在 {base} 年没有数值。",
    "Change of {indicator} (%)": "{indicator} 变化（%）",
    "Percent change of {label} per sector of {place} from {base} to {year}; falls in red.":
        "{place} 各部门{label}从 {base} 年到 {year} 年的百分比变化；下降以红色显示。",
    "Each indicator averaged over the sectors of every region of {dataset} in {year} ({n} "
    "region{s}); the rank and percentile place {place} among them.":
        "{dataset} {year} 年每个地区（共 {n} 个）各指标的部门均值；排名和百分位表示 {place} "
        "在其中的位置。",
    "{dataset} has a single region in {year}: there is nothing to rank it against.":
        "{dataset} 在 {year} 年只有一个地区：没有可以比较排名的地区。",
    "Mean percentile among regions": "在各地区中的平均百分位",
    "For each mechanism, the mean percentile of {place} among the regions of {dataset} in "
    "{year} over the indicators that measure it (sector means; 100 = strongest). Each "
    "indicator counts in its catalogued direction: for a 'lower' one (lambda) the lowest value "
    "ranks highest; sizes and compositions (c, v, occ, pp: direction none) are left out.":
        "每个机制下，{place} 在 {dataset} {year} 年各地区中、按衡量该机制的指标计算的平均百分位"
        "（部门均值；100 = 最强）。每个指标按其目录中的方向计入：方向为“lower”的指标（lambda）"
        "数值最低者排名最高；规模和构成指标（c、v、occ、pp：方向为 none）不计入。",
    "{sector}: {indicator} across regions in {year}": "{sector}：{year} 年各地区的 {indicator}",
    "No region has `{indicator}` for this sector in {year}.":
        "{year} 年没有地区有该部门的 `{indicator}`。",
    "{label} of {sector} in every region of {dataset} in {year}, sorted from highest to lowest "
    "(unit: {unit}).": "{dataset} {year} 年各地区{sector}的{label}，从高到低排列（单位：{unit}）。",
    "National labour value (hours per unit of output), price of production at the uniform "
    "profit rate, and market price of {sector} in each year of {dataset}; price_value_ratio = "
    "price of production / value.":
        "{dataset} 各年{sector}的全国劳动价值（单位产出的小时数）、按平均利润率计算的生产价格"
        "和市场价格；price_value_ratio = 生产价格 / 价值。",
    "Price of production / labour value": "生产价格 / 劳动价值",
    "Ratio of the price of production to the labour value of every productive sector of "
    "{dataset} in {year}; {sector} in red. Above one: the sector's price exceeds its value, so "
    "it receives value produced elsewhere.":
        "{dataset} {year} 年每个生产性部门的生产价格与劳动价值之比；{sector} 以红色显示。"
        "大于 1：该部门的价格高于其价值，因而获得了在其他部门生产的价值。",
    "Query the warehouse with DuckDB SQL. The connection is read-only: statements that write, "
    "read or write files, or change settings are refused. Quote the column `\"lambda\"` (a "
    "keyword).":
        "用 DuckDB SQL 查询数据仓库。连接为只读：写入数据、读写文件或更改设置的语句会被拒绝。"
        "字段 `\"lambda\"` 须加引号（它是关键字）。",
    "Each query may run {seconds} s and the server's queries together use at most {memory} of "
    "memory; a query past either is stopped.":
        "每个查询最多运行 {seconds} 秒，服务器上的查询合计最多使用 {memory} 内存；超出任一限制的"
        "查询会被终止。",
    "DuckDB did not run this statement:": "DuckDB 未能执行此语句：",
    " (the first {limit}: add a LIMIT or aggregate)": "（仅前 {limit} 行：请加 LIMIT 或聚合）",
    "{n} row{s}{more}": "{n} 行{more}",
    "The warehouse is not built yet (no file at `{path}`). Build it with `nqpf ingest --shipped` "
    "and `nqpf build`, then reload this page.":
        "数据仓库尚未构建（`{path}` 处没有文件）。请用 `nqpf ingest --shipped` 和 `nqpf build` "
        "构建后重新加载本页。",
    "The `{name}` table is not built yet in this warehouse: it appears once `nqpf build` makes "
    "it. Reload this page after that build.":
        "此数据仓库尚未构建 `{name}` 表：`nqpf build` 生成后即会出现。请在构建后重新加载本页。",
    "No rows for {what} in this build.": "本次构建中没有 {what} 的数据行。",
    "The `values` table is empty: no region-year passed the checks.":
        "`values` 表为空：没有地区-年份通过检查。",
    "Sectors (max)": "部门数（最多）", "Region-years": "地区-年份",
    "otlp (suppliers' mean tlp)": "otlp（供应者的平均 tlp）",
    "tlp of the sector itself": "该部门自身的 tlp",
    "Tables": "数据表", "Download CSV": "下载 CSV",
    "Download knowledge graph (Turtle)": "下载知识图谱 (Turtle)", "Download {file}": "下载 {file}",
    "Search labels (English or 中文)": "搜索标签（英文或中文）",
    # shared: chart notes, links, tables
    "the nqpf warehouse": "nqpf 数据仓库",
    "the {dataset} dataset of the nqpf warehouse": "nqpf 数据仓库的 {dataset} 数据集",
    "Unit: {unit}": "单位：{unit}",
    "The link asks for {key} = {value}, which is not one of the choices: showing {shown} "
    "instead.": "链接要求 {key} = {value}，但它不是可选项：改为显示 {shown}。",
    "{rows} of {total} rows of `{table}`; the first {limit} are shown.":
        "`{table}` 共 {total} 行，筛选后 {rows} 行；显示前 {limit} 行。",
    "The query ran longer than the time limit and was stopped.":
        "查询运行时间超过限制，已被终止。",
    "The query needed more memory than a reader may use.": "查询所需内存超过读取者的上限。",
    "The staged flows and final demand are read from the build's snapshot of the canonical "
    "files, which this warehouse file cannot reach: it was moved, or the snapshot removed. "
    "Every other table, the marts among them, is in the file.":
        "暂存的流量表和最终需求表读自本次构建的规范文件快照，而该数据仓库文件无法访问它：文件已被移动，"
        "或快照已被删除。其他所有表（包括各数据集市）都在该文件中。",
    "The connection is read-only: writes, file access and setting changes are refused.":
        "连接为只读：写入、文件访问和更改设置均被拒绝。",
    "The statement is not valid SQL.": "该语句不是有效的 SQL。",
    "A table, column or function of the statement does not exist.":
        "语句中的表、字段或函数不存在。",
    "A name or type in the statement does not fit the tables.": "语句中的名称或类型与表不符。",
    '`lambda` is a keyword in DuckDB SQL: quote the column, e.g. select "lambda" from "values"':
        '`lambda` 是 DuckDB SQL 的关键字：请给字段加引号，例如 `select "lambda" from "values"`',
    "the query needs more memory than a reader may use (NQPF_QUERY_MEMORY; the settings cannot "
    "be changed from SQL): filter or aggregate before joining":
        "查询所需内存超过读取者的上限（NQPF_QUERY_MEMORY；不能通过 SQL 更改设置）："
        "请在连接前先筛选或聚合",
    "{n} statements: each runs in turn and shows its own result.":
        "{n} 条语句：依次运行，各自显示结果。",
    "higher": "越高越强", "lower": "越低越强", "yes": "是", "no": "否",
    "Layer": "层", "marts": "数据集市", "intermediate": "中间层", "staging": "暂存层",
    "seed": "种子表", "Kind": "类型",
    "Source {id}, section {section}": "来源 {id}，第 {section} 节",
    "{link} (from)": "{link}（来自）",
    # knowledge-graph links and their bases
    "broader": "上位概念", "narrower": "下位概念", "related": "相关", "close match": "近似匹配",
    "input category": "投入类别", "method": "方法", "measures": "衡量", "constrains": "约束",
    "addresses": "应对", "strengthens": "增强", "tests": "检验", "supports": "支持",
    "contradicts": "反驳", "hypothesis": "假说", "about": "关于", "regressor": "回归变量",
    "outcome": "结果", "stated in the text": "文中陈述", "curator inference": "整理者推断",
    # overview
    "Sectors with values (largest dataset)": "有数值的部门数（最大的数据集）",
    "Sectors: the sectors of the common classification that have labour values; a source "
    "table may publish more (non-productive sectors get no labour value).":
        "部门数：共同分类中有劳动价值的部门；原始表可能公布更多部门（非生产性部门没有劳动价值）。",
    "Uniform rate of profit r* at which prices of production equalise profit rates, per "
    "dataset and year (national tables of each dataset); datasets built on the same national "
    "tables share one r* and their lines lie on each other.":
        "使生产价格下各部门利润率相等的平均利润率 r*，按数据集和年份（各数据集的全国表）；"
        "基于同一全国表的数据集共享一个 r*，其折线相互重叠（以不同线型区分）。",
    "per year": "每年", "currency per hour": "货币单位/小时",
    "The source and notes of this dataset are recorded in English: switch the language to "
    "read them.": "此数据集的来源和说明以英文记录：切换语言即可阅读。",
    # map
    "Over the years": "历年变化",
    "Regions without data are drawn in grey (missing, not zero); the tooltip says whether a "
    "region was quarantined or is not covered.":
        "灰色地区无数据（缺失，而非零）；提示框说明该地区是被隔离还是不在数据集中。",
    "no value in {dataset}": "{dataset} 中无数值", "not covered by {dataset}": "不在 {dataset} 中",
    "quarantined: {rules}": "已隔离：{rules}",
    "{label} of {sector} in {place} in every year of {dataset} (a quarantined year is a gap; "
    "unit: {unit}).": "{dataset} 各年{place}{sector}的{label}（被隔离的年份留空；单位：{unit}）。",
    # regions and compare
    "no rows": "无数据行", "{rule}: {meaning}": "{rule}：{meaning}", "1 = highest": "1 = 最高",
    "percentile": "百分位",
    "For each mechanism, the mean percentile of {place} among the regions of {dataset} in "
    "{year} over the quantities that measure it (sector means; 100 = strongest; n = how many). "
    "Transforms of one quantity count once (tlp, lambda and tlpr; a digital share and its "
    "ratio). Each indicator counts in its catalogued direction: for a 'lower' one (lambda) the "
    "lowest value ranks highest; sizes and compositions (c, v, occ, pp: direction none) are "
    "left out.":
        "每个机制下，{place} 在 {dataset} {year} 年各地区中、按衡量该机制的各个量计算的平均百分位"
        "（部门均值；100 = 最强；n = 量的个数）。同一个量的变换只计一次（tlp、lambda 和 tlpr；"
        "数字投入份额及其比率）。每个指标按其目录中的方向计入：方向为“越低越强”的指标（lambda）"
        "数值最低者排名最高；规模和构成指标（c、v、occ、pp）不计入。",
    "{label} of every sector of the chosen regions of {dataset} in {year}, side by side; money "
    "amounts in {money}.": "{dataset} 所选地区 {year} 年各部门的{label}，并列比较；货币金额单位："
    "{money}。",
    # network and flows
    "Direct input coefficient at prices of production": "按生产价格计算的直接投入系数",
    "per unit of output": "每单位产出",
    "Flows": "区域间流量",
    "Who delivers intermediate inputs to whom in a multi-regional input-output table: the "
    "largest flows between regions, the suppliers and buyers of one region-sector and how much "
    "of its inputs come from other regions.":
        "多区域投入产出表中谁向谁提供中间投入：地区之间最大的流量、某地区-部门的供应者和购买者，"
        "以及其投入中来自其他地区的比例。",
    "Inputs from another region (whole table)": "来自其他地区的投入（全表）",
    "Strongest supplier links from another region": "来自其他地区的最强供应联系占比",
    "Inputs of {sector} in {place} from other regions": "{place}{sector}来自其他地区的投入",
    "Suppliers of {sector} in {place}, {year}": "{place}{sector} {year} 年的供应者",
    "Buyers of {sector} in {place}, {year}": "{place}{sector} {year} 年的购买者",
    "The {n} largest intermediate inputs into {sector} of {place} in {year} by supplying "
    "region-sector; other regions in red (money in {money}).":
        "{place}{sector} {year} 年按供应地区-部门计的最大 {n} 项中间投入；其他地区以红色显示"
        "（货币单位：{money}）。",
    "The {n} largest intermediate deliveries of {sector} of {place} in {year} by buying "
    "region-sector; other regions in red (money in {money}).":
        "{place}{sector} {year} 年按购买地区-部门计的最大 {n} 项中间产品交付；其他地区以红色显示"
        "（货币单位：{money}）。",
    "No flows recorded.": "没有记录的流量。",
    "Largest flows between regions, {year}": "{year} 年地区之间的最大流量",
    "The {n} largest flows of intermediate inputs between two regions of {dataset} in {year} "
    "(all sectors summed; a line joins supplier and buyer, thicker for more; money in "
    "{money}).":
        "{dataset} {year} 年两个地区之间最大的 {n} 项中间投入流量（各部门加总；连线连接供应地区"
        "和购买地区，越粗流量越大；货币单位：{money}）。",
    "{dataset} records no flows between regions in {year}: each region's inputs come from its "
    "own sectors.": "{dataset} 在 {year} 年没有地区之间的流量：各地区的投入来自本地区的部门。",
    "Flows shown": "显示的流量数",
    # verdicts on the hypotheses (knowledge graph page)
    "Verdicts on the hypotheses": "对研究假说的判定",
    "Hypothesis": "假说", "Body of evidence": "证据来源", "Our verdict": "本仓库判定",
    "Supporting": "支持", "Contradicting": "相悖", "Not significant": "不显著",
    "Authors' verdict": "作者判定", "Cited at": "出处",
    "published": "已发表结果", "all datasets": "全部数据集",
    "supported": "支持", "partly supported": "部分支持", "not supported": "不支持",
    "untested": "未检验",
    "Our verdicts count the estimates that test a prediction the theory made before the "
    "results (section 3 of the method paper): supported when every one is significant "
    "(10 %) with the predicted sign, partly when some are, not when none is. Identical "
    "estimates count once; the authors' own verdict stands beside ours.":
        "本仓库的判定只计入检验理论在结果之前（方法论文第 3 节）作出的预测的估计：全部在 10% "
        "水平上显著且符号与预测一致为支持，部分如此为部分支持，均不如此为不支持。相同的估计只计"
        "一次；作者本人的判定列在旁边。",
}


def language() -> str:
    """The language of this run: the switch's, else the URL's, else English."""
    chosen = st.session_state.get(KEY) or st.query_params.get(KEY)
    return chosen if chosen in LANGUAGES else "en"


def t(text: str) -> str:
    """``text`` in the chosen language (English when no translation is recorded)."""
    return ZH.get(text, text) if language() == "zh" else text


def switch() -> None:
    """The language switch in the sidebar, kept in the URL like every picker."""
    current = language()
    st.session_state.setdefault(KEY, current)
    st.sidebar.radio("Language / 语言", list(LANGUAGES), format_func=LANGUAGES.__getitem__,
                     horizontal=True, key=KEY)
    st.query_params[KEY] = st.session_state[KEY]


def pick_name(english: str | None, chinese: str | None) -> str:
    """A name in the chosen language, the other language's where it has none."""
    if language() == "zh":
        return chinese or english or ""
    return english or chinese or ""


#: column -> (English header, Chinese header) of the columns the pages show; indicator
#: columns keep their id (the catalogue names them) and every header carries its unit
COLUMNS: dict[str, tuple[str, str]] = {
    "dataset": ("Dataset", "数据集"), "region": ("Region", "地区"), "year": ("Year", "年份"),
    "sector": ("Sector", "部门"), "economy": ("Economy", "经济体"), "rule": ("Rule", "规则"),
    "detail": ("Detail", "详情"), "reason": ("Reason", "原因"), "label": ("Name", "名称"),
    "name": ("Name", "名称"), "regions": ("Regions", "地区数"), "sectors": ("Sectors", "部门数"),
    "years": ("Years", "年份"), "region_years": ("Region-years", "地区-年份数"),
    "monetary_unit": ("Money unit", "货币单位"), "currency": ("Currency", "货币"),
    "mean_tlp": ("Mean tlp", "平均 tlp"), "median_tlp": ("Median tlp", "tlp 中位数"),
    "region_sectors": ("Region-sectors", "地区-部门数"), "panel": ("Panel", "面板"),
    "indicator": ("Indicator", "指标"), "sector_mean": ("Sector mean", "部门均值"),
    "rank": ("Rank", "排名"), "of_regions": ("Of regions", "地区总数"),
    "percentile": ("Percentile", "百分位"), "mechanism": ("Mechanism id", "机制编号"),
    "mechanism_label": ("Mechanism", "机制"), "indicators": ("Indicators", "指标"),
    "count": ("Indicators", "指标数"), "supplier_region": ("Supplier region", "供应地区"),
    "supplier_sector": ("Supplier sector", "供应部门"), "supplier": ("Supplier", "供应者"),
    "buyer": ("Buyer", "购买者"), "weight": ("Input coefficient", "投入系数"),
    "share": ("Share", "份额"), "labour_value": ("Labour value", "劳动价值"),
    "market_price": ("Market price", "市场价格"), "change_pct": ("Change", "变化"),
    "value": ("Value", "数值"), "rows": ("Rows", "行数"), "table": ("Table", "表"),
    "column": ("Column", "字段"), "type": ("Type", "类型"), "description": ("Description", "说明"),
    "unit": ("Unit", "单位"), "tests": ("Tests", "测试"), "direction": ("Direction", "方向"),
    "mart": ("Mart", "数据集市"), "mechanisms": ("Mechanisms", "机制"), "id": ("Id", "编号"),
    "label_zh": ("Chinese name", "中文名称"), "code": ("Code", "代码"),
    "variable": ("Variable", "变量"), "role": ("Role", "角色"),
    "coefficient": ("Coefficient", "系数"), "standardError": ("Standard error", "标准误"),
    "std_error": ("Standard error", "标准误"), "nObs": ("N", "N"),
    "significance": ("Significance", "显著性"), "predictedSign": ("Predicted sign", "预期符号"),
    "relation": ("Relation", "关系"), "authorsVerdict": ("Authors' verdict", "作者结论"),
    "hypothesis_code": ("Hypothesis", "假说"), "published_id": ("Published record", "已发表记录"),
    "term": ("Term", "项"), "published_coefficient": ("Published coefficient", "已发表系数"),
    "published_significance": ("Published significance", "已发表显著性"),
    "sign_agrees": ("Sign agrees", "符号一致"),
    "significance_agrees": ("Significance agrees", "显著性一致"),
    "estimator": ("Estimator", "估计方法"), "predicate": ("Link", "关联"),
    "object": ("Linked entry", "关联条目"), "basis": ("Basis", "依据"),
    "section": ("Section", "章节"), "quote": ("Quote", "引文"),
    "justification": ("Justification", "理由"), "matched": ("Matched", "匹配"),
    "paper_n": ("Paper N", "论文 N"), "paper_mean": ("Paper mean", "论文均值"),
    "paper_sd": ("Paper SD", "论文标准差"), "paper_min": ("Paper min", "论文最小值"),
    "paper_max": ("Paper max", "论文最大值"), "link": ("Link", "关联"), "kind": ("Kind", "类型"),
    "entry": ("Entry", "条目"), "variant": ("Variant", "变体"),
    "consumption_basis": ("Consumption basis", "消费基础"), "r_star": ("r*", "r*"),
    "n": ("N", "N"), "mean": ("Mean", "均值"), "sd": ("SD", "标准差"), "min": ("Min", "最小值"),
    "max": ("Max", "最大值"), "status": ("Status", "状态"),
    "production_price": ("Price of production", "生产价格"),
    "price_value_ratio": ("Price / value", "价格/价值比"), "from_region": ("From", "来源地区"),
    "to_region": ("To", "目的地区"), "p25": ("25th percentile", "25 百分位"),
    "median": ("Median", "中位数"), "p75": ("75th percentile", "75 百分位"),
}


def header(column: str, unit: str = "") -> str:
    """The header of a table column in the chosen language, with its unit in brackets."""
    english, chinese = COLUMNS.get(column, (column, column))
    name = chinese if language() == "zh" else english
    return f"{name} [{unit}]" if unit else name


#: unit kind (nqpf.units) -> its label in Chinese; "{ccy}" stands for the currency code
UNITS_ZH: dict[str, str] = {
    "hours_per_money": "小时/{ccy}", "money_per_hour": "{ccy}/小时", "hours": "小时",
    "hours_1e8": "亿小时", "per_year": "每年", "dimensionless": "无量纲",
}


def unit_label(measure: str, currency: str | None) -> str:
    """The unit of ``measure`` in a dataset of ``currency`` in the chosen language; without a
    currency, money stands as 'currency'."""
    from nqpf.units import MEASURE_KINDS, unit_of

    if language() == "zh":
        return UNITS_ZH[MEASURE_KINDS[measure]].format(ccy=currency or "货币")
    return unit_of(measure, currency or "currency").label


#: quarantine rule -> what it means, in Chinese (the English meaning is the seed
#: validation_rules.csv's, as built into the warehouse)
RULES_ZH: dict[str, str] = {
    "missing_value": "存在空值或 NaN",
    "overflow": "数值无穷大或过大",
    "negative_value": "出现不允许的负值",
    "unknown_region": "地区代码不在地区列表中",
    "unknown_sector": "部门代码不在部门分类中",
    "unknown_category": "未知的最终需求类别",
    "unknown_component": "未知的增加值构成项",
    "unknown_unit": "未知的劳动计量或单位",
    "duplicate_key": "同一表中键重复",
    "no_classification": "该年份没有部门分类",
    "missing_sector": "有部门缺少总产出",
    "empty_table": "没有流入该地区的中间流量",
    "labour_missing": "没有可计算工时的劳动数据",
    "zero_hours": "总工时为零",
    "sector_without_labour": "有生产部门缺少劳动数据",
    "implausible_hours": "人均工时不合理",
    "implausible_wage": "小时工资不合理",
    "nonpositive_hours": "有产出的部门工时为零或负",
    "implausible_deflator": "产出价格指数不合理",
    "conflicting_region": "地区代码与已有定义冲突",
    "missing_key": "有行缺少地区或年份",
    "invalid_metadata": "元数据中的货币单位无效",
    "unreadable_dataset": "无法读取数据集文件夹",
    "row_balance": "使用合计与总产出不平衡",
    "column_balance": "投入合计与总产出不平衡",
    "values_not_productive": "价值体系不具生产性",
    "values_singular": "价值体系奇异",
    "prices_no_profit_rate": "区间内没有统一利润率",
}
