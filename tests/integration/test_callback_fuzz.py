"""Hostile callback payloads: every callback the app declares (read from
/_dash-dependencies, as an attacker would) is posted values of the wrong type, size and
alphabet. None may answer 500, show a traceback, or send back an unbounded response.

Property-based (hypothesis): each example builds one /_dash-update-component request for one
callback, filling every input and state with a drawn value.
"""
from __future__ import annotations

import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from web_client import database_env, load_sample_with_demo_users, make_app, signed_in

MAX_RESPONSE = 5_000_000  # bytes: far above any real answer, far below a flood
# The board pack's PDF comes back in the callback's answer (about 8.6 MB for the sample)
# until the pack is made by a job runner outside the request; it is exempt from the size
# bound only, not from the 500 and traceback checks.
SIZE_EXEMPT = ("board-pack-download.data",)
# Examples per signed-in role (FUZZ_EXAMPLES, default 75: 150 requests in all).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "75"))
WILDCARD_VALUES = {"chart": "fte-trend", "slide": 0, "key": "sex", "type": "chart-graph"}

texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["²", "٥١", "0001-01-01", "9999-12-31", "1" * 5000, "<b>x</b>",
                     "=HYPERLINK(\"x\")", "service:Nope", "la:", "all", "../../etc",
                     "service:Kingsmoor and Fenby YJS", "x" * 100_000]),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
                    st.floats(allow_nan=True, allow_infinity=True), texts)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(texts, inner, max_size=5)), max_leaves=12)
hostile = st.one_of(values, st.just(list(range(100_000))),
                    st.just({"rows": [["x"] * 10] * 10, "columns": "x" * 1_000_000}),
                    st.just({"area": "service:x", "period": "²", "advance": "²"}))


@pytest.fixture(scope="module", params=["admin", "board"])
def client(request, tmp_path_factory):
    """A client signed in as the most privileged role (every callback path open) and as a
    board member (the suppressed, no-drill paths)."""
    folder = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{folder / 'fuzz.db'}"
    load_sample_with_demo_users(url)
    with database_env(url):
        yield signed_in(make_app(), request.param)


def concrete(ident):
    """A pattern-matching id ({"chart": ["MATCH"], ...}) with a real value in each wildcard."""
    if isinstance(ident, str) and ident.startswith("{"):
        ident = json.loads(ident)
    if isinstance(ident, dict):
        return {k: (WILDCARD_VALUES.get(k, "x") if isinstance(v, list) else v)
                for k, v in ident.items()}
    return ident


def is_all(ident) -> bool:
    return isinstance(ident, str) and '["ALL"]' in ident


def outputs_of(spec: str) -> list:
    parts = spec.strip(".").split("...") if spec.startswith("..") else [spec]
    outputs = []
    for part in parts:
        ident, prop = part.rsplit(".", 1)
        prop = prop.split("@")[0]
        outputs.append({"id": concrete(ident), "property": prop})
    return outputs


def request_body(callback: dict, drawn: list) -> dict:
    items, index = [], 0

    def entry(dep):
        nonlocal index
        value = drawn[index % len(drawn)]
        index += 1
        if is_all(dep["id"]):
            return [{"id": concrete(dep["id"]), "property": dep["property"], "value": value}]
        return {"id": concrete(dep["id"]), "property": dep["property"], "value": value}

    inputs = [entry(d) for d in callback["inputs"]]
    state = [entry(d) for d in callback["state"]]
    outputs = outputs_of(callback["output"])
    first = callback["inputs"][0]
    changed = f"{json.dumps(concrete(first['id']), separators=(',', ':')) if not isinstance(concrete(first['id']), str) else first['id']}.{first['property']}"
    return {"output": callback["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": inputs, "state": state, "changedPropIds": [changed]}


@pytest.fixture(scope="module")
def callbacks(client):
    response = client.get("/_dash-dependencies")
    assert response.status_code == 200
    return [c for c in response.get_json() if not c.get("clientside_function")]


def test_the_app_declares_its_callbacks(callbacks):
    assert len(callbacks) > 15


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_no_callback_answers_500_or_a_traceback(client, callbacks, data):
    callback = data.draw(st.sampled_from(callbacks), label="callback")
    drawn = data.draw(st.lists(hostile, min_size=1, max_size=4), label="values")
    body = request_body(callback, drawn)
    response = client.post("/_dash-update-component", json=body)
    text = response.get_data(as_text=True)
    assert response.status_code < 500, (callback["output"][:80], response.status_code, text[:500])
    assert "Traceback" not in text
    if callback["output"] not in SIZE_EXEMPT:
        assert len(text) < MAX_RESPONSE, (callback["output"][:80], len(text))


@pytest.mark.parametrize("path", ["/?advance=%C2%B2&present=1", "/?period=0001-01-01",
                                  "/first-time-entrants?area=" + "x" * 5000,
                                  "/custody?sex=" + "%00" * 10])
def test_hostile_urls_answer_a_page(client, path):
    response = client.get(path)
    assert response.status_code in (200, 302)
    assert "Traceback" not in response.get_data(as_text=True)
