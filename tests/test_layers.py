"""The packages follow the data: the import-linter contracts in pyproject.toml (stages in layers,
no import cycles) hold, and the top of sitegen/ stays small."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import REPO

MOST_TOP_MODULES = 15


def test_the_import_contracts_hold() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    if not lint.exists() and shutil.which("lint-imports") is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    done = subprocess.run([str(lint) if lint.exists() else "lint-imports", "--no-cache"], cwd=REPO,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_no_module_imports_itself_through_others() -> None:
    """No import cycle at all, lazy imports (inside functions) included: the cycle build ↔
    incremental ↔ state is not to come back."""
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("sitegen")
    cycles = [(importer, imported) for importer in sorted(graph.modules)
              for imported in sorted(graph.find_modules_directly_imported_by(importer))
              if graph.find_shortest_chain(importer=imported, imported=importer) is not None]
    assert cycles == []


def test_at_most_fifteen_modules_at_the_top_of_the_package() -> None:
    top = sorted(p.name for p in (REPO / "sitegen").glob("*.py"))
    assert len(top) <= MOST_TOP_MODULES, top


def test_every_module_is_in_a_layer() -> None:
    """A module in no layer of the stages contract could import anything: each is in one (itself
    or a package above it)."""
    grimp = pytest.importorskip("grimp")
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    stages = next(c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "stages")
    layers = {name.strip() for layer in stages["layers"] for name in layer.split("|")}
    modules = sorted(grimp.build_graph("sitegen").modules - {"sitegen"})
    outside = [m for m in modules if not any(m == layer or m.startswith(f"{layer}.") for layer in layers)]
    assert outside == []
