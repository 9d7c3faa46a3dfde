"""The export agrees with an independent naive implementation on generated data."""
from __future__ import annotations

import math
import random
from datetime import date

import pandas as pd
import pytest

from dashboard.core.db import get_engine
from dashboard.output.export import export_all
from dashboard.etl.generate import generate
from dashboard.etl.loader import load_folder
from tests.integration.reference import Reference, poisson_limits, wilson


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    base = tmp_path_factory.mktemp("reference")
    generate(base / "data", seed=11, services=3, years=4, start_year=2019)
    engine = get_engine(f"sqlite:///{base}/ref.db")
    load_folder(base / "data", engine)
    export_all(base / "out", engine=engine)
    frames = {name: pd.read_csv(base / "out" / f"{name}.csv", keep_default_na=True)
              for name in ("fte", "custody", "reoffending", "disproportionality",
                           "reoffending_all_outcomes")}
    return Reference(base / "data"), frames


def _close(a, b) -> bool:
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    return b is not None and not (isinstance(b, float) and math.isnan(b)) and \
        math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _sample(frame: pd.DataFrame, n: int = 25) -> pd.DataFrame:
    rng = random.Random(3)
    return frame.iloc[sorted(rng.sample(range(len(frame)), min(n, len(frame))))]


def test_fte_matches_reference(exported):
    ref, frames = exported
    for row in _sample(frames["fte"]).itertuples():
        count, pop, rate = ref.fte(row.area_type, row.area_code, date.fromisoformat(row.period_end))
        assert (row.fte_count, row.population) == (count, pop), row
        assert _close(rate, row.rate_per_100k)
        lower, upper = poisson_limits(count)
        assert _close(lower / pop * 100000, row.rate_lower_95), row
        assert _close(upper / pop * 100000, row.rate_upper_95), row


def test_custody_matches_reference(exported):
    ref, frames = exported
    for row in _sample(frames["custody"]).itertuples():
        count, pop, rate, children = ref.custody(row.area_type, row.area_code,
                                                 date.fromisoformat(row.period_end))
        assert (row.custodial_sentences, row.population, row.children) == (count, pop,
                                                                           children), row
        assert _close(rate, row.rate_per_1000)
        lower, upper = poisson_limits(count)
        assert _close(lower / pop * 1000, row.rate_lower_95), row
        assert _close(upper / pop * 1000, row.rate_upper_95), row


def test_reoffending_matches_reference(exported):
    ref, frames = exported
    for row in _sample(frames["reoffending"]).itertuples():
        size, reoffenders, reoffences, status = ref.reoffending(
            row.area_type, row.area_code, date.fromisoformat(row.cohort_start))
        assert (row.cohort_size, row.reoffenders, row.reoffences, row.status) == \
            (size, reoffenders, reoffences, status), row
        lower, upper = wilson(reoffenders, size)
        assert _close(lower, row.binary_rate_lower_95) and _close(upper, row.binary_rate_upper_95)


def test_reoffending_on_every_outcome_matches_reference(exported):
    ref, frames = exported
    for row in _sample(frames["reoffending_all_outcomes"]).itertuples():
        size, reoffenders, reoffences, status = ref.reoffending(
            row.area_type, row.area_code, date.fromisoformat(row.cohort_start),
            every_outcome=True)
        assert (row.cohort_size, row.reoffenders, row.reoffences, row.status) == \
            (size, reoffenders, reoffences, status), row


def test_disproportionality_matches_reference(exported):
    ref, frames = exported
    frame = frames["disproportionality"]
    frame = frame[frame["ethnicity"] != "Unknown"]
    keys = _sample(frame[["area_type", "area_code", "period_end", "stage"]].drop_duplicates(), 12)
    for key in keys.itertuples():
        expected = ref.disproportionality(key.area_type, key.area_code,
                                          date.fromisoformat(key.period_end), key.stage)
        rows = frame[(frame.area_code == key.area_code) & (frame.period_end == key.period_end)
                     & (frame.stage == key.stage) & (frame.area_type == key.area_type)]
        for row in rows.itertuples():
            count, pop, rri, lower, upper = expected[row.ethnicity]
            assert (row.count, row.population) == (count, pop), row
            assert _close(rri, row.relative_rate_index), row
            assert _close(lower, row.rri_lower_95) and _close(upper, row.rri_upper_95), row
