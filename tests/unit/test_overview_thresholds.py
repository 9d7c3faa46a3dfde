"""RAG thresholds: the documented defaults, the rules at their edges, and bad files."""
from __future__ import annotations

import pytest

from dashboard.analysis.thresholds import DEFAULT_PATH, Threshold, load_thresholds, parse_thresholds, rag


@pytest.fixture
def defaults():
    return load_thresholds(DEFAULT_PATH)


def test_defaults_are_the_documented_ones(defaults):
    national = ("fte_rate", "custody_rate", "reoffending_binary_rate",
                "reoffences_per_reoffender")
    assert {key: defaults[key] for key in national} == {
        "fte_rate": Threshold(200, 300, False),
        "custody_rate": Threshold(0.10, 0.15, True),
        "reoffending_binary_rate": Threshold(35, 40, False),
        "reoffences_per_reoffender": Threshold(3.0, 3.8, False),
    }


@pytest.mark.parametrize("indicator, value, status", [
    ("fte_rate", 199.4, "green"),          # shown as 199
    ("fte_rate", 199.5, "amber"),          # shown as 200
    ("fte_rate", 299.0, "amber"),
    ("fte_rate", 300.0, "red"),
    ("custody_rate", 0.099, "amber"),      # shown as 0.10
    ("custody_rate", 0.094, "green"),
    ("custody_rate", 0.15, "amber"),       # amber up to and including 0.15
    ("custody_rate", 0.151, "amber"),      # shown as 0.15
    ("custody_rate", 0.156, "red"),
    ("reoffending_binary_rate", 34.9, "green"),
    ("reoffending_binary_rate", 39.9, "amber"),
    ("reoffending_binary_rate", 40.0, "red"),
    ("reoffences_per_reoffender", 2.99, "green"),
    ("reoffences_per_reoffender", 3.8, "red"),
])
def test_rag_compares_the_value_as_shown(defaults, indicator, value, status):
    assert rag(indicator, value, defaults)["status"] == status


def test_rag_has_icon_word_and_rule(defaults):
    red = rag("fte_rate", 352.0, defaults)
    assert red == {"status": "red", "word": "Red", "icon": "bi-x-octagon-fill",
                   "rule": "Green below 200; amber 200 to under 300; red 300 and above",
                   "could_be": [], "label": "Red"}
    assert rag("custody_rate", 0.12, defaults)["rule"] == (
        "Green below 0.10; amber 0.10 to 0.15; red above 0.15")
    assert rag("reoffending_binary_rate", 36.0, defaults)["rule"].startswith("Green below 35.0%")


def test_missing_value_or_threshold_is_grey_and_says_so(defaults):
    assert rag("fte_rate", None, defaults)["word"] == "No RAG"
    assert rag("fte_rate", float("nan"), defaults)["rule"] == "No value to rate"
    assert rag("fte_rate", 100.0, {})["rule"] == "No threshold is set"


def test_a_custom_file_is_read(tmp_path, monkeypatch):
    path = tmp_path / "mine.toml"
    path.write_text("[fte_rate]\ngreen_below = 150\namber_below = 180\n")
    monkeypatch.setenv("RAG_THRESHOLDS", str(path))
    loaded = load_thresholds()
    assert loaded == {"fte_rate": Threshold(150, 180, False)}
    assert rag("fte_rate", 170, loaded)["status"] == "amber"


@pytest.mark.parametrize("text", [
    "not toml [",
    "[fte_rate]\ngreen_below = 300\namber_below = 200\n",          # green above amber
    "[fte_rate]\ngreen_below = 200\n",                              # no amber limit
    "[fte_rate]\ngreen_below = 200\namber_below = 300\namber_to = 300\n",
    "[fte_rate]\ngreen_below = 'low'\namber_below = 300\n",
    "[made_up]\ngreen_below = 1\namber_below = 2\n",
])
def test_an_unusable_file_falls_back_to_the_defaults(tmp_path, text, defaults):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    assert load_thresholds(path) == defaults


def test_a_missing_file_falls_back_to_the_defaults(tmp_path, defaults):
    assert load_thresholds(tmp_path / "absent.toml") == defaults


def test_parse_reports_the_problem():
    with pytest.raises(ValueError, match="green <= amber"):
        parse_thresholds({"fte_rate": {"green_below": 5, "amber_below": 1}})


@pytest.mark.parametrize("value, lower, upper, label", [
    (250.0, 220.0, 280.0, "Amber"),                           # the interval stays amber
    (250.0, 180.0, 280.0, "Amber (could be Green)"),
    (250.0, 220.0, 320.0, "Amber (could be Red)"),
    (190.0, 150.0, 310.0, "Green (could be Amber or Red)"),   # spans every band
    (310.0, 199.4, 330.0, "Red (could be Green or Amber)"),   # 199.4 shows as 199: green
    (310.0, 199.5, 330.0, "Red (could be Amber)"),            # 199.5 shows as 200: amber
    (310.0, 150.0, 330.0, "Red (could be Green or Amber)"),
    (250.0, None, None, "Amber"),                             # no interval: as before
])
def test_rag_says_when_the_interval_reaches_another_band(defaults, value, lower, upper,
                                                         label):
    assert rag("fte_rate", value, defaults, lower, upper)["label"] == label


def test_rag_could_be_lists_the_other_bands_and_keeps_the_status(defaults):
    found = rag("custody_rate", 0.09, defaults, 0.02, 0.23)
    assert (found["status"], found["word"], found["could_be"]) == (
        "green", "Green", ["amber", "red"])
    assert rag("fte_rate", None, defaults, 1.0, 2.0)["label"] == "No RAG"


def test_children_in_care_can_be_given_a_threshold():
    loaded = parse_thresholds({"looked_after_rate": {"green_below": 2.0, "amber_below": 3.0}})
    assert rag("looked_after_rate", 2.46, loaded)["status"] == "amber"   # shown as 2.5%
    assert rag("looked_after_rate", 1.0, loaded)["rule"] == (
        "Green below 2.0%; amber 2.0% to under 3.0%; red 3.0% and above")
