"""Markup in imported names is shown as text in charts, on SQLite and PostgreSQL: an
authority called "<b>Bold</b> & Co" is not drawn in bold (dashboard/web/markup.py)."""
from __future__ import annotations

import json

from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from dashboard.web.pages import content, fte
from dashboard.web.state import ViewState
from yj_testdata import la, out, pop, write_folder

NAME = "<b>Bold</b> & Co"
SERVICE = "<i>Italic</i> YJS"


def test_names_with_markup_are_escaped_in_every_figure(tmp_path, database_url, monkeypatch):
    folder = write_folder(tmp_path, [la("A1", SERVICE, name=NAME), la("A2", SERVICE)],
                          [pop(code, year, 1000) for code in ("A1", "A2")
                           for year in (2022, 2023)],
                          [out(str(i), f"c{i}", "A1" if i % 2 else "A2",
                               f"{2022 + i // 12}-{1 + i % 12:02d}-10", "youth_caution",
                               offence_group="<script>x</script>")
                           for i in range(24)])
    load_folder(folder, get_engine(database_url))
    monkeypatch.setenv("DATABASE_URL", database_url)
    page = content(fte, ViewState(area=f"service:{SERVICE}", period="2023-12-31"))
    figures = json.dumps([c.figure.to_plotly_json() for c in page.charts if c.figure],
                         default=str)
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in figures       # the authority chart
    assert "&lt;script&gt;x&lt;/script&gt;" in figures         # the offence breakdown
    for raw in (NAME, SERVICE, "<script>", "<i>Italic"):
        assert raw not in figures
    # Dash's own components escape text: titles and tables keep the names as they are
    tables = json.dumps([c.data for c in page.charts if c.data], default=str)
    assert NAME in tables
    get_engine(database_url).dispose()
