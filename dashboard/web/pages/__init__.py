"""One module per page: its component ids, its charts and its pure
`build(state, selection, only=None, **controls) -> PageContent`.

A page module holds:
    PAGE      the page key (ids start with it; dashboard/web/registry.py lists the pages)
    CHARTS    {chart id: what the chart shows, in words}, in the order the page draws them
    build()   the page's content for a resolved view state and its query selection;
              `only` limits the charts drawn (a slide needs one), `controls` are the page's
              own inputs (the disproportionality stage)

`content()` is how the page's callback, the presentation deck and the board pack call a
build: it resolves the view against what is loaded, makes the selection within the user's
scope (dashboard/web/session.py) and turns a build that fails as a whole into a message.
Nothing here needs a running Dash app.
"""
from __future__ import annotations

from types import ModuleType
from typing import Collection

from dashboard.core.config import suppress_below
from dashboard.core.db import get_engine
from dashboard.web.disclosure import allowed_view, suppress_content
from dashboard.web.markup import escape_figures
from dashboard.web.page_cache import do_not_cache
from dashboard.web.page_content import PageContent
from dashboard.web.session import selection_for, view_rules
from dashboard.web.state import ViewState, resolve_state
from queries.cache import one_data_version
from queries.meta import load_meta
from queries.names import markup_names


def resolved_view(state: ViewState) -> ViewState:
    """`state` resolved against what is loaded (unknown areas and periods become the
    defaults) and narrowed to what the user's role may ask for."""
    meta = load_meta(get_engine())
    return allowed_view(resolve_state(state.to_dict(), meta), meta, **view_rules())


@one_data_version  # one load's data for the whole build, even during a reload
def content(page: ModuleType, state: ViewState, only: Collection[str] | None = None,
            *, publication: bool = False, **controls) -> PageContent:
    """`page.build` for `state`, resolved against what is loaded and narrowed to what the
    signed-in user's role may see (dashboard/web/disclosure.py); never raises.

    Small numbers are suppressed for a role without "unsuppressed" (board), and for any
    output marked `publication` whoever asks (outside a request nothing is restricted:
    the command line's export and board pack pass `publication` to suppress)."""
    try:
        rules = view_rules()
        state = resolved_view(state)
        built = page.build(state, selection_for(state), only=only, **controls)
        built = escape_figures(built, markup_names(get_engine()))
        if publication or not rules["unsuppressed"]:
            # inside the try: a failure here must not fall back to unsuppressed figures
            built = suppress_content(built, suppress_below(), getattr(page, "CHARTS", None))
    except Exception as exc:  # noqa: BLE001 - the page says so instead of a traceback
        built = PageContent.unavailable(page.PAGE, list(page.CHARTS), exc, wanted=only)
    if built.failures:  # a part said "could not be shown": not kept for the next visitor
        do_not_cache()
    return built
