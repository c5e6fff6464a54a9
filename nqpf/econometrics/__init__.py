"""The method paper's regressions (Tables 3-10) on the warehouse's analysis panel.

A declarative catalogue (``catalogue.yaml``) lists the models; ``run_catalogue`` estimates
every model on every dataset (fixed-effects OLS with pyfixest, FE-IV two-step GMM with
linearmodels) and returns one results frame with the published figures beside ours. The dbt
model ``regression_results`` stores it; ``nqpf regress`` prints it in the paper's layout.
"""

from nqpf.econometrics.catalogue import Catalogue, CatalogueError, Model, load_catalogue
from nqpf.econometrics.results import COLUMNS, run_catalogue

__all__ = ["COLUMNS", "Catalogue", "CatalogueError", "Model", "load_catalogue", "run_catalogue"]
