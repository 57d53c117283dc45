"""Gzip for static files and JSON, never for HTML pages, through the real app."""

import gzip
from pathlib import Path

from tests.conftest import ROOT

UPLOT = "/static/vendor/uplot/uPlot.iife.min.js"
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_static_files_are_gzipped_and_still_revalidate(client):
    response = client.get(UPLOT, headers=GZIP)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.vary
    original = Path(ROOT / "webapp" / UPLOT.lstrip("/")).read_bytes()
    assert gzip.decompress(response.data) == original
    assert int(response.headers["Content-Length"]) == len(response.data) < len(original) / 2
    etag = response.headers["ETag"]
    assert etag.startswith('W/"')
    again = client.get(UPLOT, headers={**GZIP, "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_nothing_is_compressed_for_a_client_that_does_not_ask(client):
    response = client.get(UPLOT)
    assert "Content-Encoding" not in response.headers
    assert response.data == Path(ROOT / "webapp" / UPLOT.lstrip("/")).read_bytes()


def test_a_range_request_gets_the_plain_bytes_it_asked_for(client):
    response = client.get(UPLOT, headers={**GZIP, "Range": "bytes=0-99"})
    assert response.status_code == 206
    assert "Content-Encoding" not in response.headers
    assert len(response.data) == 100


def test_html_pages_are_never_compressed(client):
    # Pages hold the CSRF token next to text a visitor can echo: no compression side channel.
    response = client.get("/points?q=kidney", headers=GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert b"<html" in response.data


def test_json_is_compressed_when_large_and_left_alone_when_small(client):
    large = client.get("/api/points", headers=GZIP)
    assert large.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(large.data) == client.get("/api/points").data
    small = client.get("/api/csrf-token", headers=GZIP)
    assert "Content-Encoding" not in small.headers
