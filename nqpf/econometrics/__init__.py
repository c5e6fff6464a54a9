"""The method paper's regressions (Tables 3-10) on the warehouse's analysis panel.

A declarative catalogue (``catalogue.yaml``) lists the models; ``run_catalogue`` estimates
every model on every dataset (fixed-effects OLS with pyfixest, FE-IV two-step GMM with
linearmodels) and returns one results frame with the published figures beside ours. The dbt
model ``regression_results`` stores it; ``nqpf regress`` prints it in the paper's layout.
"""


from importlib import import_module
from typing import Any

#: public name -> module that defines it; loaded on first use, so importing the package (as
#: `nqpf --help` does for the `regress` parser) does not load pyfixest and linearmodels
_EXPORTS = {"Catalogue": "catalogue", "CatalogueError": "catalogue", "Model": "catalogue",
            "load_catalogue": "catalogue", "COLUMNS": "results", "run_catalogue": "results"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
