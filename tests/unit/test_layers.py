"""The layers import in one direction only (.importlinter, docs/ARCHITECTURE.md).

The check runs import-linter on the real tree, and once on a copy with one upward import
added, to show that it would catch one.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("dashboard", "queries", "layouts", "callbacks")
LINT = Path(sys.executable).with_name("lint-imports")


def lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--config", str(tree / ".importlinter")], cwd=tree,
                          env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=300)


def test_layers_import_downwards_only():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_query_importing_a_figure_builder_breaks_the_check(tmp_path):
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    fte = tmp_path / "queries" / "fte.py"
    fte.write_text(fte.read_text() + "\nfrom dashboard.figures import trend  # upward\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "queries.fte -> dashboard.figures.trend" in result.stdout
