"""What a role may see: the view it may ask for, and small numbers suppressed for board members.

`dashboard.web.pages.content()` calls both for every page build (the page's callback,
slides, the board pack, the CSV download and the drill-down rebuild), so there is one place
where the rules are applied:

- `allowed_view(state, meta, ...)`: a role without "filter" (board) gets no cohort filters;
  a role without "unsuppressed" (board) sees one service (within its scope) at a time — no
  single local authority and no "All areas", whose totals could be subtracted from a
  service's to reveal a small count — and only published comparators
  (no "Other services loaded", whose rates rest on other areas' unsuppressed counts).
- `suppress_content(content, ...)`: for a role without "unsuppressed", every chart's table
  (`Chart.data`: the "Show table" grid and any CSV) goes through
  `dashboard.analysis.suppression` (counts 1–4 as "<5", secondary suppression within each
  breakdown, rates and shares from them withheld as "[c]"); a chart whose table lost a
  figure is replaced by a notice, because its bars and hover labels would show the
  number; and small counts in sentences, titles, notes, cards and HTML tables are
  replaced ("fewer than 5 children") together with the rates in the same sentence.

Columns are recognised by their headers (`column_kinds`); a numeric column no rule knows
is treated as a count when its values are whole numbers, else as derived, and totals are
also found in the figures themselves (a "Total" row, a column that is the sum of the
others), so a new table is suppressed safely before anyone names its columns here.
"""
from __future__ import annotations

import logging
import re
from dataclasses import replace
from numbers import Real

import plotly.graph_objects as go

from dashboard.analysis.suppression import (WITHHELD, Suppressed, TableSpec, marker,
                                            suppress_rows)
from dashboard.figures.style import empty_figure
from dashboard.web.page_content import Chart, PageContent
from dashboard.web.state import ViewState

log = logging.getLogger(__name__)

COHORT_KEYS = ("sex", "age", "ethnicity", "looked_after", "tier", "offence")
PUBLISHED_COMPARATORS = ("national", "region", "family")

# --- which views a role may ask for -----------------------------------------------------


def services_in_scope(meta: dict, scope) -> list[str]:
    return sorted({la["service"] for la in meta["authorities"]
                   if scope is None or la["code"] in scope})


def in_scope(area: str, meta: dict, scope) -> bool:
    """Whether a user with `scope` may ask for `area`: "All areas" (all of theirs), a
    service with at least one of their authorities, or one of their authorities."""
    if scope is None or area == "all":
        return True
    if area.startswith("la:"):
        return area[3:] in scope
    return area.startswith("service:") and area[8:] in services_in_scope(meta, scope)


def home_area(meta: dict, scope) -> str:
    """Where a scoped user starts, and lands when they ask for an area outside their
    scope: their first service when they hold all of it, else their first authority (a
    service's name over a part of it would mislead)."""
    for service in services_in_scope(meta, scope):
        las = [la for la in meta["authorities"] if la["service"] == service]
        mine = [la for la in las if scope is None or la["code"] in scope]
        return f"service:{service}" if len(mine) == len(las) else f"la:{mine[0]['code']}"
    return "all"


def allowed_view(state: ViewState, meta: dict, *, can_filter: bool, unsuppressed: bool,
                 scope=None) -> ViewState:
    """`state` narrowed to what the role may ask for (see the module docstring)."""
    if not can_filter:
        state = state.with_(**{key: "" for key in COHORT_KEYS})
    if unsuppressed:
        return state if in_scope(state.area, meta, scope) else state.with_(
            area=home_area(meta, scope))
    services = services_in_scope(meta, scope)
    area = state.area
    if area.startswith("la:"):
        code = area[3:]
        service = next((la["service"] for la in meta["authorities"] if la["code"] == code),
                       None)
        area = f"service:{service}" if service else ""
    if area == "all":
        area = ""
    if area.startswith("service:") and area[8:] not in services:
        area = ""
    if not area:
        area = f"service:{services[0]}" if services else "all"
    compare = state.compare if state.compare in PUBLISHED_COMPARATORS else "national"
    return state.with_(area=area, compare=compare)


# --- what each column of a table is ------------------------------------------------------

GROUP_COLUMNS = {"Group", "Ethnic group", "Outcome tier", "Outcome", "Reoffences per child"}
ATTRIBUTE_COLUMNS = {"What it means", "Fewer than 30 children", "Status", "Cohort start",
                     "Cohort end"}
ROW_PARTITIONS = (("Diversion outcomes", "Formal outcomes"),)
NUMERIC_LABELS = re.compile(r"^(months since|year$|rank|quarter$)", re.I)
POPULATION = re.compile(r"population|^children aged 10[–-]17|^% of children aged 10[–-]17",
                        re.I)
EXTERNAL = re.compile(r"^England and Wales\b", re.I)
DERIVED = re.compile(r"%|\brate\b|\bper\b|index|interval|ratio|average|share", re.I)
COUNT = re.compile(r"\(count\)|^(children|custodial sentences|sentences|outcomes|disposals|"
                   r"reoffences|diversion outcomes|formal outcomes|remands|first time "
                   r"entrants|number of)\b", re.I)


def _numeric(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def column_kinds(columns: list[str], rows: list[dict]) -> dict[str, str]:
    """Each column as "label", "count", "derived", "population" or "external", from its
    header; a numeric column no header rule knows is a count when every value is a whole
    number (so its small values are hidden) and derived otherwise (withheld beside one)."""
    kinds = {}
    for column in columns:
        name = str(column)
        if not any(_numeric(row.get(column)) for row in rows) or NUMERIC_LABELS.search(name):
            kinds[column] = "label"
        elif EXTERNAL.search(name):
            kinds[column] = "external"
        elif POPULATION.search(name):
            kinds[column] = "population"
        elif DERIVED.search(name):
            kinds[column] = "derived"
        elif COUNT.search(name) or all(
                float(row[column]).is_integer() for row in rows if _numeric(row.get(column))):
            kinds[column] = "count"
        else:
            kinds[column] = "derived"
    return kinds


TOTAL_LABEL = re.compile(r"^(total|all)\b", re.I)


def _sums(rows: list[dict], total: str, parts: list[str]) -> bool:
    """True when, in every row with figures, `total` is the sum of `parts`."""
    checked = 0
    for row in rows:
        values = [row.get(c) for c in (total, *parts)]
        if not all(_numeric(v) for v in values):
            continue
        checked += 1
        if abs(values[0] - sum(values[1:])) > 1e-9:
            return False
    return checked > 0


def table_spec(columns: list[str], rows: list[dict]) -> TableSpec:
    """How to suppress a table: its counts and derived figures (column_kinds), and what
    adds up to a total shown — a breakdown's groups (by name), rows beside a "Total" row,
    count columns beside one that is their sum in every row (found in the figures)."""
    kinds = column_kinds(columns, rows)
    labels = [c for c in columns if kinds[c] == "label"]
    counts = [c for c in columns if kinds[c] == "count"]
    group = next((c for c in labels if c in GROUP_COLUMNS), None)
    blocks = None if group is None else tuple(
        c for c in labels if c != group and c not in ATTRIBUTE_COLUMNS)
    first = labels[0] if labels else None
    if blocks is None and first and any(TOTAL_LABEL.match(str(r.get(first) or ""))
                                        for r in rows):
        blocks = ()
    partitions = list(ROW_PARTITIONS)
    for total in counts:
        parts = [c for c in counts if c != total]
        if len(parts) >= 2 and _sums(rows, total, parts):
            partitions.append(tuple(parts))
    return TableSpec(counts=tuple(counts),
                     derived=tuple(c for c in columns if kinds[c] == "derived"),
                     blocks=blocks, row_partitions=tuple(partitions))


def suppress_table(data: dict | None, below: int) -> tuple[dict | None, Suppressed | None]:
    """A `table_payload` dict as a board member may see it (no drill-down spec)."""
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        return data, None
    columns = list(data.get("columns") or [])
    spec = table_spec(columns, data["rows"])
    result = suppress_rows(data["rows"], spec, below)
    touched = {i for i, _ in result.cells}
    keep = set(GROUP_COLUMNS) | set(spec.blocks or ())
    for i, row in enumerate(result.rows):
        words = {column: value for column, value in row.items()
                 if isinstance(value, str) and column not in keep}
        scrubbed = {column: scrub_text(value, below)  # "based on only 2 children"
                    for column, value in words.items()}
        # A count hidden in a row's words hides the row's other rates too, as in an HTML
        # table: "0.04 (fewer than 5 sentences)" beside its interval "0.00 to 0.13".
        hidden = i in touched or any(scrubbed[c] != words[c] for c in words)
        for column, value in scrubbed.items():
            row[column] = withhold_rates(value) if hidden else value
    return {**data, "rows": result.rows, "drill": None, "suppressed": result.any}, result


# --- small counts in words -----------------------------------------------------------------

NOUNS = ("children|child|custodial sentences|custodial sentence|sentences|sentence|outcomes|"
         "outcome|disposals|disposal|reoffences|reoffence|reoffenders|reoffender|"
         "first time entrants|first time entrant|entrants|entrant|cautions|caution|remands|"
         "remand|boys|boy|girls|girl|young people|people|person|cases|case|offences|offence|"
         "places|place|victims|victim")
COUNT_PHRASE = re.compile(
    r"(?<![\w.,£$%/–-])(\d{1,3}(?:,\d{3})*)(?![\d.,]\d|%|st\b|nd\b|rd\b|th\b)"
    r"(\s+(?:[A-Za-z’'-]+\s+){0,2}?)(" + NOUNS + r")\b")
RATE_OR_SHARE = re.compile(
    r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(%|\s*per\s+(?:1,000|100,000|10,000|1000|100000)\b)"
    r"|(?<![\w.])(\d[\d,]*\.\d+)(?![\d.])")
# "1 of the 12 children", "3 out of fewer than 5 remands", "(3 of 40)", "2 of 9 had no
# accommodation": the part is a count too, though the noun follows the whole ("4 of the 5
# stages", with no counted noun, verb or bracket after it, is left alone)
NUMBER = r"\d{1,3}(?:,\d{3})*"
PART_OF = re.compile(
    r"(?<![\w.,£$%/–-])(" + NUMBER + r")(?![\d.,]\d|%)(\s+(?:out\s+)?of\s+(?:the\s+|these\s+"
    r"|those\s+|their\s+)?)(fewer than \d+|" + NUMBER + r")(?=\)|\s+(?:had|have|has|were|was|"
    r"are|is|did|do)\b|\s+(?:[A-Za-z’'-]+\s+){0,2}?(?:" + NOUNS + r")\b)", re.I)
# "one child", "the one remand that ended": small counts in words; not a hypothetical
# ("one sentence more or fewer moves the rate", "one child can make a rate of 9.7")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "single": 1}
WORD_PHRASE = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")(\s+(?:[A-Za-z’'-]+\s+){0,2}?)("
                         + NOUNS + r")\b(?!\s+(?:more|less|fewer|can|could|would|may|might)\b)",
                         re.I)
PUBLISHED_BEFORE = re.compile(r"(national|England and Wales)[^.;()]{0,25}$", re.I)
PLURALS = {"child": "children", "person": "people"}


def _plural(noun: str) -> str:
    last = noun.split()[-1]
    if last in PLURALS:
        return noun[: -len(last)] + PLURALS[last]
    return noun if last.endswith("s") or last in ("children", "people") else noun + "s"


def scrub_text(text: str, below: int) -> str:
    """`text` with counts from 1 to below − 1 replaced by "fewer than N" and, when one was,
    the rates and shares in the same text withheld (except published comparators)."""
    if not isinstance(text, str) or not any(ch.isdigit() for ch in text) and not \
            WORD_PHRASE.search(text):
        return text
    found = False

    def small(number: str) -> bool:
        nonlocal found
        value = NUMBER_WORDS.get(number.lower()) or int(number.replace(",", ""))
        found = found or 0 < value < below
        return 0 < value < below

    def count(match: re.Match) -> str:
        if not small(match.group(1)):
            return match.group(0)
        return f"fewer than {below}{match.group(2)}{_plural(match.group(3))}"

    text = WORD_PHRASE.sub(count, COUNT_PHRASE.sub(count, text))

    def part(match: re.Match) -> str:
        whole = match.group(3)
        if whole.startswith("fewer") or small(whole):
            whole = f"fewer than {below}"
        if not small(match.group(1)):
            return match.group(1) + match.group(2) + whole
        return ("some" if whole.startswith("fewer") else f"fewer than {below}") \
            + match.group(2) + whole

    text = PART_OF.sub(part, text)
    if not found:
        return text

    return withhold_rates(text, keep_published=True)


def withhold_rates(text: str, keep_published: bool = False) -> str:
    """Rates, shares and decimals in `text` as [c] (keeping published comparators' when
    `keep_published`: "the national rate of 0.10")."""
    def rate(match: re.Match) -> str:
        if keep_published and PUBLISHED_BEFORE.search(match.string[:match.start()]):
            return match.group(0)
        suffix = match.group(2) or ""
        return WITHHELD + ("" if suffix == "%" else suffix)

    return RATE_OR_SHARE.sub(rate, text)


def has_small_count(text, below: int) -> bool:
    return isinstance(text, str) and scrub_text(text, below) != text


def scrub_row(values: list, below: int) -> list:
    """A table row of texts: when any cell mentions a small count, every rate, share and
    decimal in the row's other cells is withheld too (the first cell is its label)."""
    if not any(has_small_count(v, below) for v in values):
        return values
    return [v if i == 0 or not isinstance(v, str) else withhold_rates(scrub_text(v, below))
            for i, v in enumerate(values)]


INTEGER_CELL = re.compile(r"^\d{1,3}(?:,\d{3})*$")
DERIVED_CELL = re.compile(r"^-?\d[\d,]*\.\d+%?$|^-?\d[\d,]*%$")


def _cell_text(cell) -> str | None:
    children = getattr(cell, "children", None)
    return children if isinstance(children, str) else None


def _is_type(node, name: str) -> bool:
    return type(node).__name__ == name and type(node).__module__.startswith("dash")


def _body_rows(table) -> list:
    rows = []

    def visit(node):
        if _is_type(node, "Tr"):
            rows.append(node)
            return
        if _is_type(node, "Thead"):
            return
        children = getattr(node, "children", None)
        for child in children if isinstance(children, (list, tuple)) else [children]:
            if child is not None and not isinstance(child, str):
                visit(child)
    visit(table)
    return rows


def suppress_html_table(table, below: int) -> bool:
    """An html.Table of counts and shares suppressed in place (the body rows other than a
    "Total" row are one partition of each count column). True when anything was hidden."""
    body = []
    for tr in _body_rows(table):
        cells = tr.children if isinstance(tr.children, (list, tuple)) else [tr.children]
        if any(has_small_count(t, below) for t in _strings(tr, [])):
            for cell in cells[1:]:
                _map_strings(cell, lambda t: withhold_rates(scrub_text(t, below)))
        texts = [_cell_text(c) for c in cells]
        if any(t is None for t in texts) or any(_is_type(c, "Th") and i > 0
                                                for i, c in enumerate(cells)):
            continue
        body.append((cells, texts))
    if not body:
        return False
    width = max(len(texts) for _, texts in body)
    rows = [{i: (int(t.replace(",", "")) if INTEGER_CELL.match(t) else t)
             for i, t in enumerate(texts)} for _, texts in body]
    counts = tuple(i for i in range(width) if all(
        isinstance(r.get(i), int) for r in rows if r.get(i) not in (None, "")))
    derived = tuple(i for i in range(width) if i not in counts and any(
        isinstance(r.get(i), str) and DERIVED_CELL.match(r[i]) for r in rows))
    totals = [i for i, r in enumerate(rows) if str(r.get(0, "")).strip().lower() == "total"]
    parts = [i for i in range(len(rows)) if i not in totals]
    result = suppress_rows([rows[i] for i in parts],
                           TableSpec(counts=counts, derived=derived, blocks=()), below)
    for index, shown in zip(parts, result.rows):
        cells, _ = body[index]
        for column, value in shown.items():
            if value in (marker(below), WITHHELD) and column < len(cells) \
                    and value != rows[index].get(column):
                cells[column].children = value
    return result.any


def _strings(node, out: list) -> list:
    if isinstance(node, str):
        out.append(node)
    elif isinstance(node, (list, tuple)):
        for child in node:
            _strings(child, out)
    elif node is not None and not isinstance(node, (int, float)):
        _strings(getattr(node, "children", None), out)
    return out


def _map_strings(node, change) -> None:
    """Every string child in a component tree replaced by `change(string)`, in place."""
    if isinstance(node, (list, tuple)):
        for child in node:
            _map_strings(child, change)
        return
    if node is None or isinstance(node, (str, int, float)):
        return
    children = getattr(node, "children", None)
    if isinstance(children, str):
        node.children = change(children)
    elif isinstance(children, list):
        node.children = [change(c) if isinstance(c, str) else c for c in children]
        _map_strings(node.children, change)
    elif children is not None:
        _map_strings(children, change)


def _blank_card(node) -> None:
    """Every rate, share and decimal in a card withheld, and its sparklines emptied."""
    _map_strings(node, withhold_rates)
    _each_graph(node, lambda graph: setattr(graph, "figure", empty_figure("")))


def _each_graph(node, visit) -> None:
    if isinstance(node, (list, tuple)):
        for child in node:
            _each_graph(child, visit)
    elif node is not None and not isinstance(node, (str, int, float)):
        if _is_type(node, "Graph"):
            visit(node)
        _each_graph(getattr(node, "children", None), visit)


def scrub_component(node, below: int) -> None:
    """Small counts in every string of a Dash component tree, in place; a card (dbc.Card)
    that mentions a small count shows none of its rates, shares or sparklines."""
    if node is None or isinstance(node, (str, int, float)):
        return
    if isinstance(node, (list, tuple)):
        for child in node:
            scrub_component(child, below)
        return
    if _is_type(node, "Card") and any(has_small_count(t, below) for t in _strings(node, [])):
        _blank_card(node)
    if _is_type(node, "Table"):
        suppress_html_table(node, below)
    children = getattr(node, "children", None)
    if isinstance(children, str):
        node.children = scrub_text(children, below)
    elif isinstance(children, list):
        node.children = [scrub_text(c, below) if isinstance(c, str) else c for c in children]
        scrub_component(node.children, below)
    elif children is not None:
        scrub_component(children, below)


# --- a page's content as a board member sees it ------------------------------------------

SUPPRESSED_CHART = ("Some numbers behind this chart are smaller than {below}, so it is not "
                    "drawn for board members. \"Show table\" gives the figures that can be "
                    "shown.")
LEFT_OUT = "Points resting on numbers below {below} are left out of the chart."
POINT_ARRAYS = ("text", "hovertext", "customdata")
SUPPRESSION_NOTE = ("Numbers from 1 to {top} are shown as <{below}, with another number "
                    "where a total would reveal them; rates and shares from them as [c].")


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, Real):
        return None
    value = float(value)
    return value if value == value else None


def _close(drawn, shown) -> bool:
    """A figure's (unrounded) value and a table's (rounded) value are the same figure."""
    a, b = _number(drawn), _number(shown)
    if a is None or b is None:
        return False
    places = len(repr(shown).split(".")[1]) if "." in repr(shown) else 0
    return abs(a - b) <= 0.5 * 10 ** -places + 1e-9


def redact_figure(figure, rows: list[dict], result: Suppressed, below: int):
    """`figure` without the points showing a number the table hides, or None when that
    cannot be done safely (the chart is then replaced by a notice).

    A trace with one point per table row is matched row by row; any other trace loses
    every point equal to a hidden number. Afterwards no text in the figure may still
    mention a small count or a hidden number, else None."""
    if figure is None:
        return None
    hidden: dict[int, list] = {}
    for i, column in result.cells:
        hidden.setdefault(i, []).append(rows[i].get(column))
    every = [v for values in hidden.values() for v in values]
    numbers = {str(int(v)) for v in every if _number(v) is not None and float(v).is_integer()
               and v != 0}
    pattern = re.compile(r"(?<![\d.,])(" + "|".join(sorted(numbers)) + r")(?![\d,]|\.\d)") \
        if numbers else None

    def telling(text) -> bool:
        """Text that states a small count or one of the hidden numbers."""
        return isinstance(text, str) and (has_small_count(text, below)
                                          or bool(pattern and pattern.search(text)))

    figure = go.Figure(figure)
    for trace in figure.data:
        horizontal = getattr(trace, "orientation", None) == "h"
        key = "x" if horizontal else "y"
        values = getattr(trace, key, None)
        if values is None or isinstance(values, str):
            continue
        values = list(values)
        arrays = {name: list(getattr(trace, name)) for name in POINT_ARRAYS
                  if isinstance(getattr(trace, name, None), (list, tuple))
                  and len(getattr(trace, name)) == len(values)}
        for i, value in enumerate(values):
            candidates = hidden.get(i, []) if len(values) == len(rows) else every
            if any(_close(value, h) for h in candidates) or any(
                    telling(str(array[i])) for array in arrays.values()):
                values[i] = None
                for array in arrays.values():
                    array[i] = None
        trace.update({key: values, **arrays})
    def redact(text: str) -> str:
        text = scrub_text(text, below)
        return pattern.sub(WITHHELD, text) if pattern else text

    def visit(value, key=""):
        if isinstance(value, str):
            return redact(value) if key in ("text", "ticktext", "name") else value
        if isinstance(value, dict):
            return {k: visit(v, k) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [visit(v, key) for v in value]
        return value
    # labels outside the points (axis ticks, annotations, legend names): numbers cut out
    figure.layout = go.Layout(visit(figure.layout.to_plotly_json()))
    for trace in figure.data:
        if isinstance(trace.name, str):
            trace.name = redact(trace.name)
    if any(telling(text) for text in _figure_texts(figure)):
        return None
    return figure


def _figure_texts(figure) -> list[str]:
    texts = []

    def visit(value, key=""):
        if isinstance(value, str):
            if key in ("text", "hovertext", "title", "name") or key.endswith("text"):
                texts.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                visit(v, k)
        elif isinstance(value, (list, tuple)):
            for v in value:
                visit(v, key)
    visit(figure.to_plotly_json())
    return texts


def suppress_chart(chart: Chart, below: int, description: str | None = None) -> Chart:
    """A chart card with its table suppressed; when the table lost a figure, the figure is
    replaced by a notice and the active title (which may quote a count in words, "the one
    sentence") by the plain `description` of what the chart shows."""
    original = chart.data
    data, result = suppress_table(original, below)
    chart = replace(chart, data=data, title=scrub_text(chart.title, below),
                    subtitle=scrub_text(chart.subtitle, below),
                    note=scrub_text(chart.note, below), lead=scrub_text(chart.lead, below))
    if result is not None and result.any:
        note = SUPPRESSION_NOTE.format(top=below - 1, below=below)
        title = (description[:1].upper() + description[1:]) if description else ""
        figure = redact_figure(chart.figure, original["rows"], result, below)
        if figure is None:
            figure = empty_figure(SUPPRESSED_CHART.format(below=below))
        else:
            note = f"{LEFT_OUT.format(below=below)} {note}"
        chart = replace(chart, figure=figure, title=title,
                        note=" ".join(filter(None, [chart.note, note])))
    return chart


def suppress_content(content: PageContent, below: int,
                     descriptions: dict[str, str] | None = None) -> PageContent:
    """`content` as a role without "unsuppressed" may see it (see the module docstring);
    `descriptions` are the page's CHARTS (chart id -> what it shows)."""
    descriptions = descriptions or {}
    charts = [suppress_chart(chart, below, descriptions.get(chart.chart_id))
              for chart in content.charts]
    extras = {}
    for key, value in content.extras.items():
        if isinstance(value, dict) and "rows" in value:
            value, _ = suppress_table(value, below)
            value = {**value, "rows": [dict(zip(row, scrub_row(list(row.values()), below)))
                                       for row in value["rows"]]}
        elif isinstance(value, str):
            value = scrub_text(value, below)
        else:
            scrub_component(value, below)
        extras[key] = value
    scrub_component(content.headline_block, below)
    return replace(content, charts=charts, extras=extras,
                   headlines=[scrub_text(s, below) for s in content.headlines],
                   message=scrub_text(content.message, below) if content.message else None)
