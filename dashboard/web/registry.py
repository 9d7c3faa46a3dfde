"""The pages, in order: the one list the navigation, the presentation deck, the board pack
and the overview's links read.

Each layouts/ module registers its page with Dash from its section here
(`dash.register_page(__name__, **SECTION.dash_page())`), so Dash's page_registry and this
list agree on paths, names and titles. A section names the module holding the page's
pure build (dashboard/web/pages/); the module is imported when first asked for, because
the overview's build reads this list for its links.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType

from dashboard.web.pages import (custody, disposals, disproportionality, fte, needs,
                                 reoffending)
from queries.disproportionality import STAGES

APP_TITLE = "Youth justice performance"


@dataclass(frozen=True)
class PackPart:
    """One build of a page for the board pack: its controls, and the charts kept
    (None: all)."""
    controls: dict = field(default_factory=dict)
    charts: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Section:
    """One page.

    key          the page key: component ids start with it (`fte-trend`)
    path         its address
    label        its name in the navigation and the browser's title
    heading      the page's heading
    board_title  its name on a slide and in the board pack ("First time entrants")
    module       the module of its build (None: a page with no figures, About)
    slide        whether the deck has a slide for it; `slide_chart` the chart on it
                 (None with a slide: the headline sentences, the overview)
    pack         the builds the board pack prints for it (none: not a pack section)
    indicators   the headline indicators (dashboard/analysis/summary.py) it explains
    more_slides  further charts of its build with a slide of their own after its slide
                 (the funnel plot against every service), led by the chart's `lead`
    """
    key: str
    path: str
    label: str
    heading: str
    board_title: str = ""
    module: str | None = None
    slide: bool = False
    slide_chart: str | None = None
    pack: tuple[PackPart, ...] = ()
    indicators: tuple[str, ...] = ()
    more_slides: tuple[str, ...] = ()

    @property
    def page(self) -> ModuleType:
        """The page's module: PAGE, CHARTS and build()."""
        if self.module is None:
            raise LookupError(f"the {self.key} page has no build")
        return import_module(self.module)

    @property
    def title(self) -> str:
        return f"{self.label} – {APP_TITLE}"

    def dash_page(self, body=None) -> dict:
        """The arguments of `dash.register_page` for this page; `body(state, meta)` is the
        page's body, which the app draws to check callbacks against (None: no callback
        fills anything in it)."""
        return {"path": self.path, "name": self.label, "title": self.title,
                "order": SECTIONS.index(self), "section": self.key, "body": body}


def _pages(name: str) -> str:
    return f"dashboard.web.pages.{name}"


EVERY_CHART = (PackPart(),)
SECTIONS: tuple[Section, ...] = (
    Section("overview", "/", "Overview", "How are we doing?", "The quarter's story",
            _pages("overview"), slide=True),
    Section("fte", "/first-time-entrants", "First time entrants",
            "Children entering the justice system", "First time entrants", _pages("fte"),
            slide=True, slide_chart=fte.TREND, pack=EVERY_CHART, indicators=("fte_rate",),
            more_slides=(fte.FUNNEL,)),
    Section("reoffending", "/reoffending", "Reoffending", "Children who reoffend",
            "Proven reoffending", _pages("reoffending"), slide=True,
            slide_chart=reoffending.RATE, pack=EVERY_CHART,
            indicators=("reoffending_binary_rate", "reoffences_per_reoffender"),
            more_slides=(reoffending.FUNNEL,)),
    Section("custody", "/custody", "Custody", "Children sentenced to custody",
            "Use of custody", _pages("custody"), slide=True, slide_chart=custody.TREND,
            pack=EVERY_CHART, indicators=("custody_rate",), more_slides=(custody.FUNNEL,)),
    Section("disposals", "/disposals", "Outcomes", "What outcomes did children receive?",
            "Outcomes given", _pages("disposals"), slide=True,
            slide_chart=disposals.TIER_SHARES, pack=EVERY_CHART),
    # Every stage's relative rates; the court stage (the page's default) in full.
    Section("disproportionality", "/disproportionality", "Disproportionality",
            "Are some ethnic groups over-represented?", "Ethnic disproportionality",
            _pages("disproportionality"), slide=True, slide_chart=disproportionality.RRI,
            pack=tuple(PackPart({"stage": stage},
                                None if stage == "court" else (disproportionality.RRI,))
                       for stage in STAGES)),
    Section("needs", "/needs-and-outcomes", "Needs and outcomes",
            "Children's needs and the local indicators", "Needs and outcomes",
            _pages("needs"), slide=True, slide_chart=needs.SUMMARY, pack=EVERY_CHART),
    Section("about", "/about", "About the data", "About the data"),
)
BY_KEY = {section.key: section for section in SECTIONS}
SLIDES = tuple(section for section in SECTIONS if section.slide)


@dataclass(frozen=True)
class Slide:
    """One slide of the deck: its key (the section's key, or the chart id of a further
    slide), its section and its chart (None: the headline sentences)."""
    key: str
    section: Section
    chart: str | None


DECK: tuple[Slide, ...] = tuple(
    slide for s in SLIDES
    for slide in (Slide(s.key, s, s.slide_chart), *(Slide(c, s, c) for c in s.more_slides)))
DECK_BY_KEY = {slide.key: slide for slide in DECK}
PACK = tuple(section for section in SECTIONS if section.pack)


def section(key: str) -> Section:
    return BY_KEY[key]


def path_for_indicator(indicator: str) -> str:
    """The page that explains a headline indicator (the overview's card links)."""
    return next(s.path for s in SECTIONS if indicator in s.indicators)
