"""Headline figures (dashboard.analysis.summary) against `python -m dashboard export` on the sample data.

The export is the reference: each headline number must be the export's row for the same
area and period, reoffending must pool the export's four quarterly cohorts of the latest
complete year, ranks must order the export's figures, and comparators must be the
benchmarks.csv values for the same period.
"""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from dashboard.core.db import get_engine
from dashboard.contract.periods import add_months, cohort_complete
from dashboard.contract.selection import CohortFilter
from dashboard.contract.selection import NO_FILTER, Selection
from dashboard.words.figure_notes import disproportionality_headline, headline_figures

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(REPO_ROOT, "sample_data")
approx = pytest.approx


def cli(url: str, *args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=REPO_ROOT,
                          env={**os.environ, "DATABASE_URL": url}, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """(engine, {export name: DataFrame}) for the sample data."""
    folder = tmp_path_factory.mktemp("summary")
    url = f"sqlite:///{folder / 'yj.db'}"
    cli(url, "load", SAMPLE)
    cli(url, "export", str(folder / "out"))
    exports = {name: pd.read_csv(folder / "out" / f"{name}.csv", keep_default_na=True)
               for name in ("fte", "custody", "reoffending", "disproportionality")}
    for frame in exports.values():
        for column in ("period_end", "cohort_start", "cohort_end"):
            if column in frame:
                frame[column] = pd.to_datetime(frame[column]).dt.date
    engine = get_engine(url)
    yield engine, exports
    engine.dispose()


def export_row(frame, level, code, when, column="period_end"):
    rows = frame[(frame["area_type"] == level) & (frame["area_code"] == code)
                 & (frame[column] == when)]
    assert len(rows) == 1
    return rows.iloc[0]


def pooled_export(frame, level, code, end):
    window = frame[(frame["area_type"] == level) & (frame["area_code"] == code)
                   & (frame["cohort_end"] <= end) & (frame["cohort_start"] > add_months(end, -12))]
    size, reoffenders, reoffences = (window[c].sum() for c in
                                     ("cohort_size", "reoffenders", "reoffences"))
    return reoffenders / size * 100, reoffences / reoffenders


def by_key(figures):
    return {f["indicator"]: f for f in figures}


def _headlines(engine, level, code, when, cohort=NO_FILTER, **options):
    return headline_figures(engine, Selection(level=level, area=code, cohort=cohort), when,
                            **options)


def _dispro(engine, level, code, when, cohort=NO_FILTER):
    return disproportionality_headline(engine, Selection(level=level, area=code, cohort=cohort),
                                       when)


AREAS = [("service", "Kingsmoor and Fenby YJS"), ("service", "Northmoor and Eastbridge YJS"),
         ("local_authority", "W06900002"), ("all", None)]


@pytest.mark.parametrize("level, code", AREAS)
@pytest.mark.parametrize("when", [date(2024, 3, 31), date(2022, 9, 30)])
def test_headline_numbers_match_the_export(loaded, level, code, when):
    engine, exports = loaded
    figures = by_key(_headlines(engine, level, code, when))
    code_in_export = code or "all"

    for key, name, rate, counted in (("fte_rate", "fte", "rate_per_100k", "fte_count"),
                                     ("custody_rate", "custody", "rate_per_1000",
                                      "custodial_sentences")):
        row = export_row(exports[name], level, code_in_export, when)
        before = export_row(exports[name], level, code_in_export, add_months(when, -12))
        figure = figures[key]
        assert figure["value"] == approx(row[rate])
        assert figure["count"] == row[counted]
        assert figure["previous"] == approx(before[rate])
        assert figure["series"][-1]["value"] == approx(row[rate])
        assert len(figure["series"]) == 12

    as_of = max(exports["reoffending"]["cohort_end"])  # sample as-of is the last quarter end
    binary, frequency = figures["reoffending_binary_rate"], figures["reoffences_per_reoffender"]
    end = binary["cohort_end"]
    assert end <= when and cohort_complete(end, _as_of(engine))
    assert not cohort_complete(_next_quarter(end), _as_of(engine)) or end == when
    expected_binary, expected_frequency = pooled_export(exports["reoffending"], level,
                                                        code_in_export, end)
    assert binary["value"] == approx(expected_binary)
    assert frequency["value"] == approx(expected_frequency)
    previous_binary, _ = pooled_export(exports["reoffending"], level, code_in_export,
                                       add_months(end, -12))
    assert binary["previous"] == approx(previous_binary)
    assert as_of >= end


def _as_of(engine):
    from queries.meta import load_meta
    return load_meta(engine)["as_of"]


def _next_quarter(end: date) -> date:
    from dashboard.contract.periods import quarter_end
    return quarter_end(add_months(end, 3))


def test_reoffending_is_the_latest_complete_year_in_words(loaded):
    engine, _ = loaded
    as_of = _as_of(engine)   # 30 December 2024: cohorts to June 2023 are complete
    assert as_of == date(2024, 12, 30)
    figure = by_key(_headlines(engine, "service", "Kingsmoor and Fenby YJS",
                                     date(2024, 9, 30)))["reoffending_binary_rate"]
    assert figure["cohort_end"] == date(2023, 6, 30)
    assert figure["period_words"] == "children cautioned or sentenced July 2022 – June 2023"
    assert "12 months, plus 6 months" in figure["note"]
    older = by_key(_headlines(engine, "service", "Kingsmoor and Fenby YJS",
                                    date(2021, 12, 31)))["reoffending_binary_rate"]
    assert older["cohort_end"] == date(2021, 12, 31)   # complete: the selected period itself


def test_ranks_place_each_service_among_every_published_service(loaded):
    """The field is benchmarks.csv's service rows for the period, each loaded service's
    exported figure in place of its own published row (names ignoring case)."""
    engine, exports = loaded
    when = date(2024, 3, 31)
    bench = pd.read_csv(os.path.join(SAMPLE, "benchmarks.csv"))
    published = bench[(bench["indicator"] == "fte_rate") & (bench["area_type"] == "service")
                      & (bench["period_end"] == when.isoformat())]
    fte_rows = exports["fte"][(exports["fte"]["area_type"] == "service")
                              & (exports["fte"]["period_end"] == when)]
    ours = dict(zip(fte_rows["area_code"], fte_rows["rate_per_100k"]))
    loaded_names = {name.casefold() for name in ours}
    field = [v for n, v in zip(published["area_name"], published["value"])
             if n.strip().casefold() not in loaded_names] + list(ours.values())
    assert len(field) == 155          # 155 published services, the 3 loaded among them
    for service, value in ours.items():
        figure = by_key(_headlines(engine, "service", service, when))["fte_rate"]
        rank = 1 + sum(v < value for v in field)
        assert (figure["rank_status"], figure["rank"], figure["rank_of"]) == (
            "ranked", rank, 155)
        assert figure["rank_field"] == "published"
        assert figure["quartile"] == -(-4 * rank // 155)
        assert figure["quartile_name"] == ("Upper", "Upper middle", "Lower middle",
                                           "Lower")[figure["quartile"] - 1]
    la = by_key(_headlines(engine, "local_authority", "E06900001", when))["fte_rate"]
    assert la["rank_status"] == "services_only" and la["rank"] is None
    everyone = by_key(_headlines(engine, "all", None, when))["fte_rate"]
    assert everyone["rank_status"] == "services_only" and everyone["rank"] is None


def test_with_filters_services_are_ranked_among_those_loaded(loaded):
    engine, _ = loaded
    when = date(2024, 3, 31)
    girls = [by_key(_headlines(engine, "service", service, when, CohortFilter(sex="F")))
             ["fte_rate"] for service in ("Kingsmoor and Fenby YJS",
                                          "Northmoor and Eastbridge YJS",
                                          "Aberwen and Llanfelin YJS")]
    assert {(f["rank_field"], f["rank_of"]) for f in girls} == {("filtered", 3)}
    by_value = sorted(girls, key=lambda f: f["value"])
    assert [f["rank"] for f in by_value] == [1, 2, 3]


def test_comparators_are_the_benchmarks_for_the_same_period(loaded):
    engine, _ = loaded
    bench = pd.read_csv(os.path.join(SAMPLE, "benchmarks.csv"))
    when = date(2024, 3, 31)
    figures = by_key(_headlines(engine, "service", "Kingsmoor and Fenby YJS", when))

    def published(indicator, area_type, name, period):
        rows = bench[(bench["indicator"] == indicator) & (bench["area_type"] == area_type)
                     & (bench["area_name"] == name) & (bench["period_end"] == period.isoformat())]
        return float(rows["value"].iloc[0])

    fte = figures["fte_rate"]["benchmarks"]
    assert fte["national"]["value"] == published("fte_rate", "national", "England and Wales",
                                                 when)
    assert fte["region"] == {**fte["region"], "name": "East Midlands",
                             "value": published("fte_rate", "region", "East Midlands", when)}
    assert fte["family"]["name"] == "Family A"
    reoffending = figures["reoffending_binary_rate"]
    # A pooled cohort year against the mean of the comparator's four quarterly figures (as
    # the reoffending page compares it): the quarters ending at the card's cohort end.
    quarters = [d.date() for d in pd.date_range(end=reoffending["cohort_end"], periods=4,
                                                freq="QE")]
    assert quarters[-1] == reoffending["cohort_end"]
    mean = sum(published("reoffending_binary_rate", "national", "England and Wales", q)
               for q in quarters) / 4
    assert reoffending["benchmarks"]["national"]["value"] == pytest.approx(mean)
    assert set(figures["fte_rate"]["benchmarks"]["national"]) == {
        "name", "value", "significance", "judgement", "all_children"}
    # Significance from the area's own 95% interval: higher when its lower limit is above
    # the comparator, lower when its upper limit is below it.
    figure = figures["fte_rate"]
    for bench_row in fte.values():
        expected = ("higher" if figure["lower_95"] > bench_row["value"] else
                    "lower" if figure["upper_95"] < bench_row["value"] else "similar")
        assert bench_row["significance"] == expected


def test_filters_follow_the_population_and_are_flagged(loaded):
    engine, _ = loaded
    when = date(2024, 3, 31)
    girls = by_key(_headlines(engine, "service", "Kingsmoor and Fenby YJS", when,
                                    CohortFilter(sex="F")))
    everyone = by_key(_headlines(engine, "service", "Kingsmoor and Fenby YJS", when))
    assert girls["fte_rate"]["count"] < everyone["fte_rate"]["count"]
    assert girls["fte_rate"]["comparators_ignore_filters"] is True
    assert everyone["fte_rate"]["comparators_ignore_filters"] is False

    looked_after = by_key(_headlines(engine, "service", "Kingsmoor and Fenby YJS", when,
                                           CohortFilter(looked_after=True)))
    fte = looked_after["fte_rate"]
    assert fte["value"] is None and fte["rate_available"] is False and fte["count"] > 0
    assert fte["rank"] is None and fte["rag"]["status"] == "grey"
    # Reoffending is a percentage of the cohort: it needs no population.
    assert looked_after["reoffending_binary_rate"]["value"] is not None


def test_first_period_has_no_year_before(loaded):
    engine, _ = loaded
    early = by_key(_headlines(engine, "service", "Kingsmoor and Fenby YJS",
                                    date(2015, 3, 31)))
    assert early["fte_rate"]["previous"] is None
    assert early["fte_rate"]["change"]["direction"] is None


def test_disproportionality_headline_is_the_largest_significant_rri(loaded):
    engine, exports = loaded
    when = date(2024, 3, 31)
    frame = exports["disproportionality"]
    rows = frame[(frame["area_type"] == "all") & (frame["period_end"] == when)
                 & (frame["significance"] == "over")]
    found = _dispro(engine, "all", None, when)
    if rows.empty:
        assert found["found"] is False
    else:
        top = rows.sort_values("relative_rate_index").iloc[-1]
        assert (found["stage"], found["group"]) == (top["stage"], top["ethnicity"])
        assert found["rri"] == approx(top["relative_rate_index"])
        assert found["count"] == top["count"]
    no_population = _dispro(engine, "all", None, when,
                                                CohortFilter(offence_group="Robbery"))
    assert no_population["found"] is None
