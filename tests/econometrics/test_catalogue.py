"""The shipped catalogue matches the paper's evidence, and bad entries fail with clear errors."""

import copy
import re

import pytest
import yaml

from nqpf.econometrics.catalogue import (
    DEFAULT_CATALOGUE,
    CatalogueError,
    load_catalogue,
    parse_catalogue,
)
from nqpf.paths import PROJECT_ROOT

STARS = {"1%": "***", "5%": "**", "10%": "*", "ns": ""}


def test_the_shipped_catalogue_covers_tables_3_to_10():
    catalogue = load_catalogue()
    assert len(catalogue.models) == 30
    assert sorted({m.table for m in catalogue.models}) == [3, 4, 5, 6, 7, 8, 9, 10]
    (iv,) = catalogue.select(8)
    assert iv.estimator == "iv_gmm" and iv.endogenous == "dt" and "dt" in catalogue.derived
    assert all(m.fixed_effects == ("region*sector", "year") and m.cluster == "region*sector"
               for m in catalogue.models)


def test_published_figures_match_the_knowledge_evidence():
    """Every published term names an Evidence entry of src_004.yaml with the same figures."""
    entries = yaml.safe_load(
        (PROJECT_ROOT / "ontology" / "knowledge" / "src_004.yaml").read_text(encoding="utf-8"))
    evidence = {e["id"]: e for e in entries["entries"] if e.get("type") == "Evidence"}
    linked = set()
    for model in load_catalogue().models:
        for term, paper in model.published.items():
            record = evidence[paper.evidence]
            linked.add(paper.evidence)
            assert record["table"] == model.table, (model.id, term)
            assert paper.coefficient == record["coefficient"], (model.id, term)
            assert paper.std_error == record["standard_error"], (model.id, term)
            assert paper.stars == STARS[record["significance"]], (model.id, term)
            if "n_obs" in record:
                assert model.published_n == record["n_obs"], model.id
            if "r_squared" in record:
                assert model.published_r2 == record["r_squared"], model.id
    assert linked == set(evidence)


VALID = {"id": "m1", "table": 3, "dependent": "tlpr", "regressors": ["ddr"], "log": ["tlpr"],
         "fixed_effects": ["region*sector", "year"], "cluster": "region*sector",
         "estimator": "ols_fe"}


@pytest.mark.parametrize(("change", "message"), [
    ({"estimator": "probit"}, "model m1: field 'estimator': Input should be 'ols_fe' or 'iv_gmm'"),
    ({"table": "three"}, "model m1: field 'table': Input should be a valid integer"),
    ({"table": True}, "model m1: field 'table': Input should be a valid integer"),
    ({"regressors": []}, "model m1: field 'regressors' must list at least one variable"),
    ({"regressors": ["ddr", " "]}, "model m1: field 'regressors.1': String should match"),
    ({"log": ["pp"]}, "model m1: field 'log' names variables the model does not use: pp"),
    ({"dependent": None}, "model m1: field 'dependent': Input should be a valid string"),
    ({"estimator": "iv_gmm", "endogenous": "dt"},
     "model m1: field 'instrument' is required for iv_gmm"),
    ({"estimator": "iv_gmm", "endogenous": "dt", "instrument": {"kind": "other", "variable": "dt",
                                                                 "name": "z"}},
     "model m1: field 'instrument.kind': Input should be 'sector_mean_times_region_value'"),
    ({"published": {"terms": {"ddr": {"coefficient": 1, "stars": "****"}}}},
     "model m1: field 'published.terms.ddr.stars'"),
    ({"published": {"terms": {"ddr": {"coefficient": "1"}}}},
     "model m1: field 'published.terms.ddr.coefficient': Input should be a valid number"),
    ({"published": {"n": 10, "terms": {"ddr": {"coefficent": 1}}}},
     "model m1: field 'published.terms.ddr.coefficient': Field required"),
    ({"published": {"terms": {"ln_ddr": {"coefficient": 1}}}},
     "model m1: field 'published.terms' names terms the model does not estimate: ln_ddr"),
    ({"min_clusters": 1},
     "model m1: field 'min_clusters': Input should be greater than or equal to 2"),
    ({"cluster_by": "region"}, "model m1: field 'cluster_by': Extra inputs are not permitted"),
])
def test_invalid_models_name_the_model_and_the_field(change, message):
    entry = {**copy.deepcopy(VALID), **change}
    with pytest.raises(CatalogueError, match=re.escape(message)):
        parse_catalogue({"models": [entry]})


def test_defaults_apply_and_duplicates_are_refused():
    entry = {k: v for k, v in VALID.items() if k not in ("cluster", "estimator")}
    parsed = parse_catalogue({"defaults": {"cluster": "region", "estimator": "ols_fe"},
                              "models": [entry]})
    assert parsed.models[0].cluster == "region"
    with pytest.raises(CatalogueError, match="duplicate model id"):
        parse_catalogue({"models": [VALID, VALID]})


def test_an_unreadable_catalogue_names_the_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("models: [", encoding="utf-8")
    with pytest.raises(CatalogueError, match=re.escape("bad.yaml")):
        load_catalogue(bad)
    assert DEFAULT_CATALOGUE.exists()
