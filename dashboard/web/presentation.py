"""Presentation mode (`?present=1`): a deck of slides for the projector, one message each.

The deck follows the current filters and the registry's slides (dashboard/web/registry.py).
Slides are laid out on a 1920x1080 canvas that is scaled to the screen (as slide software
does), so a 720p projector and a 4K screen show the same slide: type sizes below are those
at 1920x1080. Each slide is filled by its own callback (callbacks/presentation.py) with
`slide_body`, from the page's own build, so the figures match the pages; a chart that
could not be drawn says so on its slide. assets/presentation.js drives the deck from the
keyboard or a clicker.
"""
from __future__ import annotations

from dash import dcc, html

from dashboard.contract.periods import period_words
from dashboard.web import registry
from dashboard.web.pages import content
from dashboard.web.registry import Section
from dashboard.web.state import ViewState
from dashboard.words.text import day_month_year
from queries.meta import area_label

GRAPH_CONFIG = {"displayModeBar": False, "responsive": True, "staticPlot": False}
# Dark rooms: the palette's dark blue, greys and black text vanish on black, so lighten
# them; white backgrounds (label boxes) turn black.
DARK_INK = {"#12436d": "#8FC3EA", "#505a5f": "#C8CCCE", "#6f777b": "#C8CCCE",
            "#3d3d3d": "#D0D0D0", "#8c9196": "#DADCDD", "#0b0c0c": "#FFFFFF",
            "black": "#FFFFFF", "#000000": "#FFFFFF", "#801650": "#F49AC2"}
DARK_BACKGROUND = {"white": "#0B0C0C", "#ffffff": "#0B0C0C", "#fff": "#0B0C0C"}
SLIDE_KEYS = [slide.key for slide in registry.DECK]


def exit_href(path: str, state: ViewState) -> str:
    return path + state.with_(present="", advance="", theme="").to_query()


def deck(section: Section, state: ViewState, meta: dict, scope=None) -> html.Div:
    """The deck, starting at `section`'s slide (the first slide for a page without one);
    `scope` is the signed-in user's (the footer names part of a service as such)."""
    slides = registry.DECK
    start = SLIDE_KEYS.index(section.key) if section.key in SLIDE_KEYS else 0
    footer = [area_label(meta, state.level, state.area_code, scope),
              period_words(state.period_end) if state.period_end else "",
              f"data as of {day_month_year(meta['as_of'])}" if meta.get("as_of") else ""]
    if meta.get("synthetic"):
        footer.append("synthetic data")
    sections = [html.Section([
        html.P(kicker(slide), className="slide-kicker"),
        html.Div(html.P("Preparing this slide…", className="slide-sentence"),
                 id={"type": "slide-body", "slide": slide.key}, className="slide-body"),
        dcc.Store(id={"type": "slide-spec", "slide": slide.key},
                  data={"view": state.to_dict(), "slide": slide.key}),
    ], className="slide slide-active" if i == start else "slide", id=f"slide-{slide.key}",
        **{"aria-roledescription": "slide",
           "aria-label": f"{i + 1} of {len(slides)}: {kicker(slide)}"})
        for i, slide in enumerate(slides)]
    exit_to = exit_href(section.path, state)
    canvas = html.Div([
        html.Div(sections, className="deck-slides"),
        html.Footer([
            html.Span(" · ".join(f for f in footer if f), className="deck-context"),
            html.Span(f"{start + 1} / {len(slides)}", id="deck-counter",
                      className="deck-counter", **{"aria-live": "polite"}),
        ], className="deck-footer"),
    ], className="deck-canvas", id="deck-canvas")
    return html.Div([
        canvas,
        html.A("Leave presentation (Esc)", href=exit_to, id="deck-exit", className="deck-exit"),
    ], id="deck", className=f"deck theme-{state.theme or 'light'}", tabIndex="-1",
        **{"data-advance": state.advance or "0", "data-exit": exit_to})


def kicker(slide: registry.Slide) -> str:
    """The line above a slide's title: its section, and for a further slide what it adds."""
    if slide.chart is not None and slide.chart != slide.section.slide_chart:
        return f"{slide.section.board_title}: {slide.section.page.CHARTS[slide.chart]}"
    return slide.section.board_title


def slide_body(key: str, view: dict) -> list:
    """One slide's content for a view: the overview's sentences, or a page's chart with
    the page's first headline sentence (a further slide: the chart's own `lead`, e.g. the
    rank among every service under its funnel plot)."""
    slide = registry.DECK_BY_KEY[key]
    state = ViewState.from_dict({**view, "present": "1"})
    if slide.chart is None:
        return headline_slide(slide.section, state)
    return chart_slide(slide.section, state, slide.chart)


def headline_slide(section: Section, state: ViewState) -> list:
    page = content(section.page, state, only=())
    context, *sentences = page.sentences or ["", "No figures for this selection."]
    return [html.H1(section.heading, className="slide-title"),
            html.P(context, className="slide-context"),
            html.Ul([html.Li(s) for s in sentences[:5]], className="slide-list")]


def chart_slide(section: Section, state: ViewState, chart_id: str | None = None) -> list:
    chart_id = chart_id or section.slide_chart
    page = content(section.page, state, only={chart_id})
    chart = page.chart(chart_id)
    if chart is None or chart.figure is None:
        return [html.H1("Nothing to show for this selection", className="slide-title")]
    chart.figure.update_layout(height=None, width=None, autosize=True)  # fill the slide
    figure = chart.figure
    if state.theme == "dark":
        figure = for_dark_room(figure.to_plotly_json())
    # The chart's text alternative, as on the page's card: named by its active title (the
    # finding, with its number), described by the sentence beside it (a further slide's
    # own lead, e.g. the rank under a funnel plot; else the page's first headline).
    key = section.key if chart_id == section.slide_chart else chart_id
    title, sentence = f"slide-title-{key}", f"slide-sentence-{key}"
    sentences = [chart.lead] if chart.lead else page.sentences[:1]
    described = {"aria-describedby": sentence} if sentences else {}
    return [html.H1(chart.title, className="slide-title", id=title),
            *[html.P(text, className="slide-sentence", id=sentence) for text in sentences],
            html.Div(dcc.Graph(figure=figure, config=GRAPH_CONFIG,
                               className="slide-graph", style={"height": "100%"}),
                     className="slide-chart", role="figure",
                     **{"aria-labelledby": title, **described})]


def for_dark_room(value, key: str = ""):
    """Recolour a figure's JSON for the dark theme (light lines and labels on black).

    Bar fills keep their colours (their labels were chosen to contrast with them).
    """
    if key == "data" and isinstance(value, list):
        return [{k: (v if (t.get("type") == "bar" and k in ("marker", "textfont"))
                     else for_dark_room(v, k)) for k, v in t.items()} for t in value]
    if isinstance(value, dict):
        return {k: for_dark_room(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [for_dark_room(v, key) for v in value]
    if isinstance(value, str) and "color" in key.lower():
        colour = value.replace(" ", "").lower()
        if key.lower().endswith("bgcolor"):
            return DARK_BACKGROUND.get(colour, value)
        return DARK_INK.get(colour, value)
    return value
