"""benchmarks/load_test.py runs end to end on the bundled sample: a few seconds, two clients
(it proves the script works; speed is measured with it, never asserted in tests)."""
from __future__ import annotations

from pathlib import Path

from benchmarks.load_test import print_report, run
from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder

REPO = Path(__file__).resolve().parents[2]
PAGES = ("overview", "fte", "reoffending", "custody", "disposals", "disproportionality")


def test_the_load_test_reports_every_page_with_no_errors(tmp_path):
    url = f"sqlite:///{tmp_path}/load.db"
    load_folder(REPO / "sample_data", get_engine(url))
    lines = []
    report = run(url, clients=2, seconds=5, services=2, workers=1, threads=4,
                 demo_users=True, echo=lines.append)
    print_report(report, echo=lines.append)
    assert report["errors"] == 0, report["error_examples"]
    assert report["requests"] > 0 and report["throughput_per_s"] > 0
    for page in PAGES:
        for phase in ("cold_first_service", "cold", "warm"):
            timing = report[phase][page]
            assert timing["n"] >= 1 and 0 < timing["p50"] <= timing["p95"] <= timing["p99"]
        # one service's views apart (the first, building what all share), one as the rest
        assert report["cold_first_service"][f"{page}:layout"]["n"] == 1
        assert report["cold"][f"{page}:layout"]["n"] == 1
        sql = report["bare_sql"][page]["first"]
        assert sql["statements"] > 0 and 0 < sql["sql_ms"] <= sql["build_ms"]
    assert report["rss_mb_per_worker"] and all(mb > 0 for mb in
                                               report["rss_mb_per_worker"].values())
    assert any(line.startswith("throughput") for line in lines)


def test_board_packs_asked_for_during_the_load_come_back_as_pdf_files(tmp_path, monkeypatch):
    """`--packs`: one more client presses the board pack button, follows its polls and
    downloads the PDF through its own route (not in a callback's JSON)."""
    monkeypatch.setenv("BOARD_PACK_DIR", str(tmp_path / "packs"))
    url = f"sqlite:///{tmp_path}/packs.db"
    load_folder(REPO / "sample_data", get_engine(url))
    lines = []
    report = run(url, clients=1, seconds=2, services=1, workers=1, threads=4,
                 demo_users=True, sql=False, packs=1, echo=lines.append)
    print_report(report, echo=lines.append)
    assert report["errors"] == 0, report["error_examples"]
    [made] = report["packs"]
    assert made["started"] and made["status"] == "done", made
    assert made["pdf_type"] == "application/pdf" and made["pdf_bytes"] > 10_000, made
    assert 0 < made["poll_json_bytes"] < 20_000, made   # words in the polls, never the PDF
    assert any(line.startswith("board pack ") and " done in " in line for line in lines)
