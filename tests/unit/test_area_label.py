"""The area's name as pages, slides and packs print it, for users whose scope holds part of
a service: its figures are those authorities' alone, so the name says so."""
from queries.meta import area_label

META = {"authorities": [
    {"code": "A1", "name": "Alpha", "service": "North YJS"},
    {"code": "A2", "name": "Beta", "service": "North YJS"},
    {"code": "A3", "name": "Gamma", "service": "North YJS"},
    {"code": "B1", "name": "Delta", "service": "South YJS"}]}


def test_a_service_is_its_name_for_everyone_and_for_a_scope_holding_all_of_it():
    assert area_label(META, "service", "North YJS") == "North YJS"
    assert area_label(META, "service", "North YJS", ("A1", "A2", "A3", "B1")) == "North YJS"


def test_part_of_a_service_names_the_authorities_held():
    assert area_label(META, "service", "North YJS", ("A2",)) == "North YJS (Beta only)"
    assert area_label(META, "service", "North YJS", ("A3", "A1", "B1")) == \
        "North YJS (Alpha and Gamma only)"


def test_authorities_and_all_areas_are_unchanged_by_a_scope():
    assert area_label(META, "la", "A2", ("A2",)) == "Beta"
    assert area_label(META, "all", None, ("A2",)) == "All areas"
