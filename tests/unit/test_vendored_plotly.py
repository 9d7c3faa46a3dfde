"""The vendored plotly.js "basic" bundle (assets/vendor/plotly-basic.min.js) the pages load
instead of the full plotly.min.js: the same plotly.js version as the `plotly` package's
(whose figures it draws), and every trace type the figures use is in it.

Upgrading `plotly` fails the first test until the bundle of its plotly.js version is
vendored (assets/vendor/README.md says how); a figure with a trace type the bundle lacks
(a heatmap, a box plot) fails the second, which names it.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType
from plotly.offline import get_plotlyjs_version

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "assets" / "vendor" / "plotly-basic.min.js"
# npm's plotly.js-basic-dist-min README: "Contains trace modules bar, pie and scatter."
BASIC_TRACES = {"bar", "pie", "scatter"}
# Where figures are built or changed.
FIGURE_CODE = ("dashboard/figures", "dashboard/web", "dashboard/output")


def _header() -> str:
    return BUNDLE.read_bytes()[:400].decode("utf-8")


def test_the_vendored_bundle_is_the_plotly_packages_plotly_js_version():
    match = re.search(r"plotly\.js \(basic - minified\) v(\d+\.\d+\.\d+)", _header())
    assert match, _header()
    assert match.group(1) == get_plotlyjs_version(), (
        f"assets/vendor/plotly-basic.min.js is plotly.js {match.group(1)}, the plotly "
        f"package draws with {get_plotlyjs_version()}: vendor plotly.js-basic-dist-min@"
        f"{get_plotlyjs_version()} (assets/vendor/README.md)")


def test_the_vendored_bundle_keeps_its_licence_header_and_licence_file():
    assert "Licensed under the MIT license" in _header()
    assert "MIT License" in (BUNDLE.parent / "plotly.js.LICENSE").read_text()
    assert b"sourceMappingURL" not in BUNDLE.read_bytes()[-2000:]  # no .map request


def _trace_names() -> dict[str, str]:
    """Class name -> trace type, for every plotly.graph_objects trace (go.Bar -> "bar")."""
    return {name: cls().type for name in dir(go)
            if isinstance(cls := getattr(go, name), type) and issubclass(cls, BaseTraceType)}


def _traces_used(source: str, classes: dict[str, str]) -> set[str]:
    """Trace types a module builds: go.<Trace>(...) calls (not html.Table), and
    dict(type=...) or {"type": ...} with a trace type's name."""
    names = set(classes.values())
    used = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Attribute) and func.attr in classes
                    and isinstance(func.value, ast.Name) and func.value.id == "go"):
                used.add(classes[func.attr])
            for keyword in node.keywords:
                if (keyword.arg == "type" and isinstance(keyword.value, ast.Constant)
                        and keyword.value.value in names):
                    used.add(keyword.value.value)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if (isinstance(key, ast.Constant) and key.value == "type"
                        and isinstance(value, ast.Constant) and value.value in names):
                    used.add(value.value)
    return used


def test_the_scan_finds_trace_types_outside_the_bundle():
    classes = _trace_names()
    assert classes["Heatmap"] == "heatmap" and classes["Scatter"] == "scatter"
    found = _traces_used("go.Heatmap(z=[[1]])\nfig.add_trace(dict(type='box'))\n"
                         "x = {'type': 'violin'}\ngo.Bar(x=[1])\n"
                         "html.Table([])\ndbc.Table([])\n", classes)
    assert found == {"heatmap", "box", "violin", "bar"}
    # error bars' and axes' "type" values are not trace types
    assert _traces_used("dict(type='data', array=[1])\n{'type': 'category'}", classes) == set()


def test_every_trace_type_the_figures_use_is_in_the_vendored_bundle():
    classes = _trace_names()
    used: dict[str, set[str]] = {}
    for folder in FIGURE_CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for trace in _traces_used(path.read_text(), classes):
                used.setdefault(trace, set()).add(str(path.relative_to(ROOT)))
    assert {"bar", "scatter"} <= set(used), used   # the scan sees the figures
    missing = {trace: files for trace, files in used.items() if trace not in BASIC_TRACES}
    assert not missing, (
        f"trace types not in plotly.js basic (assets/vendor/plotly-basic.min.js): {missing}; "
        "vendor a bundle that has them (assets/vendor/README.md)")
    for folder in FIGURE_CODE:   # plotly.express could make any trace type
        for path in (ROOT / folder).rglob("*.py"):
            assert "plotly.express" not in path.read_text(), path


def test_the_board_pack_draws_with_the_vendored_basic_bundle():
    """The pack inlines the basic bundle (a quarter of the full one for its Chromium to parse);
    its charts being drawn at all is what the pack's `packReady` waits for (test_board_pack)."""
    from dashboard.output.board_pack import plotly_js
    inlined = plotly_js()
    assert inlined == BUNDLE.read_text(encoding="utf-8")
    assert "plotly.js (basic - minified)" in inlined[:400]
