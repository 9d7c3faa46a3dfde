"""The synthetic data generator: deterministic, and always a valid CONTRACT §1 import folder."""
from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.etl.generate import generate

FILES = ("local_authorities.csv", "population.csv", "outcomes.csv", "benchmarks.csv",
         "outcome_types.csv", "looked_after_population.csv", "interventions.csv",
         "victims.csv", "board_attendance.csv", "remands.csv", "README.txt")
COLUMNS = {
    "local_authorities.csv": ["code", "name", "service", "region", "family"],
    "population.csv": ["local_authority", "year", "sex", "age", "ethnicity", "population"],
    "outcomes.csv": ["outcome_id", "child_id", "local_authority", "offence_date", "outcome_date",
                     "outcome_type", "sex", "age", "ethnicity", "looked_after", "offence_group",
                     "gravity"],
    "benchmarks.csv": ["indicator", "period_end", "area_type", "area_name", "value",
                       "numerator", "denominator"],
    "outcome_types.csv": ["code", "label", "tier", "substantive", "custodial"],
    "looked_after_population.csv": ["local_authority", "year", "population"],
    "interventions.csv": ["intervention_id", "child_id", "local_authority", "kind",
                          "start_date", "end_date", "end_reason", "accommodation_end",
                          "ete_end", "ete_status_end", "send_identified", "send_plan",
                          "mental_health_need", "mental_health_intervention",
                          "substance_need", "substance_intervention", "looked_after_end",
                          "child_in_need_end", "child_protection_end"],
    "victims.csv": ["victim_id", "local_authority", "contact_date", "consented", "engaged"],
    "board_attendance.csv": ["meeting_date", "service", "partner", "attended"],
    "remands.csv": ["remand_id", "child_id", "local_authority", "start_date", "end_date",
                    "type", "result", "cost_per_night"],
}
YES_NO_EMPTY = {"Y", "N", ""}
ETE_STATUSES = {"school", "alternative_provision", "further_education", "training",
                "employment", "re_engagement", "custody", "neet", ""}
OUTCOME_TYPES = {
    "community_resolution", "youth_restorative_disposal", "outcome_22", "youth_caution",
    "youth_conditional_caution", "absolute_discharge", "conditional_discharge", "fine",
    "referral_order", "reparation_order", "youth_rehabilitation_order", "yro_iss",
    "detention_training_order", "section_250", "extended_or_life",
}
ETHNIC_GROUPS = {"White", "Mixed", "Asian", "Black", "Other"}
TIERS = {"diversion", "pre_court", "first_tier", "community", "custody", "other"}
LOCAL_CODES = {"criminal_behaviour_order", "recall_to_custody", "curfew_order",
               "yro_iss_band_1", "yro_iss_band_2", "yro_iss_band_3"}
# CONTRACT §2b, exact text: the 19 detailed 2021 Census categories and their groups.
DETAILED = {
    "English, Welsh, Scottish, Northern Irish or British": "White", "Irish": "White",
    "Gypsy or Irish Traveller": "White", "Roma": "White", "Other White": "White",
    "White and Black Caribbean": "Mixed", "White and Black African": "Mixed",
    "White and Asian": "Mixed", "Other Mixed or Multiple ethnic groups": "Mixed",
    "Indian": "Asian", "Pakistani": "Asian", "Bangladeshi": "Asian", "Chinese": "Asian",
    "Other Asian": "Asian", "African": "Black", "Caribbean": "Black", "Other Black": "Black",
    "Arab": "Other", "Any other ethnic group": "Other",
}
SAMPLE_DATA_DIR = Path(__file__).resolve().parents[2] / "sample_data"


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _header(folder: Path, name: str) -> list[str]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """Three services over two years: every feature, a few thousand rows."""
    folder = tmp_path_factory.mktemp("small")
    generate(folder, seed=42, services=3, years=2, start_year=2021)
    return folder


@pytest.fixture(scope="module")
def default(tmp_path_factory) -> Path:
    """The default generation (3 services, 2015-2024), as bundled in sample_data/."""
    folder = tmp_path_factory.mktemp("default")
    generate(folder)
    return folder


def _share(rows: list[dict], numerator, denominator) -> float:
    """Share of the rows meeting `denominator` that also meet `numerator`."""
    base = [r for r in rows if denominator(r)]
    return sum(1 for r in base if numerator(r)) / len(base)


def test_same_seed_gives_identical_files_and_another_seed_differs(small, tmp_path):
    again, other = tmp_path / "again", tmp_path / "other"
    generate(again, seed=42, services=3, years=2, start_year=2021)
    generate(other, seed=43, services=3, years=2, start_year=2021)
    for name in FILES:
        assert (again / name).read_bytes() == (small / name).read_bytes(), name
    assert (other / "outcomes.csv").read_bytes() != (small / "outcomes.csv").read_bytes()


def test_files_have_exactly_the_spec_columns(small):
    for name, columns in COLUMNS.items():
        assert _header(small, name) == columns, name
    assert sorted(path.name for path in small.iterdir()) == sorted(FILES)
    for name, columns in COLUMNS.items():  # and every row has every column
        with (small / name).open(encoding="utf-8", newline="") as handle:
            assert {len(row) for row in csv.reader(handle)} == {len(columns)}, name


def test_readme_and_summary_say_synthetic(tmp_path):
    summary = generate(tmp_path, seed=1, services=1, years=1)
    assert "SYNTHETIC" in summary and "\n" not in summary
    assert "SYNTHETIC" in (tmp_path / "README.txt").read_text(encoding="utf-8")


def test_authorities_cover_the_required_shapes(small):
    authorities = _read(small, "local_authorities.csv")
    assert len(authorities) >= 6
    assert len({row["code"] for row in authorities}) == len(authorities)
    per_service = defaultdict(list)
    for row in authorities:
        per_service[row["service"]].append(row["code"])
    assert len(per_service) >= 3
    assert any(len(codes) == 2 for codes in per_service.values())
    welsh = [row for row in authorities if row["region"] == "Wales"]
    assert welsh and all(row["code"].startswith("W06") for row in welsh)


def test_population_has_every_cell_for_every_authority_and_year(small):
    codes = {row["code"] for row in _read(small, "local_authorities.csv")}
    rows = _read(small, "population.csv")
    cells = {(r["local_authority"], r["year"], r["sex"], r["age"], r["ethnicity"]) for r in rows}
    assert len(cells) == len(rows) == len(codes) * 2 * 2 * 8 * 5
    assert {r["local_authority"] for r in rows} == codes
    assert {int(r["age"]) for r in rows} == set(range(10, 18))
    assert {r["ethnicity"] for r in rows} == ETHNIC_GROUPS
    assert all(int(r["population"]) >= 0 for r in rows)
    totals = defaultdict(int)
    for r in rows:
        totals[r["local_authority"], r["year"]] += int(r["population"])
    assert 8000 <= min(totals.values()) <= 10000  # the small authority
    assert max(totals.values()) <= 60000


def test_outcomes_are_valid_import_rows(small):
    codes = {row["code"] for row in _read(small, "local_authorities.csv")}
    rows = _read(small, "outcomes.csv")
    assert len(rows) > 1000
    assert len({r["outcome_id"] for r in rows}) == len(rows)
    for r in rows:
        offence, outcome = date.fromisoformat(r["offence_date"]), date.fromisoformat(
            r["outcome_date"])
        assert offence <= outcome <= date(2022, 12, 31) and outcome >= date(2021, 1, 1)
        assert r["local_authority"] in codes
        assert r["outcome_type"] in OUTCOME_TYPES | LOCAL_CODES
        assert r["sex"] in {"M", "F", "U"}
        assert r["ethnicity"] in ETHNIC_GROUPS | {"Unknown"} | set(DETAILED)
        assert r["looked_after"] in {"Y", "N"}
        assert r["offence_group"]
        assert r["gravity"] == "" or 1 <= int(r["gravity"]) <= 8


def test_ages_are_sensible_and_mostly_in_the_youth_range(small):
    ages = [int(r["age"]) for r in _read(small, "outcomes.csv")]
    assert min(ages) >= 10 and max(ages) <= 22
    in_range = sum(10 <= age <= 17 for age in ages)
    assert 0.8 * len(ages) < in_range < len(ages)  # a few rows after turning 18 are kept


def test_a_child_keeps_the_same_demographics_and_ages_forward(small):
    seen: dict[str, tuple] = {}
    for r in sorted(_read(small, "outcomes.csv"), key=lambda r: r["outcome_date"]):
        fixed = (r["sex"], r["ethnicity"])
        assert seen.setdefault(r["child_id"], fixed) == fixed
    per_child = defaultdict(list)
    for r in _read(small, "outcomes.csv"):
        per_child[r["child_id"]].append((r["outcome_date"], int(r["age"])))
    for history in per_child.values():
        ages = [age for _, age in sorted(history)]
        assert ages == sorted(ages)


def test_benchmarks_give_every_area_a_value_per_quarter(small):
    rows = _read(small, "benchmarks.csv")
    authorities = _read(small, "local_authorities.csv")
    areas = {(r["area_type"], r["area_name"]) for r in rows if r["area_type"] != "service"}
    assert ("national", "England and Wales") in areas
    assert {("region", a["region"]) for a in authorities} <= areas
    assert {("family", a["family"]) for a in authorities} <= areas
    assert {r["indicator"] for r in rows} == {"fte_rate", "custody_rate",
                                              "reoffending_binary_rate",
                                              "reoffences_per_reoffender"}
    assert len({r["period_end"] for r in rows}) == 8
    assert all(r["period_end"][5:] in {"03-31", "06-30", "09-30", "12-31"} for r in rows)
    assert all(float(r["value"]) > 0 for r in rows if r["area_type"] != "service")
    assert all(float(r["value"]) >= 0 for r in rows)  # a small service may have no custody


def test_more_services_add_unique_authorities(tmp_path):
    generate(tmp_path, seed=7, services=8, years=1)
    authorities = _read(tmp_path, "local_authorities.csv")
    assert len({r["service"] for r in authorities}) == 8
    assert len({r["code"] for r in authorities}) == len(authorities)
    assert len({r["name"] for r in authorities}) == len(authorities)
    codes = {r["code"] for r in authorities}
    assert {r["local_authority"] for r in _read(tmp_path, "outcomes.csv")} <= codes


def test_cli_generate_writes_the_folder(tmp_path, capsys):
    assert main(["generate", str(tmp_path), "--seed", "3", "--services", "3",
                 "--years", "1"]) == 0
    assert "SYNTHETIC" in capsys.readouterr().out
    assert all((tmp_path / name).exists() for name in FILES)


def test_bundled_sample_data_is_the_default_generation(default):
    for name in FILES:
        assert (SAMPLE_DATA_DIR / name).read_bytes() == (default / name).read_bytes(), name


def test_place_names_never_run_out():
    """`generate --services 400` (the catalogue it writes, built in milliseconds): 400
    services with distinct names. The two-syllable names are 21 x 14 English + 8 x 8 Welsh
    = 358, fewer than 400 services' authorities, so longer names must take over."""
    import random
    import re
    from itertools import product

    from dashboard.etl.generate import _place_name, build_services
    services = build_services(42, 400)
    assert len(services) == 400
    assert len({service.name for service in services}) == 400
    assert [service.name for service in services[:3]] == [
        "Kingsmoor and Fenby YJS", "Northmoor and Eastbridge YJS", "Aberwen and Llanfelin YJS"]
    authorities = [authority for service in services for authority in service.authorities]
    assert len(authorities) >= 400
    assert len({authority.name for authority in authorities}) == len(authorities)
    assert len({authority.code for authority in authorities}) == len(authorities)
    assert all(re.fullmatch(r"[EW]069\d{5}", authority.code) for authority in authorities)
    two_syllables = re.compile(r"(Ash|Bram|Cold|Dun|Elm|Fen|Gras|Hol|Ing|Kel|Lang|Mar|Nor|Oak|"
                               r"Pen|Red|Stan|Thorn|Ulver|Whit|Yar)(bridge|by|dale|field|ford|"
                               r"ham|ley|mere|moor|mouth|stead|ton|wick|worth)|(Aber|Llan|Pont|"
                               r"Cwm|Bryn|Caer|Tre|Pen)(afon|wen|felin|ddu|garth|hir|mawr|nant)")
    generated = [a.name for a in authorities[6:]]  # after the six hand-made authorities
    longer = [name for name in generated if not two_syllables.fullmatch(name)]
    assert len(longer) >= len(generated) - 358
    # Every English made-up name taken: a numbered name (after the 4,116 taken), not a hang.
    starts = ("Ash", "Bram", "Cold", "Dun", "Elm", "Fen", "Gras", "Hol", "Ing", "Kel", "Lang",
              "Mar", "Nor", "Oak", "Pen", "Red", "Stan", "Thorn", "Ulver", "Whit", "Yar")
    ends = ("bridge", "by", "dale", "field", "ford", "ham", "ley", "mere", "moor", "mouth",
            "stead", "ton", "wick", "worth")
    pairs = [a + b for a, b in product(starts, ends)]                          # 294
    taken = set(pairs) | {a + m + b for a, m, b in product(
        starts, ("en", "ing", "ers", "ow", "ley"), ends)}                      # + 1,470
    taken |= {f"{p} {name}" for p, name in product(
        ("North", "South", "East", "West", "Upper", "Lower", "Great", "Little"), pairs)}
    assert len(taken) == 294 + 1470 + 8 * 294
    assert _place_name(random.Random(1), False, taken) == "Ashbridge 4116"


def test_local_outcome_types_are_declared_valid_and_used_sparingly(small):
    declared = _read(small, "outcome_types.csv")
    assert {r["code"] for r in declared} == LOCAL_CODES
    for r in declared:
        assert r["code"] not in OUTCOME_TYPES and r["label"] and r["tier"] in TIERS
        assert r["substantive"] in {"yes", "no"} and r["custodial"] in {"yes", "no"}
        assert r["custodial"] == ("yes" if r["tier"] == "custody" else "no")
        if r["tier"] in {"diversion", "other"}:
            assert r["substantive"] == "no"
    tiers = {r["code"]: r["tier"] for r in declared}
    assert tiers["criminal_behaviour_order"] == tiers["recall_to_custody"] == "other"
    assert tiers["curfew_order"] == tiers["yro_iss_band_2"] == "community"
    rows = _read(small, "outcomes.csv")
    used = [r["outcome_type"] for r in rows if r["outcome_type"] in LOCAL_CODES]
    assert set(used) == LOCAL_CODES  # every local code appears
    assert 0.005 * len(rows) < len(used) < 0.06 * len(rows)  # a few percent
    other = [r for r in rows if tiers.get(r["outcome_type"]) == "other"]
    assert 0 < len(other) < 0.03 * len(rows)
    # A recall only ever follows a custodial sentence of the same child.
    custody_dates = defaultdict(list)
    for r in rows:
        if r["outcome_type"] in {"detention_training_order", "section_250", "extended_or_life"}:
            custody_dates[r["child_id"]].append(r["outcome_date"])
    for r in rows:
        if r["outcome_type"] == "recall_to_custody":
            assert min(custody_dates[r["child_id"]]) < r["outcome_date"]


def test_about_half_the_rows_carry_a_detailed_ethnicity(small):
    rows = _read(small, "outcomes.csv")
    detailed = [r["ethnicity"] for r in rows if r["ethnicity"] in DETAILED]
    group_only = [r for r in rows if r["ethnicity"] in ETHNIC_GROUPS]
    unknown = [r for r in rows if r["ethnicity"] == "Unknown"]
    assert 0.3 * len(rows) < len(detailed) < 0.7 * len(rows)
    assert 0.3 * len(rows) < len(group_only) < 0.7 * len(rows)
    assert 0 < len(unknown) < 0.06 * len(rows)
    assert {DETAILED[text] for text in detailed} == ETHNIC_GROUPS
    assert "English, Welsh, Scottish, Northern Irish or British" in detailed


UNITS = {"fte_rate": 100000, "custody_rate": 1000, "reoffending_binary_rate": 100,
         "reoffences_per_reoffender": 1}
DECIMALS = {"fte_rate": 1, "custody_rate": 3, "reoffending_binary_rate": 1,
            "reoffences_per_reoffender": 2}


def test_benchmark_values_agree_with_their_numerators_and_denominators(small):
    rows = _read(small, "benchmarks.csv")
    assert {r["area_type"] for r in rows} == {"national", "region", "family", "service"}
    for r in rows:
        numerator, denominator = int(r["numerator"]), int(r["denominator"])
        assert 0 <= numerator and denominator > 0, r
        unit = UNITS[r["indicator"]]
        # the value is rounded to its decimals; a v1 area row's count is rounded from it
        slack = 0.5 * 10 ** -DECIMALS[r["indicator"]] + 0.5 * unit / denominator + 1e-9
        assert abs(numerator / denominator * unit - float(r["value"])) <= slack, r
    binary = {(r["period_end"], r["area_type"], r["area_name"]): r["numerator"]
              for r in rows if r["indicator"] == "reoffending_binary_rate"}
    for r in rows:
        if r["indicator"] == "reoffences_per_reoffender":
            assert r["denominator"] == binary[r["period_end"], r["area_type"], r["area_name"]]
            assert int(r["numerator"]) >= int(r["denominator"])  # at least one each
        if r["indicator"] in {"fte_rate", "custody_rate"} and r["area_type"] == "national":
            assert 4_000_000 < int(r["denominator"]) < 8_000_000  # children aged 10-17


def test_benchmarks_publish_about_155_services_including_the_loaded_ones(small):
    rows = [r for r in _read(small, "benchmarks.csv") if r["area_type"] == "service"]
    field = defaultdict(set)
    for r in rows:
        field[r["indicator"], r["period_end"]].add(r["area_name"])
    assert len(field) == 4 * 8
    for (indicator, _), names in field.items():
        # a ratio over no reoffenders is not published
        assert 145 <= len(names) <= 155 if indicator == "reoffences_per_reoffender" \
            else len(names) == 155
    loaded = {r["service"] for r in _read(small, "local_authorities.csv")}
    published = {name for names in field.values() for name in names}
    assert {"Kingsmoor and Fenby YJS", "Northmoor and Eastbridge YJS"} <= published
    assert "ABERWEN AND LLANFELIN YJS" in published  # matched ignoring case
    assert {name.casefold() for name in loaded} <= {name.casefold() for name in published}
    assert len(published) == 155


def test_published_service_figures_are_plausible(small):
    rows = [r for r in _read(small, "benchmarks.csv")
            if r["area_type"] == "service" and r["period_end"] == "2022-12-31"]
    expected = {"fte_rate": (100, 250), "custody_rate": (0.05, 0.4),
                "reoffending_binary_rate": (25, 45), "reoffences_per_reoffender": (3, 5)}
    for indicator, (low, high) in expected.items():
        values = sorted(float(r["value"]) for r in rows if r["indicator"] == indicator)
        assert low <= values[len(values) // 2] <= high, indicator  # the median
        assert len(set(values)) > 20, indicator  # services differ


def test_looked_after_population_is_a_small_share_of_children(small):
    codes = {r["code"] for r in _read(small, "local_authorities.csv")}
    totals = defaultdict(int)
    for r in _read(small, "population.csv"):
        totals[r["local_authority"], r["year"]] += int(r["population"])
    rows = _read(small, "looked_after_population.csv")
    assert {(r["local_authority"], r["year"]) for r in rows} == set(totals)  # 31 March
    assert len(rows) == len(codes) * 2
    for r in rows:
        share = int(r["population"]) / totals[r["local_authority"], r["year"]]
        assert 0.003 < share < 0.012, r  # about 0.6% (Wales higher)
    outcomes = _read(small, "outcomes.csv")
    looked_after = {r["child_id"] for r in outcomes if r["looked_after"] == "Y"}
    assert 0.04 < len(looked_after) / len({r["child_id"] for r in outcomes}) < 0.2


def test_interventions_are_valid_rows(small):
    codes = {r["code"] for r in _read(small, "local_authorities.csv")}
    outcome_children = {r["child_id"] for r in _read(small, "outcomes.csv")}
    rows = _read(small, "interventions.csv")
    assert len({r["intervention_id"] for r in rows}) == len(rows) > 1000
    assert {r["kind"] for r in rows} == {"prevention", "diversion", "out_of_court",
                                         "court_community", "custody"}
    for r in rows:
        assert r["local_authority"] in codes and r["child_id"]
        assert (r["end_date"] == "") == (r["end_reason"] == ""), r
        assert r["end_reason"] in {"completed", "breached", "revoked", "transferred",
                                   "other", ""}
        start = date.fromisoformat(r["start_date"])
        assert date(2019, 1, 1) <= start <= date(2022, 12, 31)
        if r["end_date"]:
            assert start <= date.fromisoformat(r["end_date"]) <= date(2022, 12, 31)
        assert r["accommodation_end"] in {"suitable", "unsuitable", ""}
        assert r["ete_end"] in {"suitable", "unsuitable", ""}
        assert r["ete_status_end"] in ETE_STATUSES
        for column in COLUMNS["interventions.csv"][10:]:
            assert r[column] in YES_NO_EMPTY, (column, r)
        # statuses agree with suitability; a plan or intervention needs a need
        if r["ete_status_end"] in {"neet", "re_engagement"}:
            assert r["ete_end"] != "suitable", r
        if r["ete_status_end"] == "custody":
            assert r["ete_end"] == "suitable", r
        for need, answer in (("send_identified", "send_plan"),
                             ("mental_health_need", "mental_health_intervention"),
                             ("substance_need", "substance_intervention")):
            if r[answer] == "Y":
                assert r[need] == "Y", r
        if r["looked_after_end"] == "Y":
            assert r["child_in_need_end"] != "Y" and r["child_protection_end"] != "Y"
        if not r["end_date"]:  # measured at the end: nothing yet
            assert r["ete_end"] == r["accommodation_end"] == r["send_plan"] == ""
    open_rows = [r for r in rows if not r["end_date"]]
    assert 0 < len(open_rows) < 0.3 * len(rows)
    # children with no outcome row have prevention only; everyone else is in outcomes.csv
    prevention_only = {r["child_id"] for r in rows} - outcome_children
    assert len(prevention_only) > 100
    assert all(r["kind"] == "prevention" for r in rows if r["child_id"] in prevention_only)
    assert any(r["kind"] == "prevention" for r in rows if r["child_id"] in outcome_children)
    # a caution leads to an out-of-court programme starting that day
    cautions = {(r["child_id"], r["outcome_date"]) for r in _read(small, "outcomes.csv")
                if r["outcome_type"] == "youth_caution"}
    programmes = {(r["child_id"], r["start_date"]) for r in rows if r["kind"] == "out_of_court"}
    assert cautions <= programmes


def test_interventions_show_believable_local_indicators(small):
    ended = [r for r in _read(small, "interventions.csv") if r["end_date"]]
    ete = _share(ended, lambda r: r["ete_end"] == "suitable", lambda r: r["ete_end"])
    assert 0.6 <= ete <= 0.75
    after_custody = _share([r for r in ended if r["kind"] == "custody"],
                           lambda r: r["ete_end"] == "suitable", lambda r: r["ete_end"])
    assert after_custody < ete - 0.1
    assert 0.85 <= _share(ended, lambda r: r["accommodation_end"] == "suitable",
                          lambda r: r["accommodation_end"]) <= 0.95
    assert 0.65 <= _share(ended, lambda r: r["mental_health_intervention"] == "Y",
                          lambda r: r["mental_health_need"] == "Y") <= 0.85
    assert 0.25 <= _share(ended, lambda r: r["send_identified"] == "Y",
                          lambda r: r["send_identified"]) <= 0.35
    assert 0.4 <= _share(ended, lambda r: r["send_plan"] == "Y",
                         lambda r: r["send_identified"] == "Y") <= 0.6
    assert 0.75 <= _share(ended, lambda r: r["end_reason"] == "completed",
                          lambda r: r["kind"] in {"diversion", "out_of_court"}) <= 0.95
    for column in ("ete_end", "accommodation_end", "send_identified", "looked_after_end"):
        assert 0 < sum(r[column] == "" for r in ended) < 0.1 * len(ended), column
    assert {r["end_reason"] for r in ended} == {"completed", "breached", "revoked",
                                                "transferred", "other"}


def test_victims_consent_and_engagement(small):
    codes = {r["code"] for r in _read(small, "local_authorities.csv")}
    rows = _read(small, "victims.csv")
    assert len({r["victim_id"] for r in rows}) == len(rows) > 100
    for r in rows:
        assert r["local_authority"] in codes
        assert date(2021, 1, 1) <= date.fromisoformat(r["contact_date"]) <= date(2022, 12, 31)
        assert r["consented"] in {"Y", "N"} and r["engaged"] in {"Y", "N"}
        if r["consented"] == "N":
            assert r["engaged"] == "N", r
    assert 0.5 <= _share(rows, lambda r: r["consented"] == "Y", lambda r: True) <= 0.7
    assert 0.45 <= _share(rows, lambda r: r["engaged"] == "Y",
                          lambda r: r["consented"] == "Y") <= 0.75
    quarters = {(r["local_authority"], r["contact_date"][:4],
                 (int(r["contact_date"][5:7]) - 1) // 3) for r in rows}
    assert len(quarters) == len(codes) * 8  # every authority, every quarter


def test_board_attendance_has_one_row_per_meeting_and_partner(small):
    services = {r["service"] for r in _read(small, "local_authorities.csv")}
    rows = _read(small, "board_attendance.csv")
    keys = [(r["meeting_date"], r["service"], r["partner"]) for r in rows]
    assert len(set(keys)) == len(keys)
    statutory = {"police", "probation", "health", "education", "childrens_social_care"}
    meetings = defaultdict(set)
    for r in rows:
        assert r["service"] in services and r["attended"] in {"Y", "N"}
        assert r["partner"] in statutory | {"other"}
        assert date(2021, 1, 1) <= date.fromisoformat(r["meeting_date"]) <= date(2022, 12, 31)
        meetings[r["meeting_date"], r["service"]].add(r["partner"])
    assert all(statutory <= partners for partners in meetings.values())
    assert any("other" in partners for partners in meetings.values())
    for service in services:  # at least one meeting a quarter
        quarters = {(day[:4], (int(day[5:7]) - 1) // 3) for day, name in meetings
                    if name == service}
        assert len(quarters) == 8, service
    rates = {(r["service"], r["partner"]): _share(
        rows, lambda x: x["attended"] == "Y",
        lambda x, s=r["service"], p=r["partner"]: (x["service"], x["partner"]) == (s, p))
        for r in rows if r["partner"] != "other"}
    poor = [key for key, rate in rates.items() if rate < 0.6]
    assert poor == [("Kingsmoor and Fenby YJS", "education")]
    assert _share(rows, lambda r: r["attended"] == "Y", lambda r: r["partner"] != "other") > 0.75


def test_remands_are_valid_and_some_still_open(small):
    codes = {r["code"] for r in _read(small, "local_authorities.csv")}
    outcome_children = {r["child_id"] for r in _read(small, "outcomes.csv")}
    rows = _read(small, "remands.csv")
    assert len({r["remand_id"] for r in rows}) == len(rows) > 20
    for r in rows:
        assert r["local_authority"] in codes and r["child_id"] in outcome_children
        assert r["type"] in {"youth_detention_accommodation", "local_authority_accommodation"}
        assert r["result"] in {"custodial_sentence", "community_sentence", "other", ""}
        start = date.fromisoformat(r["start_date"])
        if r["end_date"]:
            assert start <= date.fromisoformat(r["end_date"]) <= date(2022, 12, 31)
        else:
            assert r["result"] == "" and start <= date(2022, 12, 31)
        if r["cost_per_night"]:
            assert r["type"] == "youth_detention_accommodation"
            assert 600 <= float(r["cost_per_night"]) <= 1200
    assert {r["type"] for r in rows} == {"youth_detention_accommodation",
                                         "local_authority_accommodation"}
    assert {r["result"] for r in rows} == {"custodial_sentence", "community_sentence", "other",
                                           ""}
    assert any(not r["end_date"] for r in rows)  # still remanded at the end of the data
    detention = [r for r in rows if r["type"] == "youth_detention_accommodation"]
    assert 0 < sum(not r["cost_per_night"] for r in detention) < 0.4 * len(detention)
    # most children remanded to youth detention do not go on to a custodial sentence
    assert 0.45 <= _share(detention, lambda r: r["result"] != "custodial_sentence",
                          lambda r: r["result"]) <= 0.8


def test_one_service_has_a_remand_heavy_year(default):
    service = {r["code"]: r["service"] for r in _read(default, "local_authorities.csv")}
    per_year = defaultdict(lambda: defaultdict(int))
    for r in _read(default, "remands.csv"):
        if "2015" <= r["start_date"][:4] <= "2023":  # whole years; 2024 has open ones too
            per_year[service[r["local_authority"]]][r["start_date"][:4]] += 1
    heavy = {name for name, years in per_year.items()
             if max(years.values()) >= 2 * sorted(years.values())[len(years) // 2]}
    assert heavy == {"Northmoor and Eastbridge YJS"}
