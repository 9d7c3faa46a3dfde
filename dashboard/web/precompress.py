"""Dash's bundles (and /assets files) sent brotli-compressed at the highest quality,
compressed once.

flask-compress compresses each response as it is sent, at brotli quality 5 (plotly.min.js:
4.8 MB to 1.26 MB, on every first visit). Quality 11 makes the bundles about 10 % smaller
but costs seconds of CPU per bundle, too slow per response. So a bundle is compressed
once, in a background thread, the first time a worker is asked for it, and kept in memory and on disk (named by the content's
hash, checked when read back), so other workers and restarts send it from their first
request. Until it is ready the bundle goes through flask-compress as before.
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path

import brotli

log = logging.getLogger(__name__)

QUALITY = 11
WINDOW = 22            # log2 of brotli's window (its default, 4 MB); 24 saved 0.05 %
MIN_BYTES = 16 * 1024  # smaller files gain too little to be worth a thread
COMPRESSIBLE = {"text/javascript", "application/javascript", "text/css"}


class BundleCompressor:
    """Brotli (quality 11) bodies of bundles by URL: ready, or started in the background."""

    def __init__(self, directory: Path | None):
        self.directory = directory
        self._ready: dict[str, bytes | None] = {}   # None: failed, send as before
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def get(self, key: str, body: bytes) -> bytes | None:
        """The compressed body for `key` (a file's URL and tag: one content), or None while
        it is made."""
        with self._lock:
            if key in self._ready:
                return self._ready[key]
            self._ready[key] = None            # taken: one thread per bundle
        digest = hashlib.sha256(body).hexdigest()
        stored = self._read(digest)
        if stored is not None:
            with self._lock:
                self._ready[key] = stored
            return stored
        thread = threading.Thread(target=self._compress, args=(key, body, digest),
                                  name="bundle-brotli", daemon=True)
        with self._lock:
            self._threads.append(thread)
        thread.start()
        return None

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the compressions started so far (tests, benchmarks)."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)

    def _compress(self, key: str, body: bytes, digest: str) -> None:
        try:
            data = brotli.compress(body, quality=QUALITY, lgwin=WINDOW)
        except Exception:  # noqa: BLE001 - never worse than flask-compress
            log.exception("brotli compression of a bundle failed")
            return
        with self._lock:
            self._ready[key] = data
        self._write(digest, data)

    def _path(self, digest: str) -> Path | None:
        return None if self.directory is None else self.directory / f"{digest}.br"

    def _read(self, digest: str) -> bytes | None:
        path = self._path(digest)
        try:
            data = path.read_bytes() if path is not None else None
            # another process may have written it, or a stranger: use it only if it is
            # exactly this bundle
            if data is not None and hashlib.sha256(brotli.decompress(data)).hexdigest() == digest:
                return data
        except (OSError, brotli.error):
            pass
        return None

    def _write(self, digest: str, data: bytes) -> None:
        path = self._path(digest)
        if path is None:
            return
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
            partial.write_bytes(data)
            os.replace(partial, path)
        except OSError as exc:   # a read-only disk: kept in memory only
            log.warning("could not keep a compressed bundle on disk (%s)", type(exc).__name__)


def accepts_brotli(accept_encodings) -> bool:
    """Whether the request's Accept-Encoding allows br (werkzeug's parsed header)."""
    return accept_encodings["br"] > 0


def precompressed_bundles(prefix: str, compressor: BundleCompressor):
    """An after_request function sending Dash's bundles and the /assets files (Bootstrap's
    CSS) at brotli quality 11 once ready (it runs before flask-compress, which leaves an
    encoded response alone)."""
    from flask import request
    bundles, assets = f"{prefix}_dash-component-suites/", f"{prefix}assets/"

    def send(response):
        if (response.status_code != 200 or "Content-Encoding" in response.headers
                or not request.path.startswith((bundles, assets))
                or (response.content_length or 0) < MIN_BYTES
                or response.mimetype not in COMPRESSIBLE):
            return response
        response.direct_passthrough = False   # a file from /assets: read it
        body = response.get_data()
        # The path names the file; its ETag (where there is one) changes with an edit.
        data = compressor.get(f"{request.path} {response.get_etag()[0]}", body)
        if data is None or not accepts_brotli(request.accept_encodings):
            return response
        response.set_data(data)
        response.headers["Content-Encoding"] = "br"
        response.headers["Content-Length"] = str(len(data))
        vary = response.headers.get("Vary", "")
        if "accept-encoding" not in vary.lower():
            response.headers["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
        etag, weak = response.get_etag()
        if etag:   # as flask-compress tags it: another encoding, another tag
            response.set_etag(f"{etag}:br", weak=weak)
            response.make_conditional(request)   # 304 when the browser holds this one
        return response
    return send
