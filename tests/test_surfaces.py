"""Every input surface keeps its contract (SECURITY.md) under a memory cap: `tests/surfaces.py`, the
hypothesis tests of each surface, run in a pytest process of their own with RLIMIT_AS at 3,000,000 KB
(`ulimit -v 3000000`) and a time bound. A build that ate memory would die of it there, and fail here
with what it printed."""

from __future__ import annotations

import os
import resource
import subprocess
import sys

import pytest
from conftest import REPO, spawned

MEMORY = 3_000_000 * 1024
"""`ulimit -v 3000000`: the address space of the process the surface tests run in."""
SECONDS = 900
SURFACES = ["toml_values", "numbers_in_the_config", "page_numbers", "slugs", "markdown_nesting", "pdf_page_boxes",
            "image_headers", "file_names"]


def capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


@pytest.mark.slow
@pytest.mark.parametrize("surface", SURFACES)
def test_a_surface_keeps_its_contract_under_a_memory_cap(surface: str) -> None:
    command = [sys.executable, "-m", "pytest", str(REPO / "tests/surfaces.py"), "-k", f"test_{surface}", "-q",
               "-p", "no:cacheprovider", "-x"]
    with spawned(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=capped,
                 env={**os.environ, "PYTHONPATH": str(REPO)}) as process:
        output, _ = process.communicate(timeout=SECONDS)
    assert process.returncode == 0, output[-6000:]
    assert " passed" in output and "1 passed" in output, output[-2000:]
