"""`valorisatiemonitor update-reference`: the newest vintages from a local server that answers as
the ECB Data Portal and Eurostat's Statistics API do; offline and on a malformed response
nothing changes.

The recorded responses are in `tests/data/reference_series/` (see its README): CHF and GBP
for 2023–2025, and the Dutch monthly HICP for 2024 (130,0 rising by 0,3 a month: mean
131,65) and January–July 2025 (134,0 rising by 0,3: mean 134,90).
"""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.data.validation.reference import validate_reference

REPO = Path(__file__).resolve().parents[1]
RECORDED = REPO / "tests" / "data" / "reference_series"
ECB = (RECORDED / "ecb_exr_annual.csv").read_bytes()
EUROSTAT = (RECORDED / "eurostat_prc_hicp_midx_nl.json").read_bytes()
EPOCH = "1767225600"  # 2026-01-01 UTC: the retrieval date
DATE = "2026-01-01"


@pytest.fixture(autouse=True)
def _retrieval_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "False")
    monkeypatch.delenv("VALORISATIEMONITOR_ECB_URL", raising=False)
    monkeypatch.delenv("VALORISATIEMONITOR_EUROSTAT_URL", raising=False)


def make_data(tmp_path: Path) -> Path:
    """The reference tables of `data/raw` (no submissions)."""
    data = tmp_path / "raw"
    for path in sorted((REPO / "data" / "raw").rglob("*.csv")):
        relative = path.relative_to(REPO / "data" / "raw")
        if relative.parts[0] == "kt_metrics":
            continue
        (data / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, data / relative)
    return data


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


Responder = Callable[[str], tuple[int, bytes]]


def publishers(path: str) -> tuple[int, bytes]:
    """What the two publishers answer, by the path and query the command asks for."""
    if path.startswith("/ecb/service/data/EXR/A.CHF+GBP.EUR.SP00.A?format=csvdata"):
        return 200, ECB
    if path.startswith(
        "/eurostat/data/prc_hicp_midx?format=JSON&lang=EN&geo=NL&coicop=CP00&unit=I15"
    ):
        return 200, EUROSTAT
    return 404, b"not found"


@pytest.fixture
def server() -> Iterator[tuple[str, list[str], list[Responder]]]:
    """A local HTTP server on 127.0.0.1; `responders[0]` answers, `paths` records requests."""
    paths: list[str] = []
    responders: list[Responder] = [publishers]

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            paths.append(self.path)
            status, body = responders[0](self.path)
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", paths, responders
    finally:
        httpd.shutdown()
        httpd.server_close()


def run(data: Path, base: str) -> int:
    return main(
        [
            "update-reference",
            "--data-dir",
            str(data),
            "--ecb-url",
            f"{base}/ecb/service",
            "--eurostat-url",
            f"{base}/eurostat",
        ]
    )


def rows(path: Path) -> list[list[str]]:
    return [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_new_vintage_is_written_with_a_source_row(
    tmp_path: Path,
    server: tuple[str, list[str], list[Responder]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    base, paths, _ = server
    data = make_data(tmp_path)
    sources_before = (data / "sources.csv").read_text(encoding="utf-8")
    fx_before = rows(data / "context" / "fx_rates.csv")
    assert run(data, base) == 0
    out = capsys.readouterr().out
    assert paths == [
        "/ecb/service/data/EXR/A.CHF+GBP.EUR.SP00.A?format=csvdata&startPeriod=2010",
        "/eurostat/data/prc_hicp_midx?format=JSON&lang=EN&geo=NL&coicop=CP00&unit=I15"
        "&sinceTimePeriod=2010-01",
    ]
    fx = {(r[0], r[1]): r[2:] for r in rows(data / "context" / "fx_rates.csv")[1:]}
    ecb_id = "ecb_exr_annual_20260101"
    # 1 / 0,9375 = 1,06667; 1 / 0,85 = 1,17647; 1 / 0,9526 = 1,04976.
    assert fx[("2025", "CHF")] == ["1.06667", "0.93750", ecb_id, "read"]
    assert fx[("2025", "GBP")] == ["1.17647", "0.85000", ecb_id, "read"]
    assert fx[("2024", "CHF")] == ["1.04976", "0.95260", ecb_id, "read"]
    # Years the publisher did not return are kept as they were.
    old = {(r[0], r[1]): r[2:] for r in fx_before[1:]}
    assert fx[("2010", "CHF")] == old[("2010", "CHF")]
    assert len(fx) == len(old)
    price = {r[0]: r[1:] for r in rows(data / "context" / "price_index.csv")[1:]}
    hicp_id = "eurostat_hicp_nl_20260101"
    assert price["2024"] == ["131.65", "12", hicp_id, "read", "mean of 12 monthly index values"]
    assert price["2025"] == [
        "134.90",
        "7",
        hicp_id,
        "read",
        "January–July 2025 only (mean of 7 monthly values); not an annual average",
    ]
    sources = (data / "sources.csv").read_text(encoding="utf-8")
    assert sources.startswith(sources_before)  # every earlier line as it was
    added = sources[len(sources_before) :].splitlines()
    assert [line.split(",")[0] for line in added] == [ecb_id, hicp_id]
    assert f",European Central Bank,{DATE},{base}/ecb/service/data/EXR/" in added[0]
    assert f",Eurostat,{DATE},{base}/eurostat/data/prc_hicp_midx?" in added[1]
    assert "context/fx_rates.csv: 2025 CHF changed (eur_per_unit 1.06720 -> 1.06667" in out
    assert "context/price_index.csv: 2025 changed (hicp_2015_100 134.77 -> 134.90" in out
    report = validate_reference(data)
    assert [f for f in report.errors if f.file.startswith(("context/", "sources"))] == []
    # The same day again: the same vintage, nothing to write.
    before = tree(data)
    assert run(data, base) == 0
    assert "unchanged" in capsys.readouterr().out
    assert tree(data) == before


def test_offline_it_stops_with_one_line_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_data(tmp_path)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    before = tree(data)
    assert run(data, f"http://127.0.0.1:{port}") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not reachable" in err[0] and "Nothing changed" in err[0]
    assert tree(data) == before


def _ecb_without_values(path: str) -> tuple[int, bytes]:
    if path.startswith("/ecb/"):
        return 200, ECB.replace(b"OBS_VALUE", b"OBS_VALUES", 1)
    return publishers(path)


def _ecb_text_value(path: str) -> tuple[int, bytes]:
    if path.startswith("/ecb/"):
        return 200, ECB.replace(b",2024,0.9526,", b",2024,NaN,", 1)
    return publishers(path)


def _eurostat_other_country(path: str) -> tuple[int, bytes]:
    if path.startswith("/eurostat/"):
        return 200, EUROSTAT.replace(b'"NL"', b'"DE"')
    return publishers(path)


def _eurostat_html(path: str) -> tuple[int, bytes]:
    if path.startswith("/eurostat/"):
        return 200, b"<html>maintenance</html>"
    return publishers(path)


def _eurostat_error(path: str) -> tuple[int, bytes]:
    if path.startswith("/eurostat/"):
        return 503, json.dumps({"error": "busy"}).encode()
    return publishers(path)


@pytest.mark.parametrize(
    ("responder", "expected"),
    [
        (_ecb_without_values, "column OBS_VALUE is missing"),
        (_ecb_text_value, "row 3, column OBS_VALUE: [positive]"),
        (_eurostat_other_country, "geo is ['DE'], not only NL"),
        (_eurostat_html, "[json] the response is not JSON"),
        (_eurostat_error, "answered HTTP 503"),
    ],
)
def test_a_malformed_response_is_refused_with_one_line(
    tmp_path: Path,
    server: tuple[str, list[str], list[Responder]],
    responder: Responder,
    expected: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base, _, responders = server
    responders[0] = responder
    data = make_data(tmp_path)
    before = tree(data)
    assert run(data, base) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0], err
    assert tree(data) == before
