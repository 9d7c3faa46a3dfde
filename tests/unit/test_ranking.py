"""National rank and funnel plot (CONTRACT §4b) against hand-worked numbers."""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis.ranking import funnel, funnel_curves, national_rank

approx = pytest.approx

PUBLISHED = pd.DataFrame({
    "area_name": ["North YJS", "South YJS", "East YJS", "West YJS", "Kingsmoor YJS"],
    "value": [300.0, 250.0, 250.0, 400.0, 500.0],
})


def test_loaded_service_replaces_its_published_row_and_ties_share_the_lower_rank():
    # " kingsmoor yjs " is Kingsmoor YJS (case and surrounding spaces ignored): its own 200
    # replaces the published 500. Field: 200, 250, 250, 300, 400 -> ranks 1, 2, 2, 4, 5.
    loaded = pd.DataFrame({"name": [" kingsmoor yjs "], "value": [200.0]})
    field = national_rank(PUBLISHED, loaded)
    assert field.published and field.size == 5
    got = list(zip(field.table["name"], field.table["rank"], field.table["quartile"],
                   field.table["quartile_name"], field.table["source"]))
    # quartile = ceil(4 x rank / 5): 4/5 -> 1, 8/5 -> 2, 8/5 -> 2, 16/5 -> 4, 20/5 -> 4
    assert got == [
        (" kingsmoor yjs ", 1, 1, "Upper", "loaded"),
        ("East YJS", 2, 2, "Upper middle", "published"),
        ("South YJS", 2, 2, "Upper middle", "published"),
        ("North YJS", 4, 4, "Lower", "published"),
        ("West YJS", 5, 4, "Lower", "published"),
    ]
    assert field.position("KINGSMOOR YJS")["rank"] == 1
    assert field.position("Nowhere") is None


def test_a_loaded_service_without_a_published_row_is_added():
    loaded = pd.DataFrame({"name": ["New YJS", "Kingsmoor YJS"], "value": [260.0, 600.0]})
    field = national_rank(PUBLISHED, loaded)
    # 250, 250, 260, 300, 400, 600 (Kingsmoor's own 600 replaces 500): N = 6
    assert field.size == 6
    new = field.position("New YJS")
    assert (new["rank"], new["quartile"]) == (3, 2)        # ceil(12 / 6) = 2
    kingsmoor = field.position("Kingsmoor YJS")
    assert (kingsmoor["rank"], kingsmoor["quartile"], kingsmoor["value"]) == (6, 4, 600.0)


def test_without_published_rows_the_field_is_the_loaded_services():
    loaded = pd.DataFrame({"name": ["A", "B", "C"], "value": [5.0, 3.0, float("nan")]})
    field = national_rank(PUBLISHED.iloc[0:0], loaded)
    assert not field.published
    # C has no figure (an empty ratio): not in the field. B 3 -> rank 1, A 5 -> rank 2.
    assert list(zip(field.table["name"], field.table["rank"], field.table["quartile"])) == [
        ("B", 1, 2), ("A", 2, 4)]


def test_a_loaded_service_without_a_figure_keeps_its_published_row():
    loaded = pd.DataFrame({"name": ["Kingsmoor YJS"], "value": [None]})
    field = national_rank(PUBLISHED, loaded)
    assert field.position("Kingsmoor YJS")["source"] == "published"
    assert field.position("Kingsmoor YJS")["value"] == 500.0


# Wilson limits around p0 = 30% for n = 100 (x = n·p0 = 30), z² = 3.841458820694124:
#   (2x + z² ± z√(z² + 4x(1 − x/n))) / (2(n + z²)) × 100
#   95%:   (63.8414588 ∓ 1.95996398 × √87.8414588) / 207.6829176 × 100 = 21.8949, 39.5849
#   99.8%: z = 3.090232306167813 -> 18.1016, 45.3852
WILSON_95 = (21.894885294932763, 39.584854633346666)
WILSON_998 = (18.10162717665872, 45.385210314539506)


def test_funnel_for_a_proportion_classifies_each_service():
    field = pd.DataFrame({
        "name": ["within", "above", "well above", "below", "well below", "no counts"],
        "value": [30.0, 45.0, 46.0, 21.0, 18.0, 10.0],
        "numerator": [30, 45, 46, 21, 18, None],
        "denominator": [100, 100, 100, 100, 100, None],
    })
    points = funnel(field, "reoffending_binary_rate", 30.0)
    assert list(points["name"]) == ["within", "above", "well above", "below", "well below"]
    assert list(points["position"]) == list(points["name"])
    first = points.iloc[0]
    assert (first["lower_95"], first["upper_95"]) == approx(WILSON_95)
    assert (first["lower_998"], first["upper_998"]) == approx(WILSON_998)


def test_funnel_for_a_rate_uses_poisson_limits_of_the_expected_count():
    # FTE: r0 = 200 per 100,000; a service of 10,000 children expects x = 20 (Byar, x >= 10):
    #   lower = 20 (1 − 1/180 − 1.96/(3√20))³ = 12.2114,
    #   upper = 21 (1 − 1/189 + 1.96/(3√21))³ = 30.8899;
    #   per 100,000 of 10,000 -> 122.114, 308.899; at 99.8% 89.228, 380.850.
    field = pd.DataFrame({"name": ["Big"], "value": [320.0], "numerator": [32],
                          "denominator": [10_000]})
    point = funnel(field, "fte_rate", 200.0).iloc[0]
    assert (point["lower_95"], point["upper_95"]) == approx((122.11428834875936,
                                                             308.8988036919706))
    assert (point["lower_998"], point["upper_998"]) == approx((89.22802365144193,
                                                               380.8503562504191))
    assert point["position"] == "above"
    # A small service: 2,000 children expect x = 4 (exact Poisson: 1.0899 .. 10.2416 from
    # the chi-squared tables) -> 54.49 .. 512.08 per 100,000.
    # At 99.8% the exact lower limit is χ²(0.001; 8)/2 = 0.4285 -> 21.43 per 100,000.
    small = funnel(pd.DataFrame({"name": ["Small", "Smaller"], "value": [50.0, 0.0],
                                 "numerator": [1, 0], "denominator": [2000, 2000]}),
                   "fte_rate", 200.0)
    assert (small.iloc[0]["lower_95"], small.iloc[0]["upper_95"]) == approx(
        (1.0898653736 / 2000 * 1e5, 10.2415886754 / 2000 * 1e5))
    assert list(small["position"]) == ["below", "well below"]   # 21.43 < 50 < 54.49; 0 < 21.43


def test_funnel_curves_give_the_limits_by_denominator():
    curves = funnel_curves("reoffending_binary_rate", 30.0, [0, 100])
    assert list(curves["denominator"]) == [100]
    assert (curves.iloc[0]["lower_95"], curves.iloc[0]["upper_95"]) == approx(WILSON_95)
