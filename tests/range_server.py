"""A real HTTP server on 127.0.0.1 for the remote tests and benchmark: it serves files with
Range requests (Python's ``http.server`` ignores them), waits ``delay`` seconds before each
answer (a network's round trip), counts requests and body bytes, and can drop connections
in the middle of an answer or answer with an error status.

``RangeServer(files)`` with ``files`` = {url path: local file}; ``url(path)``; ``stats()``;
``reset()``; ``drop(n)`` (the next ``n`` ranged GETs send half their body, then close);
``status[path] = 403`` (answer that path with that status); ``ignore_ranges`` (answer
with the whole file). A request of several ranges (``Range: bytes=a-b,c-d``) is answered
``206 multipart/byteranges`` as nginx does, or as ``multirange`` says: ``"first"`` (a
single-range 206 of the first range), ``"whole"`` (200 with the whole file, as Apache
beyond its ``MaxRanges``); ``multi_requests`` counts them. A context manager.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_SPEC = re.compile(r"^(\d*)-(\d*)$")
BOUNDARY = "3d6b6a416f9b5"  # the multipart boundary (a part's bytes may contain it)


def parse_ranges(header: str, size: int) -> list[tuple[int, int]] | None:
    """The ``(first, last)`` byte ranges (inclusive) of a Range header; None if malformed
    or none is satisfiable."""
    header = header.strip()
    if not header.startswith("bytes="):
        return None
    out = []
    for spec in header[len("bytes=") :].split(","):
        m = _SPEC.match(spec.strip())
        if m is None or m.groups() == ("", ""):
            return None
        a, b = m.groups()
        if a == "":  # the last b bytes
            first, last = max(0, size - int(b)), size - 1
        else:
            first, last = int(a), min(int(b), size - 1) if b else size - 1
        if first < size and first <= last:
            out.append((first, last))
    return out or None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers

    def log_message(self, *args) -> None:  # quiet
        pass

    def setup(self) -> None:
        super().setup()
        # as nginx's tcp_nodelay: without it a small answer (headers, then a body of a few
        # bytes: two writes) waits for the client's delayed ACK, 40 ms on Linux
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        srv: RangeServer = self.server.owner  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0]
        srv.count_request(self.command, self.headers.get("Range"))
        if srv.delay:
            time.sleep(srv.delay)
        status = srv.status.get(path)
        local = srv.files.get(path)
        if status is None and local is None:
            status = 404
        if status is not None:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        size = os.path.getsize(local)
        ranged = None if srv.ignore_ranges else self.headers.get("Range")
        spans = [(0, size - 1)]
        if ranged:
            spans = parse_ranges(ranged, size)
            if spans is None:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if len(spans) > 1:
                srv.count_multi()
                if srv.multirange == "first":
                    spans = spans[:1]
                elif srv.multirange == "whole":
                    ranged, spans = None, [(0, size - 1)]
        pieces = []
        with open(local, "rb") as fh:
            for first, last in spans if body or len(spans) > 1 else ():
                fh.seek(first)
                pieces.append(fh.read(last - first + 1))
        self.send_response(206 if ranged else 200)
        if not srv.ignore_ranges:
            self.send_header("Accept-Ranges", "bytes")
        if len(spans) > 1:
            data = (
                b"".join(
                    f"\r\n--{BOUNDARY}\r\nContent-Type: application/octet-stream\r\n"
                    f"Content-Range: bytes {first}-{last}/{size}\r\n\r\n".encode()
                    + piece
                    for (first, last), piece in zip(spans, pieces, strict=True)
                )
                + f"\r\n--{BOUNDARY}--\r\n".encode()
            )
            self.send_header("Content-Type", f"multipart/byteranges; boundary={BOUNDARY}")
        else:
            data = pieces[0] if pieces else b""
            self.send_header("Content-Type", "application/octet-stream")
            if ranged:
                self.send_header("Content-Range", f"bytes {spans[0][0]}-{spans[0][1]}/{size}")
        n = len(data) if pieces else spans[0][1] - spans[0][0] + 1
        self.send_header("Content-Length", str(n))
        self.end_headers()
        if not body:
            return
        if ranged and srv.take_drop():
            half = data[: max(1, n // 2)]
            srv.count_bytes(len(half))  # before sending: the client may go on at once
            self.wfile.write(half)
            self.wfile.flush()
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        try:
            for at in range(0, n, 2**18):  # counted as sent: a client may hang up early
                piece = data[at : at + 2**18]
                srv.count_bytes(len(piece))  # before sending: the client may go on at once
                self.wfile.write(piece)
        except OSError:  # the client closed it (a whole file it did not want)
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # many connections at once (concurrent range requests): with socketserver's default of
    # 5, the kernel drops the other SYNs and clients retry a second later
    request_queue_size = 256

    def handle_error(self, request, client_address) -> None:
        pass  # a client that hung up (a timeout test, a cancelled read): nothing to say


class RangeServer:
    """See the module docstring."""

    def __init__(self, files: dict[str, str | os.PathLike], delay: float = 0.0):
        self.files = {p if p.startswith("/") else "/" + p: Path(f) for p, f in files.items()}
        self.delay = float(delay)
        self.status: dict[str, int] = {}
        #: answer every GET with the whole file, as a server without Range support does
        self.ignore_ranges = False
        #: how to answer a request of several ranges: "multipart", "first" or "whole"
        self.multirange = "multipart"
        self._lock = threading.Lock()
        self._drops = 0
        self.reset()
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    # -- counters -------------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self.requests = 0
            self.gets = 0
            self.multi_requests = 0
            self.bytes = 0
            self.log: list[tuple[str, str | None]] = []

    def count_request(self, method: str, ranged: str | None) -> None:
        with self._lock:
            self.requests += 1
            self.gets += method == "GET"
            self.log.append((method, ranged))

    def count_multi(self) -> None:
        with self._lock:
            self.multi_requests += 1

    def count_bytes(self, n: int) -> None:
        with self._lock:
            self.bytes += n

    def stats(self) -> dict:
        with self._lock:
            return {
                "requests": self.requests,
                "gets": self.gets,
                "multi": self.multi_requests,
                "bytes": self.bytes,
            }

    # -- faults ---------------------------------------------------------------------------
    def drop(self, n: int = 1) -> None:
        """Drop the next ``n`` ranged answers half-way."""
        with self._lock:
            self._drops = int(n)

    def take_drop(self) -> bool:
        with self._lock:
            if self._drops > 0:
                self._drops -= 1
                return True
            return False

    # -- lifetime -------------------------------------------------------------------------
    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> RangeServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
