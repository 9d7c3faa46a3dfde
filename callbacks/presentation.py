"""Fill each slide of the presentation deck from its page's build."""
from dash import MATCH, Input, Output, callback, html

from dashboard.web import registry
from dashboard.web.presentation import slide_body


@callback(Output({"type": "slide-body", "slide": MATCH}, "children"),
          Input({"type": "slide-spec", "slide": MATCH}, "data"))
def render_slide(spec):
    if (not isinstance(spec, dict) or not isinstance(spec.get("view"), dict)
            or not isinstance(spec.get("slide"), str)
            or spec["slide"] not in registry.DECK_BY_KEY):
        return html.H1("Nothing to show", className="slide-title")
    return slide_body(spec["slide"], spec["view"])
