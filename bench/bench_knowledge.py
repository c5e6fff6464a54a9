"""Benchmark: the saved SPARQL queries on the knowledge graph, pyoxigraph against rdflib.

Builds the graph once (YAML -> rdflib, timed), loads it into pyoxigraph (timed), then runs
every saved query with its parameters bound - pyoxigraph with SPARQL substitutions, the
engine the warehouse uses, and rdflib with initial bindings as the baseline measured in the
same run - and prints the median of ``--repeat`` runs and the ratio rdflib / pyoxigraph.
Run: ``.venv/bin/python bench/bench_knowledge.py [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rdflib import Literal  # noqa: E402

from nqpf.knowledge.graph import build_graph  # noqa: E402
from nqpf.knowledge.integrity import store_of  # noqa: E402
from nqpf.knowledge.namespaces import INDICATOR, KG  # noqa: E402
from nqpf.knowledge.queries import ask, list_saved, saved_text  # noqa: E402

#: the parameters each saved query is run with (queries absent here take none)
BINDINGS = {
    "indicator_context": {"indicator": INDICATOR["otlp"]},
    "indicators_of_mechanism": {"mechanism": KG["m004_digitalization_nqpf"]},
    "policies_for_mechanism": {"mechanism": KG["m004_digitalization_nqpf"]},
    "evidence_by_hypothesis": {"hypothesis": KG["h004_h1"]},
    "link_provenance": {"subject": INDICATOR["otlp"]},
    "search_concepts": {"q": Literal("新质生产力")},
}


def median_seconds(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    graph = build_graph()
    built = time.perf_counter() - started
    started = time.perf_counter()
    store = store_of(graph)
    loaded = time.perf_counter() - started
    print(f"build graph from YAML: {built:.2f} s ({len(graph):,} triples); "
          f"load into pyoxigraph: {loaded:.2f} s")
    print(f"{'query':<26} {'pyoxigraph ms':>14} {'rdflib ms':>10} {'rdflib / oxigraph':>18}")
    for name in list_saved():
        text, bindings = saved_text(name), BINDINGS.get(name, {})
        ox_time = median_seconds(
            lambda text=text, bindings=bindings: ask(
                text, store, **{key: str(value) for key, value in bindings.items()}),
            args.repeat)
        rdf_time = median_seconds(
            lambda text=text, bindings=bindings: list(graph.query(text, initBindings=bindings)),
            args.repeat)
        print(f"{name:<26} {ox_time * 1e3:>14.1f} {rdf_time * 1e3:>10.1f} "
              f"{rdf_time / ox_time:>18.1f}")


if __name__ == "__main__":
    main()
