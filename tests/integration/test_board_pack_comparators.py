"""The report's summary table has room for three comparators on an A4 page: with a PCC area
and statistical neighbours loaded as well, it shows England and Wales, the region and the
family, says where the others are, and the full pack opens its appendix with the whole
table (every comparator). Content only (no browser, no PDF)."""
from __future__ import annotations

import pytest

from dashboard.output.board_pack import collect, render_html
from yj_testdata import bench, la, loaded_for_builds, out, pop, write_folder, write_v2

AREA, PERIOD = "service:Alpha YJS", "2023-12-31"
# One published figure of each kind for first time entrants in the year to December 2023.
COMPARATORS = [("national", "England and Wales", 171), ("region", "South West", 160),
               ("family", "Family A", 150), ("pcc", "Midshire", 180),
               ("statistical_neighbours", "Alpha statistical neighbours", 155)]
PRINTED = ["vs England and Wales", "vs South West (region)", "vs Family A (family)"]
IN_THE_APPENDIX = ["vs Midshire (PCC area)", "vs Statistical neighbours"]


@pytest.fixture(scope="module", autouse=True)
def database(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pack-comparators")
    data = write_folder(folder / "data", [la("A1", "Alpha YJS", "Alpha", family="Family A")],
                        [pop("A1", 2023, 4000)],
                        [out("o1", "c1", "A1", "2023-01-01", "youth_caution"),
                         out("o2", "c2", "A1", "2023-03-10", "referral_order"),
                         out("o3", "c3", "A1", "2023-11-20", "detention_training_order")])
    write_v2(data, benchmarks=[bench("fte_rate", PERIOD, kind, name, value)
                               for kind, name, value in COMPARATORS])
    with loaded_for_builds(folder / "data", f"sqlite:///{folder / 'pack.db'}"):
        yield


def comparator_columns(columns: list[str]) -> list[str]:
    return [c for c in columns if c.startswith("vs ")]


def test_the_report_prints_three_comparators_and_says_where_the_others_are():
    pack = collect(AREA, PERIOD, summary_only=True)
    printed = pack.summary.data
    assert comparator_columns(printed["columns"]) == PRINTED
    assert all(set(row) == set(printed["columns"]) for row in printed["rows"])
    fte = next(row for row in printed["rows"] if row["Indicator"].startswith("First time"))
    # 3 first time entrants among 4,000 children: 75 per 100,000, with a 95% interval of
    # about 15 to 219 (Poisson, 0.62 to 8.77 entrants), which holds 171: similar.
    assert fte["vs England and Wales"] == "Similar to 171"
    assert fte["vs South West (region)"] == "Similar to 160"
    assert pack.summary.note.endswith(
        "Compared with Midshire (PCC area) and statistical neighbours too: see the full "
        "board pack's appendix, which has every comparator.")
    assert pack.appendix == []          # the report alone has no appendix


def test_the_full_pack_opens_its_appendix_with_every_comparator():
    pack = collect(AREA, PERIOD)
    assert comparator_columns(pack.summary.data["columns"]) == PRINTED
    assert pack.summary.note.endswith("see the appendix's first table, which has every "
                                      "comparator.")
    first = pack.appendix[0]
    assert first.title == "The quarter's story"
    [whole] = first.charts
    assert comparator_columns(whole.data["columns"]) == PRINTED + IN_THE_APPENDIX
    fte = next(row for row in whole.data["rows"] if row["Indicator"].startswith("First time"))
    assert fte["vs Midshire (PCC area)"] == "Similar to 180"
    assert fte["vs Statistical neighbours"] == "Similar to 155"
    # the printed rows are the whole table's rows, less the two columns
    assert [row["Indicator"] for row in whole.data["rows"]] == \
        [row["Indicator"] for row in pack.summary.data["rows"]]
    document = render_html(pack)
    assert "The quarter&#39;s story: every table" in document   # escaped by Jinja2
    assert "Midshire (PCC area)" in document
