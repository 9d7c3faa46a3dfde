"""Presentation mode (`?present=1`): a deck of slides for the projector, one message each.

The deck follows the current filters. Slides are laid out on a 1920x1080 canvas that is
scaled to the screen (as slide software does), so a 720p projector and a 4K screen show
the same slide: type sizes below are those at 1920x1080. Each slide is filled by its own callback
(callbacks/presentation.py) from the pages' own callbacks, so the figures match the pages;
assets/presentation.js drives it from the keyboard or a clicker.
"""
from __future__ import annotations

from dash import dcc, html

from dashboard.contract.periods import period_words
from dashboard.web.state import ViewState
from queries.meta import area_label

# (slide key, page key whose content it shows, kicker, key chart id or None)
SLIDES = [
    ("overview", "overview", "The quarter's story", None),
    ("fte", "fte", "First time entrants", "fte-trend"),
    ("reoffending", "reoffending", "Proven reoffending", "reoffending-rate"),
    ("custody", "custody", "Use of custody", "custody-trend"),
    ("disposals", "disposals", "Outcomes given", "disposals-tier-shares"),
    ("disproportionality", "disproportionality", "Ethnic disproportionality",
     "disproportionality-rri"),
]
SLIDE_KEYS = [key for key, *_ in SLIDES]


def exit_href(path: str, state: ViewState) -> str:
    return path + state.with_(present="", advance="", theme="").to_query()


def deck(page: str, path: str, state: ViewState, meta: dict) -> html.Div:
    start = SLIDE_KEYS.index(page) if page in SLIDE_KEYS else 0
    footer = [area_label(meta, state.level, state.area_code),
              period_words(state.period_end) if state.period_end else "",
              f"data as of {meta['as_of']:%-d %B %Y}" if meta.get("as_of") else ""]
    if meta.get("synthetic"):
        footer.append("synthetic data")
    slides = [html.Section([
        html.P(kicker, className="slide-kicker"),
        html.Div(html.P("Preparing this slide…", className="slide-sentence"),
                 id={"type": "slide-body", "slide": key}, className="slide-body"),
        dcc.Store(id={"type": "slide-spec", "slide": key},
                  data={"view": state.to_dict(), "page": source, "chart": chart}),
    ], className="slide slide-active" if i == start else "slide", id=f"slide-{key}",
        **{"aria-roledescription": "slide", "aria-label": f"{i + 1} of {len(SLIDES)}: {kicker}"})
        for i, (key, source, kicker, chart) in enumerate(SLIDES)]
    canvas = html.Div([
        html.Div(slides, className="deck-slides"),
        html.Footer([
            html.Span(" · ".join(f for f in footer if f), className="deck-context"),
            html.Span(f"{start + 1} / {len(SLIDES)}", id="deck-counter", className="deck-counter",
                      **{"aria-live": "polite"}),
        ], className="deck-footer"),
    ], className="deck-canvas", id="deck-canvas")
    return html.Div([
        canvas,
        html.A("Leave presentation (Esc)", href=exit_href(path, state), id="deck-exit",
               className="deck-exit"),
    ], id="deck", className=f"deck theme-{state.theme or 'light'}", tabIndex="-1",
        **{"data-advance": state.advance or "0", "data-exit": exit_href(path, state)})
