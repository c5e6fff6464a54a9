"""The MRIO tests write published MRIO workbooks with the CEADs file writers of the adapter
tests."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "adapters"))
