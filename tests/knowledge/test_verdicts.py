"""Computed verdicts: which sections state the predictions they rest on, the rule, and the
counts on a small hand-checkable results table."""

from __future__ import annotations

import pandas as pd
import pytest

from nqpf.knowledge.computed import computed_evidence_frame
from nqpf.knowledge.verdicts import POOLED, PUBLISHED, verdict, verdict_frame


@pytest.mark.parametrize(("counts", "expected"), [
    ((0, 0, 0), "untested"), ((3, 0, 0), "supported"), ((2, 1, 0), "partly supported"),
    ((2, 0, 1), "partly supported"), ((0, 2, 1), "not supported"), ((0, 0, 1), "not supported"),
])
def test_the_rule(counts: tuple[int, int, int], expected: str) -> None:
    assert verdict(*counts) == expected


def _result(dataset: str, evidence: str, coefficient: float, stars: str) -> dict:
    return {"dataset": dataset, "model": evidence.removeprefix("e004_"), "term": "x",
            "estimator": "ols_fe", "evidence_id": evidence, "status": "ok",
            "coefficient": coefficient, "std_error": 0.01, "p": 0.001, "n": 100, "r2": 0.5,
            "stars": stars, "data_build": "b1", "estimated_at": None}


#: a: ddr and indir raise tlpr (H1, both predicted positive in 3.2.1), dsr on pri is not
#: significant (H3); b: the same ddr estimate to the last digit, indir lowers tlpr
RESULTS = pd.DataFrame([
    _result("a", "e004_t3_c1", 0.05, "***"), _result("a", "e004_t3_c4", 0.1, "**"),
    _result("a", "e004_t7_c2", 0.01, ""),
    _result("b", "e004_t3_c1", 0.05, "***"), _result("b", "e004_t3_c4", -0.2, "***"),
    # a control (ln otlp next to ddr) tests no prediction
    _result("b", "e004_t4_c1_otlp", 0.3, "***"),
])


def test_verdicts_per_dataset_and_pooled() -> None:
    frame = verdict_frame(computed=computed_evidence_frame(RESULTS),
                          datasets=["a", "b", "c"]).set_index(["hypothesis_code", "body"])
    columns = ["verdict", "supporting", "contradicting", "insignificant", "concerning",
               "duplicates"]
    assert frame.loc[("H1", "a"), columns].tolist() == ["supported", 2, 0, 0, 0, 0]
    assert frame.loc[("H1", "b"), columns].tolist() == ["partly supported", 1, 1, 0, 1, 0]
    # the ddr estimate a and b share counts once
    assert frame.loc[("H1", POOLED), columns].tolist() == ["partly supported", 2, 1, 0, 1, 1]
    assert frame.loc[("H3", "a"), columns].tolist() == ["not supported", 0, 0, 1, 0, 0]
    assert frame.loc[("H3", "b"), "verdict"] == "untested"
    # a dataset none of whose models ran is untested throughout
    assert set(frame.xs("c", level=1)["verdict"]) == {"untested"}
    assert frame.loc[("H1", "b"), "rests_on"] == "ddr -> tlpr; indir -> tlpr"
    assert set(frame.xs("H2", level=0)["verdict"].drop(PUBLISHED)) == {"untested"}
    # the published tables keep their own verdict, and the authors' stands beside each
    assert frame.loc[("H1", PUBLISHED), "verdict"] == "partly supported"
    assert set(frame["authors_verdict"]) == {"supported"}
    assert frame.loc[("H1", "a"), "authors_section"] == "004 6. Conclusion and policy implications"


@pytest.mark.parametrize(("section", "theory"), [
    ("3.2.1 Channels through which industrial digitalization promotes NQPF", True),
    ("3.4 Research hypotheses", True), ("3. Theoretical analysis", True),
    ("5.1.2 Mechanism analysis", False), ("6. Conclusion and policy implications", False),
    ("30.1 A later chapter", False), ("2.3 Studies on the role of agglomeration", False),
])
def test_only_the_theory_sections_state_ex_ante_predictions(section: str, theory: bool) -> None:
    from nqpf.knowledge.load import load_knowledge
    from nqpf.knowledge.namespaces import KNOWLEDGE_DIR

    knowledge = load_knowledge(KNOWLEDGE_DIR)
    assert knowledge.source("004").is_theory(section) is theory
    # a text citing its headings by name (001) lists its theory sections by name
    assert knowledge.source("001").is_theory("Dynamic capability theory")
    assert not knowledge.source("001").is_theory("Mechanism analysis")
