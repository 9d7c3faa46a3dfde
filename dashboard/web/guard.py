"""The server's first line against hostile requests: callback payloads checked before Dash
decodes them, request sizes bounded, and log lines cut short.

`init_guard(app)` (called by the app factory):

- Wraps Dash's `/_dash-update-component` view. A request must name a callback the app
  declares (not a browser-side one), send exactly its inputs and states, with ids that
  match the declared ids (pattern-matching wildcards filled with short scalars, at most
  MAX_MATCHES components for an ALL), outputs likewise, `changedPropIds` among its inputs,
  and values of the right type for well-known properties (`n_clicks` a whole number,
  `pathname` text, a dropdown `value` a short scalar, ...). Anything else answers 400 with
  a JSON error, before any callback runs: the callbacks then only see well-formed values
  and check what they mean (callbacks/*.py, dashboard/web/state.py).
- Anything Dash itself raises while decoding a request that passed these checks is also a
  400 (`BadCallbackRequest`), never a 500 with a traceback.
- Request bodies over MAX_CONTENT_LENGTH (dashboard/web/serving.py) answer 413, as JSON.
- A database that cannot be reached outside a page build (reading the signed-in user)
  answers 503 with one sentence, never a traceback; page builds say so in place.
- Every log record is cut to MAX_LOG_CHARS (default 2,000) characters, traceback
  included, so a 1 MB attacker string never reaches the logs whole: `TruncatingFilter`
  (for handlers, e.g. gunicorn's) and a log-record factory (for every logger in the process).
"""
from __future__ import annotations

import copy
import json
import logging
import math
import traceback
from functools import lru_cache, wraps

from flask import jsonify, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard.core.config import max_log_chars

log = logging.getLogger(__name__)
MAX_MATCHES = 500          # components one ALL wildcard may stand for
MAX_ID_TEXT = 200          # characters in a component id or a wildcard's value
MAX_TEXT_VALUE = 1000      # characters in a text property (dropdown value, pathname)
MAX_CLICKS = 10**9


class BadCallbackRequest(ValueError):
    """A callback request that is not one the app's own pages could send."""


# --- checking a request against the callback it names --------------------------------------

@lru_cache(maxsize=4096)
def _declared_id(text: str):
    """A declared id: a plain string, or a dict whose wildcard values are ["MATCH"] etc.
    (parsed once per id: the answer is shared, so callers only read it)."""
    return json.loads(text) if text.startswith("{") else text


def _is_wildcard(value) -> bool:
    return isinstance(value, list) and len(value) == 1 and value[0] in ("MATCH", "ALL",
                                                                         "ALLSMALLER")


def _scalar_id_value(value) -> bool:
    if isinstance(value, bool) or value is None:
        return isinstance(value, bool)
    if isinstance(value, str):
        return len(value) <= MAX_ID_TEXT
    if isinstance(value, int):
        return abs(value) <= MAX_CLICKS
    return isinstance(value, float) and math.isfinite(value)


def _id_matches(sent, declared) -> bool:
    if isinstance(declared, str):
        return sent == declared
    if not isinstance(sent, dict) or set(sent) != set(declared):
        return False
    return all(_scalar_id_value(sent[k]) if _is_wildcard(v) else sent[k] == v
               for k, v in declared.items())


def _is_all(declared) -> bool:
    return isinstance(declared, dict) and any(
        _is_wildcard(v) and v[0] in ("ALL", "ALLSMALLER") for v in declared.values())


def _text(value, limit: int = MAX_TEXT_VALUE) -> bool:
    return value is None or (isinstance(value, str) and len(value) <= limit)


def _whole_number(value) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool)
                             and 0 <= value <= MAX_CLICKS)


def _dropdown_value(value) -> bool:
    scalar = (lambda v: v is None or isinstance(v, bool) or _text(v)
              or (isinstance(v, (int, float)) and math.isfinite(v)))
    return scalar(value) or (isinstance(value, list) and len(value) <= 100
                             and all(scalar(v) for v in value))


# The types of the properties this app's callbacks read (every Input and State).
PROPERTY_CHECKS = {
    "n_clicks": _whole_number, "n_intervals": _whole_number,
    "pathname": _text, "search": _text, "hash": _text, "href": _text,
    "value": _dropdown_value,
    "is_open": lambda v: v is None or isinstance(v, bool),
    "clickData": lambda v: v is None or isinstance(v, dict),
    "id": lambda v: isinstance(v, (str, dict)),
}


def _entries(sent, declared_text: str, prop: str, where: str,
             values: bool = True) -> list[dict]:
    """The sent entries for one declared dependency (a list for an ALL wildcard)."""
    declared = _declared_id(declared_text)
    items = sent if _is_all(declared) else [sent]
    if not isinstance(items, list) or len(items) > MAX_MATCHES:
        raise BadCallbackRequest(f"{where}: expected up to {MAX_MATCHES} entries")
    for item in items:
        sent_prop = item.get("property") if isinstance(item, dict) else None
        if not values and isinstance(sent_prop, str):  # outputs: "value@<hash>" (duplicates)
            sent_prop = sent_prop.split("@")[0]
        if sent_prop != prop or not _id_matches(item.get("id"), declared):
            raise BadCallbackRequest(f"{where}: not {declared_text}.{prop}")
        check = PROPERTY_CHECKS.get(prop) if values else None
        if check and not check(item.get("value")):
            raise BadCallbackRequest(f"{where}: {prop} of the wrong type or size")
    return items


_OUTPUTS: dict[str, list[tuple[str, str]]] = {}  # a callback's output key -> its outputs


def _declared_outputs(output: str, callback: dict) -> list[tuple[str, str]]:
    """The callback's declared outputs as (id text, property), worked out once per callback
    (`output`, its key in the callback map, names them all)."""
    found = _OUTPUTS.get(output)
    if found is None:
        outputs = callback["output"]
        outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
        from dash._utils import stringify_id
        found = _OUTPUTS[output] = [(stringify_id(o.component_id),
                                     o.component_property.split("@")[0]) for o in outputs]
    return found


def _changed_ids(entries: list[dict]) -> set[str]:
    from dash._utils import stringify_id
    return {f"{stringify_id(e['id'])}.{e['property']}" for e in entries}


# A callback's outputs as last accepted: a page's browser sends the same list every time
# (forty-odd entries for a page's filling callback), so an equal list passes at once.
_ACCEPTED_OUTPUTS: dict[str, object] = {}
_NONE_YET = object()


def _check_outputs(output: str, callback: dict, outputs) -> None:
    if _ACCEPTED_OUTPUTS.get(output, _NONE_YET) == outputs:
        return  # the check depends on nothing else: this list passed it before
    declared_outputs = _declared_outputs(output, callback)
    items = outputs if isinstance(outputs, list) else [outputs]
    if len(items) != len(declared_outputs):
        raise BadCallbackRequest("outputs do not match the callback")
    for i, (item, (ident, prop)) in enumerate(zip(items, declared_outputs)):
        _entries(item, ident, prop, f"output {i}", values=False)
    _ACCEPTED_OUTPUTS[output] = copy.deepcopy(outputs)


def check_body(callback_map: dict, body) -> None:
    """Raise BadCallbackRequest unless `body` is a request this app's pages could send."""
    if not isinstance(body, dict):
        raise BadCallbackRequest("the body is not a JSON object")
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        raise BadCallbackRequest("no such callback")
    callback = callback_map[output]
    if "callback" not in callback:
        raise BadCallbackRequest("that callback runs in the browser")
    sent_inputs, sent_state = body.get("inputs"), body.get("state", [])
    if not isinstance(sent_inputs, list) or len(sent_inputs) != len(callback["inputs"]):
        raise BadCallbackRequest("inputs do not match the callback")
    if not isinstance(sent_state, list) or len(sent_state) != len(callback["state"]):
        raise BadCallbackRequest("state does not match the callback")
    entries = []
    for kind, sent, declared in (("input", sent_inputs, callback["inputs"]),
                                 ("state", sent_state, callback["state"])):
        for i, (item, dep) in enumerate(zip(sent, declared)):
            entries += [e for e in _entries(item, dep["id"], dep["property"], f"{kind} {i}")
                        if kind == "input"]
    _check_outputs(output, callback, body.get("outputs"))
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed) \
            or not set(changed) <= _changed_ids(entries):
        raise BadCallbackRequest("changedPropIds must name the callback's inputs")


def _json_body():
    """The request's JSON, or None when it is not JSON (also when nested too deeply for the
    parser: "[[[[…" a hundred thousand deep raises RecursionError, not a ValueError)."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        return None


def _guarded(dash_app, view):
    @wraps(view)
    def dispatch(*args, **kwargs):
        try:
            check_body(dash_app.callback_map, _json_body())
        except BadCallbackRequest as exc:
            log.warning("refused a callback request from %s: %s", request.remote_addr, exc)
            return jsonify(error=f"bad callback request: {exc}"), 400
        return view(*args, **kwargs)
    return dispatch


def _decoding(method):
    """Dash's own decoding step, with any failure a BadCallbackRequest (400)."""
    @wraps(method)
    def decode(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - a malformed request, not a server fault
            raise BadCallbackRequest(f"could not decode the request ({type(exc).__name__})") \
                from exc
    return decode


def init_guard(app) -> None:
    server = app.server
    endpoint = app.config.routes_pathname_prefix + "_dash-update-component"
    server.view_functions[endpoint] = _guarded(app, server.view_functions[endpoint])
    for name in ("_initialize_context", "_prepare_callback", "_inputs_to_vals"):
        setattr(app, name, _decoding(getattr(app, name)))

    @server.errorhandler(BadCallbackRequest)
    def _bad_request(exc):
        log.warning("refused a callback request: %s", exc)
        return jsonify(error=f"bad callback request: {exc}"), 400

    @server.errorhandler(RequestEntityTooLarge)
    def _too_large(_exc):
        return jsonify(error="request too large"), 413

    @server.errorhandler(SQLAlchemyError)
    def _database_down(exc):
        # Reached when the database fails outside a page build (which says so in place),
        # e.g. reading the signed-in user: fail closed, briefly, without a traceback.
        log.error("database unavailable: %s: %s", type(exc).__name__,
                  (str(exc).splitlines() or [""])[0][:200])
        if request.path.startswith("/_dash-"):
            return jsonify(error="the database cannot be reached; try again shortly"), 503
        return ("The dashboard's database cannot be reached right now. Try again shortly.",
                503, {"Content-Type": "text/plain; charset=utf-8", "Retry-After": "30"})

    install_log_truncation()


# --- log lines cut short -------------------------------------------------------------------

def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit:,} characters cut]"


def truncate_record(record: logging.LogRecord, limit: int | None = None) -> logging.LogRecord:
    """`record` with its message and traceback cut to `limit` characters (each line of the
    traceback too), formatted now so no handler formats the long version later."""
    limit = limit or max_log_chars()
    if getattr(record, "_truncated", False):
        return record
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a bad format string: leave it to the handler
        return record
    record.msg, record.args = _cut(message, limit), None
    if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        lines = [_cut(line, limit) for line in text.splitlines()]
        record.exc_text = _cut("\n".join(lines), 4 * limit)
    if record.stack_info:
        record.stack_info = _cut(record.stack_info, 4 * limit)
    record._truncated = True
    return record


class TruncatingFilter(logging.Filter):
    """A logging filter (for any handler or logger, e.g. gunicorn's) that cuts records."""

    def filter(self, record: logging.LogRecord) -> bool:
        truncate_record(record)
        return True


LOGGERS = ("", "gunicorn.error", "gunicorn.access", "werkzeug", "dash", "dashboard",
           "callbacks", "queries", "layouts")


def install_log_truncation() -> None:
    """Cut every record made in this process (a record factory) and put TruncatingFilter
    on the app's and gunicorn's loggers and their handlers. Safe to call more than once."""
    previous = logging.getLogRecordFactory()
    if not getattr(previous, "_truncating", False):
        def factory(*args, **kwargs):
            return truncate_record(previous(*args, **kwargs))
        factory._truncating = True
        logging.setLogRecordFactory(factory)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for target in [logger, *logger.handlers]:
            if not any(isinstance(f, TruncatingFilter) for f in target.filters):
                target.addFilter(TruncatingFilter())
