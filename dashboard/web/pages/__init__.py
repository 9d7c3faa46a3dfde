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

from dashboard.core.db import get_engine
from dashboard.web.page_content import PageContent
from dashboard.web.session import selection_for
from dashboard.web.state import ViewState, resolve_state
from queries.cache import one_data_version
from queries.meta import load_meta


@one_data_version  # one load's data for the whole build, even during a reload
def content(page: ModuleType, state: ViewState, only: Collection[str] | None = None,
            **controls) -> PageContent:
    """`page.build` for `state`, resolved against what is loaded; never raises."""
    try:
        state = resolve_state(state.to_dict(), load_meta(get_engine()))
        return page.build(state, selection_for(state), only=only, **controls)
    except Exception as exc:  # noqa: BLE001 - the page says so instead of a traceback
        return PageContent.unavailable(page.PAGE, list(page.CHARTS), exc, wanted=only)
