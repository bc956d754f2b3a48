"""A TCP proxy on 127.0.0.1 for the remote tests: it forwards every connection to
``upstream`` (a server that cannot drop a connection itself, such as moto's S3 server) and,
while ``cut`` is set, closes any connection once it has passed ``cut`` bytes of an answer's
body to the client (counted from the end of the first headers it forwards after ``cut``
was set, with the connection idle then): a connection dropped mid-read.
``TcpProxy(host, port)``; ``port``; ``cuts`` (connections dropped so far). A context
manager."""

from __future__ import annotations

import socket
import threading


class TcpProxy:
    """See the module docstring."""

    def __init__(self, host: str, port: int):
        self.upstream = (host, port)
        #: drop a connection after this many bytes of an answer (None: forward all)
        self.cut: int | None = None
        self.cuts = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, answers: bool) -> None:
        seen = bytearray()  # what this connection answered since ``cut`` was set
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                cut = self.cut if answers else None
                if cut is None:
                    seen.clear()
                    dst.sendall(data)
                    continue
                start = len(seen)
                seen += data
                head = seen.find(b"\r\n\r\n")
                if head >= 0 and len(seen) > head + 4 + cut:
                    dst.sendall(data[: head + 4 + cut - start])
                    with self._lock:
                        self.cuts += 1
                    break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def __enter__(self) -> TcpProxy:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
