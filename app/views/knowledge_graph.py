"""Knowledge graph: browse mechanisms, constraints, policies, hypotheses and evidence with
their links, sources and a node-link view of their neighbourhood."""

from __future__ import annotations

import textwrap
from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from rdflib import SKOS, URIRef

import kgraph
import store
import ui
from i18n import language, t
from nqpf.knowledge.computed import computed_evidence_frame
from nqpf.knowledge.namespaces import NQPF
from nqpf.knowledge.verdicts import verdict_frame

#: node fill colour (and its name for the caption) per kind in the graph view
COLOURS = {"Mechanisms": ("#c6dbef", "blue"), "Outcomes": ("#9ecae1", "dark blue"),
           "Input categories": ("#e5f5e0", "pale green"), "Methods": ("#d9d9d9", "light grey"),
           "Constraints": ("#fdd0a2", "orange"),
           "Policies": ("#c7e9c0", "green"), "Hypotheses": ("#dadaeb", "purple"),
           "Evidence": ("#fcbba1", "red"), "Statistics": ("#f0f0f0", "grey"),
           "Indicators": ("#fff2ae", "yellow"), "Other": ("#ffffff", "white")}
#: plain properties shown with an entry when it has them
FACTS = {"Unit": NQPF.unit, "Formula": NQPF.formula, "Table": NQPF.table,
         "Column": NQPF.column, "Variable": NQPF.variable, "Coefficient": NQPF.coefficient,
         "Standard error": NQPF.standardError, "N": NQPF.nObs, "Significance": NQPF.significance,
         "Specification": NQPF.specification, "Value": NQPF.value, "Year": NQPF.year,
         "Area": NQPF.refArea, "Code": SKOS.notation, "Note": SKOS.note}


def dot(centre: URIRef, links: list[kgraph.Link]) -> str:
    """Graphviz source of the entry and its linked entries, edges named by their link."""
    def node_line(node: URIRef) -> str:
        text = "\\n".join(textwrap.wrap(kgraph.label(node), 28)).replace('"', "'")
        width = ", penwidth=2.5" if node == centre else ""
        kind = kgraph.kind_of(node)
        # a browsable entry links to its own view: a click on it opens it
        view = urlencode({"kg_kind": kind, "kg_entry": str(node), "lang": language()})
        link = f', URL="knowledge_graph?{view}", target="_top"' if kind in kgraph.KINDS else ""
        return f'"{node}" [label="{text}", fillcolor="{COLOURS[kind][0]}"{width}{link}];'
    lines = ['digraph { rankdir=LR; node [shape=box, style="rounded,filled", fontsize=10];',
             'edge [fontsize=9, color="#666666"];', node_line(centre)]
    for link in links:
        lines.append(node_line(link.other))
        source, target = (centre, link.other) if link.outgoing else (link.other, centre)
        lines.append(f'"{source}" -> "{target}" [label="{t(link.predicate)}"];')
    return "\n".join([*dict.fromkeys(lines), "}"])


st.title(t("Knowledge graph"))
st.write(t("Mechanisms of digitalization and new quality productive forces, the constraints "
           "on them, the policies that address those, the hypotheses and the published "
           "evidence, curated from the source texts with their sections cited."))
found = st.text_input(t("Search labels (English or 中文)"), key="kg_search")
if found.strip():
    hits = kgraph.search(found.strip())
    ui.table(hits, hide_index=True)
    st.caption(t("{n} entries whose label or alternative label contains '{text}'.").format(
        n=len(hits), text=found.strip()))
cols = st.columns([1, 3])
with cols[0]:
    kinds = list(kgraph.KINDS)
    wanted = st.query_params.get("kg_kind")
    kind = st.radio(t("Kind"), kinds, key="kg_kind", format_func=t,
                    index=kinds.index(wanted) if wanted in kinds else 0)
    st.query_params["kg_kind"] = kind
with cols[1]:
    nodes = kgraph.members(kind)
    labels = {str(node): kgraph.label(node) for node in nodes}
    # the most connected entry of the kind opens first: the richest view to start from
    hub = max(range(len(nodes)), key=lambda i: len(kgraph.links(nodes[i])))
    chosen = URIRef(ui.select(f"{t(kind)} ({len(nodes)})", list(labels), "kg_entry", index=hub,
                              format_func=labels.__getitem__))

st.subheader(kgraph.label(chosen))
st.caption(f"{t(kgraph.kind_of(chosen))} · `{kgraph.ident(chosen)}` · {chosen}")
st.write(kgraph.definition(chosen, language()))
facts = {name: kgraph.text(chosen, predicate) for name, predicate in FACTS.items()}
for name, value in facts.items():
    if value is not None:
        st.markdown(f"**{t(name)}:** {value}")
for citation in kgraph.citations(chosen):
    st.markdown(t("**Source:** {citation}").format(citation=citation))

links = kgraph.links(chosen)
st.subheader(t("Links"))
if not links:
    st.write(t("No links to other entries."))
else:
    ui.table(pd.DataFrame({
        "link": [t(link.predicate) if link.outgoing
                 else t("{link} (from)").format(link=t(link.predicate)) for link in links],
        "kind": [t(kgraph.kind_of(link.other)) for link in links],
        "entry": [kgraph.label(link.other) for link in links],
        "id": [kgraph.ident(link.other) for link in links],
    }), hide_index=True)
    provenance = kgraph.link_provenance(kgraph.ident(chosen))
    if not provenance.empty:
        readings = {str(predicate).rsplit("#", 1)[-1]: reading
                    for predicate, reading in kgraph.LINKS.items()}
        provenance["predicate"] = provenance["predicate"].map(
            lambda p: t(readings.get(p, p)))
        provenance["basis"] = provenance["basis"].map(lambda b: t(b) if isinstance(b, str) else b)
        ui.table(provenance, wide=("quote", "justification"), hide_index=True)
        st.caption(t("Provenance of the links this entry states: 'stated in the text' at the "
                     "cited section (the quote locates it), or a curator inference with its "
                     "justification."))
    st.graphviz_chart(dot(chosen, links), width="stretch")
    st.caption(t("The entry (bold border) and every entry linked to it; arrows point from "
                 "subject to object of each link, coloured by kind: {colours}.").format(
        colours=", ".join(f"{t(kind).lower()} {t(name)}" for kind, (_, name) in COLOURS.items()
                          if kind != "Other")))

# our own evidence: the re-estimates of a published record on this warehouse's datasets
if (kgraph.kind_of(chosen) == "Evidence" and store.build_key() is not None
        and ui.has_table("regression_results")):
    own = computed_evidence_frame(store.query(
        "select * from regression_results where evidence_id = ? order by dataset",
        (kgraph.ident(chosen),)))
    st.subheader(t("Our own evidence"))
    if own.empty:
        st.write(t("No dataset of this warehouse can estimate this result."))
    else:
        ui.table(own[["dataset", "estimator", "coefficient", "std_error", "significance",
                      "n", "sign_agrees", "significance_agrees", "relation"]], hide_index=True)
        st.caption(t("The published result re-estimated on each dataset of this warehouse: "
                     "agreement in sign and in significance (10 %), and how the re-estimate "
                     "bears on the hypothesis."))

# verdicts on the hypotheses: ours, computed from the ex-ante predictions, beside the authors'
st.subheader(t("Verdicts on the hypotheses"))
verdicts = (store.query("select * from hypothesis_verdict order by hypothesis_code, body")
            if store.build_key() is not None and ui.has_table("hypothesis_verdict")
            else verdict_frame())
st.dataframe(pd.DataFrame({
    t("Hypothesis"): verdicts["hypothesis_code"],
    t("Body of evidence"): verdicts["body"].map(t),
    t("Our verdict"): verdicts["verdict"].map(t),
    t("Supporting"): verdicts["supporting"],
    t("Contradicting"): verdicts["contradicting"],
    t("Not significant"): verdicts["insignificant"],
    t("Authors' verdict"): verdicts["authors_verdict"].map(t),
    t("Cited at"): verdicts["authors_section"],
}), hide_index=True)
st.caption(t("Our verdicts count the estimates that test a prediction the theory made before "
             "the results (section 3 of the method paper): supported when every one is "
             "significant (10 %) with the predicted sign, partly when some are, not when none "
             "is. Identical estimates count once; the authors' own verdict stands beside ours."))
