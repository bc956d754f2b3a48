"""HDF5 files over HTTP(S), S3 and any other fsspec protocol, read as if local.

``open_remote(url, storage_options)`` opens a URL read-only into an ``h5py.File``: h5py
reads through :class:`RemoteFile`, a file object over an fsspec filesystem with a cache
shaped for HDF5's access pattern:

- **Blocks** (``block_size``, aligned, least recently used out within ``cache_bytes``): a
  read that misses fetches the missing blocks it touches in one range request. HDF5 reads
  its metadata at open in small pieces mostly near the start of the file; a block of the
  file's start answers many of them at once. A miss right after the previous block (a
  sequential read: a run of chunks, a spectrum after another) fetches read-ahead blocks,
  doubling on every sequential miss up to ``READAHEAD_BYTES``.
- **Strides**: a view across many chunks (a map of a dataset stored one spectrum per
  chunk) is one small read per chunk, a fixed number of bytes apart (the chunks lie in
  the file in the order they were written). When the reads of one size follow a constant
  stride, a miss fetches the next reads of that stride *concurrently* (fsspec's
  ``cat_ranges``), exactly the bytes read, not whole blocks (reads less than
  ``MERGE_GAP`` apart share a request): 8 reads first, then twice as many as the last
  prediction served, up to ``MAX_STRIDE_AHEAD`` (HDF5 writes its chunk index between
  chunks, which shifts the stride now and then: a broken prediction wastes at most what
  it served). So a map across 16,384 chunks costs tens of
  round trips, not 16,384 in sequence, and bytes in proportion to the view.

**Multi-range requests** (HTTP): the ranges of one fetch go as few requests of many ranges
each (``Range: bytes=a-b,c-d,...``, answered ``206 multipart/byteranges``, RFC 9110
14.6 and 15.3.7), at most ``MULTI_RANGES`` ranges and ``RANGE_HEADER_BYTES`` characters of
header each (Apache answers more than 200 ranges with the whole file), all at once. A map
across 4,096 chunks is then 21 requests, not 4,096: the per-request cost of the client and
the server counts more than the bytes. Whether the server supports it is learnt from the
first answer; one that does not (a single-range ``206``, or ``200`` with the whole file,
whose body is never read: its ``Content-Length``/``Content-Range`` are checked first) turns
them off for that file, and its ranges go as concurrent single-range requests. nginx and
Apache support them; S3 does not (its ranges stay concurrent single requests).

Every request has a timeout (``timeout`` seconds to connect and between bytes). A request
that fails raises :class:`RemoteError` (an ``OSError``) naming the URL and what happened;
:func:`remote_problem` gives the last failure of a file's reads, for the views to say, and
the next read tries again (nothing half-read is kept).

fsspec (with aiohttp for HTTP, s3fs for S3) is the optional extra ``usid_widgets[remote]``,
imported only when a URL or an fsspec file is given.
"""

from __future__ import annotations

import bisect
import io
import re
import threading
import weakref
from collections import OrderedDict
from typing import Any

import h5py
import numpy as np

#: Bytes fetched per block on a miss (the unit of the block cache).
BLOCK_SIZE = 64 * 2**10
#: Bytes fetched by the first read of the file's start (HDF5's superblock and, in files
#: written by h5py, most of the metadata the open reads).
FIRST_BYTES = 2**20
#: Largest read-ahead of a sequential run of misses.
READAHEAD_BYTES = 8 * 2**20
#: Bytes the remote cache keeps (blocks and stride pieces).
CACHE_BYTES = 128 * 2**20
#: Most ranges fetched at once for one stride.
MAX_STRIDE_AHEAD = 2048
#: Predicted reads at most this many bytes apart are fetched as one range.
MERGE_GAP = 4096
#: Most HTTP connections open at once to one server.
CONNECTIONS = 256
#: Most ranges in one multi-range request (Apache's ``MaxRanges`` default).
MULTI_RANGES = 200
#: Longest ``Range`` header of a multi-range request (servers refuse header lines of 8 KiB).
RANGE_HEADER_BYTES = 6000
#: The first prediction of a stride or chunk walk is this many times larger where ranges go
#: many per request (a wrong guess costs bytes, not requests).
MULTI_FIRST = 8
#: Bytes of a gap worth fetching rather than asking for one more range in a multi-range
#: request (about a part's headers in the answer).
RANGE_COST = 128
#: Bytes a multipart answer may hold beyond its ranges' own, per part (its headers).
PART_OVERHEAD = 512
#: Seconds to connect and between two bytes of an answer.
TIMEOUT = 20.0

_PATTERNS = 256  # access patterns remembered (read sizes, chunk offsets)
_WALK_START = 32  # the first prediction of a walk over indexed chunks (exact addresses)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_INSTALL = "pip install 'usid_widgets[remote]'"
# the remote files h5py has open, by the name h5py gives them (their URL)
_OPEN: dict[str, weakref.WeakSet] = {}


class RemoteError(OSError):
    """A remote read or open that failed; the message names the URL and what happened."""


def is_url(source: Any) -> bool:
    """Whether ``source`` is a URL (``https://...``, ``s3://...``), not a local path."""
    return isinstance(source, str) and bool(_URL.match(source)) and not source.startswith("file:")


def is_fsspec_file(source: Any) -> bool:
    """Whether ``source`` is a file opened by fsspec (it knows its filesystem and path)."""
    return all(hasattr(source, a) for a in ("fs", "path", "read", "seek")) and not isinstance(
        source, (str, h5py.HLObject)
    )


def _fsspec():
    try:
        import fsspec
    except ImportError:  # pragma: no cover - the extra is missing
        raise ImportError(f"reading remote files needs fsspec: {_INSTALL}") from None
    return fsspec


def filesystem(url: str, storage_options: dict | None = None, timeout: float = TIMEOUT):
    """The fsspec filesystem of ``url`` and the path in it, with timeouts on every request
    (the user's own ``storage_options`` win)."""
    fsspec = _fsspec()
    options = dict(storage_options or {})
    protocol = url.split("://", 1)[0].lower()
    try:
        if protocol in ("http", "https"):
            import aiohttp

            options.setdefault("get_client", _http_client)
            client = dict(options.get("client_kwargs") or {})
            client.setdefault(
                "timeout",
                aiohttp.ClientTimeout(total=None, sock_connect=timeout, sock_read=timeout),
            )
            options["client_kwargs"] = client
        elif protocol in ("s3", "s3a"):
            config = dict(options.get("config_kwargs") or {})
            config.setdefault("connect_timeout", timeout)
            config.setdefault("read_timeout", timeout)
            config.setdefault("retries", {"max_attempts": 2})
            options["config_kwargs"] = config
        return fsspec.core.url_to_fs(url, **options)
    except ImportError as exc:
        raise ImportError(
            f"reading {protocol}:// URLs needs {exc.name or 'a package'}: {_INSTALL}"
        ) from None


async def _http_client(**kwargs: Any):
    """fsspec's HTTP session with room for :data:`CONNECTIONS` requests at once (aiohttp's
    default is 100): a map across thousands of chunks is that many ranges."""
    import aiohttp

    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONNECTIONS), **kwargs)


def describe(exc: BaseException, timeout: float = TIMEOUT) -> str:
    """What went wrong, in plain words, from an exception of aiohttp, botocore or fsspec
    (matched by class name: neither is imported here)."""
    cause = exc.__cause__ or exc.__context__
    if isinstance(exc, FileNotFoundError) and isinstance(cause, Exception):
        exc = cause  # fsspec's HTTP "not found" stands for any failure: say the real one
    names = {c.__name__ for c in type(exc).__mro__}
    status = getattr(exc, "status", None)
    text = str(exc)
    if isinstance(exc, FileNotFoundError) or status == 404 or "404" in text[:40]:
        return "not found (404)"
    if isinstance(exc, PermissionError) or status in (401, 403) or "AccessDenied" in text:
        return f"access denied ({status or 403})"
    if names & {
        "ServerTimeoutError",
        "TimeoutError",
        "FSTimeoutError",
        "ConnectTimeoutError",
        "ReadTimeoutError",
        "ConnectTimeout",
        "ReadTimeout",
    }:
        return f"no answer within {timeout:g} s"
    if names & {
        "ClientConnectorError",
        "EndpointConnectionError",
        "ConnectionRefusedError",
        "ClientConnectorDNSError",
        "gaierror",
    }:
        return f"cannot connect to the host ({text})"
    if names & {
        "ClientPayloadError",
        "ServerDisconnectedError",
        "IncompleteReadError",
        "ResponseStreamingError",
        "ConnectionResetError",
        "ClientOSError",
        "ProtocolError",
        "ContentLengthError",
    }:
        return "the connection was dropped mid-read"
    if status is not None:
        return f"the server answered {status} ({text})"
    return f"{type(exc).__name__}: {text}"


class RemoteFile(io.RawIOBase):
    """A read-only, seekable file object over ``fs``/``path`` with the caches of the module
    notes; h5py reads it (``h5py.File(RemoteFile(...), "r")``). Picklable: a dask worker
    unpickles its own (empty) cache over the same URL."""

    def __init__(
        self,
        fs: Any,
        path: str,
        url: str | None = None,
        size: int | None = None,
        *,
        block_size: int = BLOCK_SIZE,
        cache_bytes: int = CACHE_BYTES,
        timeout: float = TIMEOUT,
    ):
        super().__init__()
        self.fs, self.path = fs, path
        self.url = url or _unstrip(fs, path)
        self.block_size = int(block_size)
        self.cache_bytes = int(cache_bytes)
        self.timeout = float(timeout)
        self._lock = threading.RLock()
        self._pos = 0
        #: the last read's failure in plain words (None once a read succeeds)
        self.failure: str | None = None
        #: requests made, bytes received, and rounds: fetches one after the other (each a
        #: round trip; the requests of one round go at once)
        self.requests = 0
        self.received = 0
        self.rounds = 0
        self._blocks: OrderedDict[int, bytes] = OrderedDict()
        self._pieces: dict[int, bytes] = {}  # exact ranges fetched for a stride, by start
        self._starts: list[int] = []  # sorted starts of _pieces
        self._piece_order: OrderedDict[int, None] = OrderedDict()
        self._bytes = 0
        self._last_miss_block = -2
        self._ahead_blocks = 0
        self._strides: dict[int, tuple[int, int, int]] = {}  # size -> (last, stride, run)
        self._stride_ahead: dict[Any, tuple[int, int]] = {}  # key -> (count, first start)
        self._chunks: list[_ChunkIndex] = []  # chunk addresses of indexed datasets
        #: whether the server answers multi-range requests (None: not asked yet; False for
        #: every protocol but HTTP)
        self.multirange: bool | None = None if _is_http(fs) else False
        #: whether an HTTP server has answered a single range with that range: until it has,
        #: a request checks the status before reading the body, so a server that sends the
        #: whole file is refused at once, not after the whole file has travelled
        self.ranges_checked = not _is_http(fs)
        self.size = int(size) if size is not None else self._size()

    def __reduce__(self):
        return (
            _rebuild,
            (
                self.fs,
                self.path,
                self.url,
                self.size,
                self.block_size,
                self.cache_bytes,
                self.timeout,
            ),
        )

    def __repr__(self) -> str:
        # h5py names a file object's file by its repr: the URL, as the title shows it
        return self.url

    def _size(self) -> int:
        try:
            info = self.fs.info(self.path)
        except Exception as exc:
            raise RemoteError(f"{self.url}: {describe(exc, self.timeout)}") from exc
        size = info.get("size")
        if size is None:
            raise RemoteError(
                f"{self.url}: the server does not tell the file's size, which reading parts "
                "of an HDF5 file needs"
            )
        return int(size)

    # -- file object ----------------------------------------------------------------------
    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            self._pos = int(offset)
        elif whence == io.SEEK_CUR:
            self._pos += int(offset)
        else:
            self._pos = self.size + int(offset)
        return self._pos

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        n = min(len(view), max(0, self.size - self._pos))
        if n <= 0:
            return 0
        view[:n] = self.read_at(self._pos, n)
        self._pos += n
        return n

    def read(self, size: int = -1) -> bytes:
        n = self.size - self._pos if size is None or size < 0 else size
        n = min(n, max(0, self.size - self._pos))
        data = self.read_at(self._pos, n) if n > 0 else b""
        self._pos += len(data)
        return data

    # -- the caches -----------------------------------------------------------------------
    def read_at(self, start: int, n: int) -> bytes:
        """``n`` bytes at ``start``, from the caches or fetched (see the module notes)."""
        with self._lock:
            walk = self._chunk_walk(start, n)
            stride = 0 if walk else self._stride(start, n)
            data = self._from_pieces(start, n)
            if data is None and self._blocks_hold(start, n):
                data = self._from_blocks(start, n)
            if data is None:
                try:
                    if walk:
                        self._fetch_ranges(self._walk_ranges(n, *walk))
                        data = self._from_pieces(start, n)
                    elif stride:
                        self._fetch_stride(start, n, stride)
                        data = self._from_pieces(start, n)
                    if data is None:
                        data = self._from_blocks(start, n)
                except RemoteError as exc:
                    self.failure = str(exc)
                    raise
            if data[:4] == b"TREE":  # a node of a chunk index: the nodes below it at once
                self._fetch_subtree(data)
            self.failure = None
            return data

    def _fetch_subtree(self, node: bytes) -> None:
        """Fetch the nodes below an internal node of a chunk index, one round per level
        (:func:`btree_children`), within an eighth of the cache."""
        level, budget = btree_children(node, self.size), self.cache_bytes // 8
        while level and budget > 0:
            try:
                self._fetch_missing(level)
            except RemoteError as exc:
                self.failure = str(exc)
                raise
            budget -= sum(e - s for s, e in level)
            below = []
            for s, e in level:
                held = self._from_pieces(s, e - s)
                if held is None and self._blocks_hold(s, e - s):
                    held = self._from_blocks(s, e - s)
                below += btree_children(held or b"", self.size)
            level = below

    def _blocks_hold(self, start: int, n: int) -> bool:
        bs = self.block_size
        return all(b in self._blocks for b in range(start // bs, (start + n - 1) // bs + 1))

    def _stride(self, start: int, n: int) -> int:
        """The stride of the reads of ``n`` bytes if this read continues one (0 if not)."""
        last, stride, run = self._strides.get(n, (None, 0, 0))
        step = start - last if last is not None else 0
        run = run + 1 if step == stride and step > n else 0
        self._strides[n] = (start, step, run)
        self._trim()
        return step if run >= 1 else 0

    def _trim(self) -> None:
        """Keep the access-pattern tables small (a key per read size and chunk offset)."""
        for table in (self._strides, self._stride_ahead):
            while len(table) > _PATTERNS:
                table.pop(next(iter(table)))

    def add_chunks(self, index: _ChunkIndex) -> None:
        """Know the chunks of a dataset (:func:`index_chunks`): reads inside its chunks are
        predicted chunk by chunk, whatever HDF5 stored between them."""
        with self._lock:
            self._chunks = [c for c in self._chunks if c.name != index.name] + [index]

    def chunk_indexes(self) -> list[_ChunkIndex]:
        """The chunk indexes of this file's indexed datasets (:func:`index_chunks`)."""
        with self._lock:
            return list(self._chunks)

    def fetch_missing(self, ranges: list[tuple[int, int]]) -> int:
        """Fetch those of ``ranges`` the cache does not hold, at once, into the cache (near
        ranges share a request); the number of ranges asked for."""
        with self._lock:
            try:
                return self._fetch_missing(ranges)
            except RemoteError as exc:
                self.failure = str(exc)
                raise

    def _fetch_missing(self, ranges: list[tuple[int, int]]) -> int:
        wanted = [
            (s, e)
            for s, e in ranges
            if self._from_pieces(s, e - s) is None and not self._blocks_hold(s, e - s)
        ]
        self._fetch_ranges(wanted)
        return len(wanted)

    def _chunk_walk(self, start: int, n: int) -> tuple | None:
        """(index, chunk, step, offset, key) if this read continues a walk over the chunks
        of an indexed dataset (the same bytes of every ``step``-th chunk), else None."""
        for index in self._chunks:
            k = index.chunk_of(start, n)
            if k is None:
                continue
            offset = start - int(index.addresses[k])
            key = (index.name, n, offset)
            last, step, run = self._strides.get(key, (None, 0, 0))
            d = k - last if last is not None else 0
            run = run + 1 if d == step and d != 0 else 0
            self._strides[key] = (k, d, run)
            self._trim()
            return (index, k, d, offset, key) if run >= 1 else None
        return None

    def _walk_ranges(self, n: int, index: _ChunkIndex, k: int, d: int, offset: int, key) -> list:
        """The ranges of the next reads of a chunk walk not held yet (chunk ``k`` first)."""
        count = self._ahead_count(key, k, d, _WALK_START)
        ks = k + d * np.arange(count)
        ks = ks[(ks >= 0) & (ks < len(index.addresses))]
        starts = index.addresses[ks] + offset
        return [(int(a), int(a) + n) for a in starts if self._from_pieces(int(a), n) is None]

    def _ahead_count(self, key: Any, position: int, step: int, first: int = 8) -> int:
        """Reads to predict: ``first``, then twice what the last prediction of ``key``
        served (a prediction broken early wastes at most what it served)."""
        if self.multirange is not False:  # many ranges per request: a first guess is cheap
            first *= MULTI_FIRST
        last_count, last_pos = self._stride_ahead.get(key, (0, position))
        served = (position - last_pos) // step if step else 0
        used = min(last_count, served) if served > 0 else 0
        count = first if used <= 0 else 2 * used
        n = key[1] if isinstance(key, tuple) else key
        count = min(MAX_STRIDE_AHEAD, count, max(1, self.cache_bytes // 4 // max(n, 1)))
        self._stride_ahead[key] = (count, position)
        return count

    def _from_pieces(self, start: int, n: int) -> bytes | None:
        i = bisect.bisect_right(self._starts, start) - 1
        if i < 0:
            return None
        s = self._starts[i]
        piece = self._pieces[s]
        if start + n <= s + len(piece):
            self._piece_order.move_to_end(s)
            return piece[start - s : start - s + n]
        return None

    def _from_blocks(self, start: int, n: int) -> bytes:
        bs = self.block_size
        first, last = start // bs, (start + n - 1) // bs
        # the blocks of this read, held before storing new ones (which may evict them)
        got = {}
        for b in range(first, last + 1):
            if b in self._blocks:
                self._blocks.move_to_end(b)
                got[b] = self._blocks[b]
        missing = [b for b in range(first, last + 1) if b not in got]
        if missing:
            b0, b1 = missing[0], missing[-1]
            sequential = self._last_miss_block in (b0 - 1, b0 - 2)
            if sequential:
                self._ahead_blocks = min(
                    max(1, 2 * self._ahead_blocks), max(1, READAHEAD_BYTES // bs)
                )
            else:
                self._ahead_blocks = 0
            ahead = self._ahead_blocks
            if b0 == 0:  # the file's start: HDF5's metadata
                ahead = max(ahead, FIRST_BYTES // bs - 1 - b1)
            ahead = min(ahead, max(0, self.cache_bytes // 2 // bs - (b1 - b0 + 1)))
            end_block = min(b1 + ahead, (self.size - 1) // bs)
            while end_block > b1 and end_block in self._blocks:
                end_block -= 1
            lo = b0 * bs
            hi = min((end_block + 1) * bs, self.size)
            data = self.fetch([(lo, hi)])[0]
            for b in range(b0, end_block + 1):
                block = data[(b - b0) * bs : (b - b0 + 1) * bs]
                if first <= b <= last:
                    got.setdefault(b, block)
                if b not in self._blocks:
                    self._store_block(b, block)
            self._last_miss_block = end_block
        off = start - first * bs
        if first == last:
            return got[first][off : off + n]
        return b"".join(got[b] for b in range(first, last + 1))[off : off + n]

    def _fetch_stride(self, start: int, n: int, stride: int) -> None:
        count = self._ahead_count(n, start, stride)
        ranges = []
        for k in range(count):
            s = start + k * stride
            if s + n > self.size:
                break
            if self._from_pieces(s, n) is None:
                ranges.append((s, s + n))
        self._fetch_ranges(ranges)

    def _fetch_ranges(self, ranges: list[tuple[int, int]]) -> None:
        """Fetch ``ranges`` (sorted by start or not) at once into pieces. Near ranges are
        merged into one: at most ``MERGE_GAP`` apart where each range is a request of its
        own; where ranges go many per request (a range then costs a part's headers, not a
        request), only where the gap is at most ``RANGE_COST`` or the two ranges' length
        (the bytes fetched at most double)."""
        merged: list[tuple[int, int]] = []
        single = self.multirange is False
        for s, e in sorted(ranges):
            gap = s - merged[-1][1] if merged else MERGE_GAP + 1
            near = gap <= MERGE_GAP and (
                single or gap <= max(RANGE_COST, e - s + merged[-1][1] - merged[-1][0])
            )
            if near:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        if not merged:
            return
        for (s, _e), data in zip(merged, self.fetch(merged), strict=True):
            self._store_piece(s, data)

    def _store_block(self, b: int, data: bytes) -> None:
        self._blocks[b] = data
        self._bytes += len(data)
        self._evict()

    def _store_piece(self, s: int, data: bytes) -> None:
        old = self._pieces.get(s)
        if old is not None:
            self._bytes -= len(old)
        else:
            bisect.insort(self._starts, s)
        self._pieces[s] = data
        self._piece_order[s] = None
        self._piece_order.move_to_end(s)
        self._bytes += len(data)
        self._evict()

    def _evict(self) -> None:
        while self._bytes > self.cache_bytes and (self._blocks or self._pieces):
            if self._pieces and (not self._blocks or len(self._pieces) >= len(self._blocks)):
                s, _ = self._piece_order.popitem(last=False)
                self._bytes -= len(self._pieces.pop(s))
                del self._starts[bisect.bisect_left(self._starts, s)]
            else:
                _, data = self._blocks.popitem(last=False)
                self._bytes -= len(data)

    @property
    def held(self) -> int:
        """Bytes the cache holds now (at most ``cache_bytes``)."""
        return self._bytes

    def clear(self) -> None:
        """Forget every cached byte."""
        with self._lock:
            self._blocks.clear()
            self._pieces.clear()
            self._starts.clear()
            self._piece_order.clear()
            self._bytes = 0

    # -- requests -------------------------------------------------------------------------
    def fetch(self, ranges: list[tuple[int, int]]) -> list[bytes]:
        """The bytes of each ``(start, end)``: as multi-range requests where the server
        answers them, else one request each, all at once. Nothing is cached."""
        with self._lock:
            return self._fetch_any(ranges)

    def _fetch_any(self, ranges: list[tuple[int, int]]) -> list[bytes]:
        if len(ranges) > 1 and self.multirange is not False:
            try:
                got = self._fetch_multi(ranges)
            except RemoteError:
                raise
            except Exception as exc:
                raise self._error(exc, ranges) from exc
            missing = [r for r in ranges if r not in got]
            if missing:
                for r, data in zip(missing, self._fetch_single(missing), strict=True):
                    got[r] = data
            return [got[r] for r in ranges]
        return self._fetch_single(ranges)

    def _fetch_multi(self, ranges: list[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
        """The ranges the server answered, by range, from multi-range requests sent at
        once (see the module notes); ``multirange`` is set from the answers."""
        from fsspec.asyn import sync

        batches = range_batches(sorted(set(ranges)))
        self.requests += len(batches)
        self.rounds += 1
        answers = sync(self.fs.loop, _gather, [self._get_ranges(b) for b in batches], timeout=None)
        got: dict[tuple[int, int], bytes] = {}
        for batch, (supported, parts) in zip(batches, answers, strict=True):
            self.multirange = bool(supported) if self.multirange is None else self.multirange
            if not supported:
                self.multirange = False
            for r, data in cut_parts(batch, parts).items():
                got[r] = data
        return got

    async def _get_ranges(self, batch: list[tuple[int, int]]) -> tuple[bool, list]:
        """One multi-range GET of ``batch``: (whether the server answered it as one,
        the ``(start, bytes)`` parts received). A whole-file answer is not read."""
        fs = self.fs
        kw = dict(fs.kwargs)
        headers = dict(kw.pop("headers", None) or {})
        headers["Range"] = range_header(batch)
        session = await fs.set_session()
        wanted = sum(e - s for s, e in batch)
        async with session.get(fs.encode_url(self.path), headers=headers, **kw) as r:
            if r.status == 200:  # the whole file: never read it
                r.close()
                return False, []
            if r.status == 404:
                raise FileNotFoundError(self.url)
            r.raise_for_status()  # 403, 5xx: said by describe()
            if r.status != 206:
                r.close()
                raise RemoteError(f"{self.url}: the server answered {r.status} to a range request")
            ctype = r.headers.get("Content-Type", "")
            boundary = multipart_boundary(ctype)
            if boundary is None:  # one range: the first, or all of them merged
                first = parse_content_range(r.headers.get("Content-Range", ""))
                if first is None or first[1] - first[0] > wanted + PART_OVERHEAD:
                    r.close()
                    return False, []
                body = await _read_capped(r, first[1] - first[0], self.url)
                self.received += len(body)
                covered = first[0] <= batch[0][0] and batch[-1][1] <= first[1]
                return covered, [(first[0], body)]
            cap = wanted + PART_OVERHEAD * (len(batch) + 1)
            body = await _read_capped(r, cap, self.url)
            self.received += len(body)
            try:
                return True, parse_multipart(body, boundary)
            except ValueError as exc:
                raise RemoteError(f"{self.url}: a malformed multi-range answer ({exc})") from None

    def _fetch_single(self, ranges: list[tuple[int, int]]) -> list[bytes]:
        """The bytes of each ``(start, end)``: one request each, all at once."""
        if not self.ranges_checked:
            first = self._fetch_checked(*ranges[0])
            return [first] + (self._fetch_single(ranges[1:]) if len(ranges) > 1 else [])
        self.requests += len(ranges)
        self.rounds += 1
        try:
            if len(ranges) == 1:
                ((s, e),) = ranges
                out = [self.fs.cat_file(self.path, start=s, end=e)]
            else:
                n = len(ranges)
                out = self.fs.cat_ranges(
                    [self.path] * n,
                    [r[0] for r in ranges],
                    [r[1] for r in ranges],
                    on_error="return",
                )
        except Exception as exc:
            raise self._error(exc, ranges) from exc
        for (s, e), data in zip(ranges, out, strict=True):
            if isinstance(data, BaseException):
                raise self._error(data, ranges) from data
            if len(data) != e - s:
                if len(data) > e - s:
                    raise RemoteError(
                        f"{self.url}: the server ignores range requests (it sent {len(data)} "
                        f"bytes for {e - s}), which reading parts of an HDF5 file needs"
                    )
                raise RemoteError(
                    f"the connection was dropped mid-read: {self.url}, got {len(data)} of "
                    f"{e - s} bytes at {s}"
                )
            self.received += len(data)
        return out

    def _fetch_checked(self, s: int, e: int) -> bytes:
        """The bytes ``s:e`` of an HTTP file, from a request whose status is read before its
        body: a whole-file answer (200) is closed unread and refused."""
        from fsspec.asyn import sync

        self.requests += 1
        self.rounds += 1
        try:
            data = sync(self.fs.loop, self._get_checked, s, e, timeout=None)
        except RemoteError:
            raise
        except Exception as exc:
            raise self._error(exc, [(s, e)]) from exc
        if len(data) != e - s:
            raise RemoteError(
                f"the connection was dropped mid-read: {self.url}, got {len(data)} of "
                f"{e - s} bytes at {s}"
            )
        self.received += len(data)
        self.ranges_checked = True
        return data

    async def _get_checked(self, s: int, e: int) -> bytes:
        fs = self.fs
        kw = dict(fs.kwargs)
        headers = dict(kw.pop("headers", None) or {})
        headers["Range"] = f"bytes={s}-{e - 1}"
        session = await fs.set_session()
        async with session.get(fs.encode_url(self.path), headers=headers, **kw) as r:
            if r.status == 200 and e - s < self.size:
                r.close()  # the whole file: never read it
                raise RemoteError(
                    f"{self.url}: the server ignores range requests (it answered a request "
                    f"for {e - s} bytes with the whole file), which reading parts of an HDF5 "
                    "file needs"
                )
            if r.status == 404:
                raise FileNotFoundError(self.url)
            r.raise_for_status()  # 403, 5xx: said by describe()
            return await _read_capped(r, e - s, self.url)

    def _error(self, exc: BaseException, ranges: list[tuple[int, int]]) -> RemoteError:
        s, e = ranges[0][0], ranges[-1][1]
        where = f"bytes {s}-{e - 1}" if len(ranges) == 1 else f"{len(ranges)} ranges {s}-{e - 1}"
        # what happened first: a status line shows the start of it
        return RemoteError(f"{describe(exc, self.timeout)}: {self.url}, reading {where}")


def btree_children(node: bytes, size: int) -> list[tuple[int, int]]:
    """The ranges of the child nodes of an internal node of HDF5's version 1 B-tree of
    chunks (``node``: its bytes, as HDF5 reads it whole; the children are nodes of the same
    size), or [] for a leaf, another tree or bytes that do not parse. HDF5 walks a chunk
    index node by node, each read a round trip; fetching a node's children at once makes
    the walk one round per level (the layout is that of the HDF5 file format
    specification, "Version 1 B-trees": signature, type, level, entries, two siblings,
    then keys and child addresses in turn; a chunk key is 8 bytes and 8 per dimension
    plus one)."""
    n = len(node)
    if n < 24 or node[:4] != b"TREE" or node[4] != 1 or node[5] == 0:
        return []
    entries = int.from_bytes(node[6:8], "little")
    for rank in range(1, 33):  # the dataset's rank: the one whose node size fits
        key = 8 + 8 * (rank + 1)
        k2, rest = divmod(n - 24 - key, key + 8)  # 2K entries of a key and an address
        if rest or k2 < entries or entries == 0:
            continue
        at = 24 + key
        children = []
        for _ in range(entries):
            address = int.from_bytes(node[at : at + 8], "little")
            if not 0 < address <= size - n:
                break
            children.append((address, address + n))
            at += 8 + key
        else:
            return children
    return []


def _is_http(fs: Any) -> bool:
    protocol = getattr(fs, "protocol", ())
    protocols = {protocol} if isinstance(protocol, str) else set(protocol)
    return bool(protocols & {"http", "https"}) and hasattr(fs, "set_session")


async def _gather(coros: list) -> list:
    import asyncio

    return await asyncio.gather(*coros)


async def _read_capped(response: Any, cap: int, url: str) -> bytes:
    """The body of ``response``, refused (its connection closed) past ``cap`` bytes."""
    length = response.headers.get("Content-Length")
    if length is not None and int(length) > cap:
        response.close()
        raise RemoteError(
            f"{url}: the server answered a range request with {int(length)} bytes for at most {cap}"
        )
    out = bytearray()
    async for piece in response.content.iter_chunked(2**16):
        out += piece
        if len(out) > cap:
            response.close()
            raise RemoteError(
                f"{url}: the server answered a range request with more than {cap} bytes"
            )
    return bytes(out)


def range_batches(ranges: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """``ranges`` (sorted ``(start, end)``) cut into the batches of multi-range requests:
    at most :data:`MULTI_RANGES` ranges and :data:`RANGE_HEADER_BYTES` header characters."""
    batches: list[list[tuple[int, int]]] = []
    size = 0
    for s, e in ranges:
        text = len(f"{s}-{e - 1},")
        if not batches or len(batches[-1]) >= MULTI_RANGES or size + text > RANGE_HEADER_BYTES:
            batches.append([])
            size = len("bytes=")
        batches[-1].append((s, e))
        size += text
    return batches


def range_header(ranges: list[tuple[int, int]]) -> str:
    """The ``Range`` header asking for ``(start, end)`` ranges (end exclusive)."""
    return "bytes=" + ",".join(f"{s}-{e - 1}" for s, e in ranges)


_BOUNDARY = re.compile(r'boundary\s*=\s*(?:"([^"]+)"|([^\s;,]+))', re.IGNORECASE)
_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(\d+)-(\d+)\s*/\s*(\d+|\*)\s*$", re.IGNORECASE)


def multipart_boundary(content_type: str) -> str | None:
    """The boundary of a ``multipart/byteranges`` Content-Type, None for another type."""
    if not content_type.lower().lstrip().startswith("multipart/byteranges"):
        return None
    m = _BOUNDARY.search(content_type)
    if m is None:
        raise RemoteError(f"a multipart answer without a boundary ({content_type!r})")
    return m.group(1) or m.group(2)


def parse_content_range(value: str) -> tuple[int, int] | None:
    """``(start, end)`` (end exclusive) of a ``Content-Range: bytes a-b/size``."""
    m = _CONTENT_RANGE.match(value or "")
    if m is None:
        return None
    return int(m.group(1)), int(m.group(2)) + 1


def parse_multipart(body: bytes, boundary: str) -> list[tuple[int, bytes]]:
    """The ``(start, bytes)`` parts of a ``multipart/byteranges`` body. Each part's length
    comes from its ``Content-Range``, so bytes equal to the boundary inside a part do not
    cut it. Raises ValueError on a malformed body."""
    delimiter = b"--" + boundary.encode("latin-1")
    parts: list[tuple[int, bytes]] = []
    pos = body.find(delimiter)
    if pos < 0:
        raise ValueError("no boundary in the body")
    while True:
        pos += len(delimiter)
        if body[pos : pos + 2] == b"--":  # the closing delimiter
            return parts
        head_end = body.find(b"\r\n\r\n", pos)
        if head_end < 0:
            raise ValueError("a part without the end of its headers")
        found = None
        for line in body[pos:head_end].split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-range":
                found = parse_content_range(value.decode("latin-1"))
        if found is None:
            raise ValueError("a part without a Content-Range")
        start = head_end + 4
        n = found[1] - found[0]
        if start + n > len(body):
            raise ValueError("a part shorter than its Content-Range")
        parts.append((found[0], body[start : start + n]))
        pos = body.find(delimiter, start + n)
        if pos < 0:
            raise ValueError("a body without its closing boundary")


def cut_parts(
    ranges: list[tuple[int, int]], parts: list[tuple[int, bytes]]
) -> dict[tuple[int, int], bytes]:
    """The bytes of each of ``ranges`` that one of ``parts`` holds (a server may send the
    parts in another order, or merge near ranges into one part)."""
    parts = sorted(parts, key=lambda p: p[0])
    starts = [p[0] for p in parts]
    out: dict[tuple[int, int], bytes] = {}
    for s, e in ranges:
        i = bisect.bisect_right(starts, s) - 1
        if i >= 0:
            ps, data = parts[i]
            if e <= ps + len(data):
                out[(s, e)] = data[s - ps : e - ps]
    return out


class _ChunkIndex:
    """Where the chunks of one dataset are: ``addresses`` (int64) in the order HDF5 reads
    them (chunk coordinates, row-major), their stored ``sizes``, and a search by address."""

    def __init__(
        self,
        name: str,
        addresses: np.ndarray,
        sizes: np.ndarray,
        chunks: tuple = (),
        grid: tuple = (),
        itemsize: int = 0,
    ):
        self.name = name
        self.addresses = addresses
        self.sizes = sizes
        #: the chunk shape, the number of chunks along each axis and the item size: set
        #: when every chunk is stored (then chunk ``(i, j)`` is ``addresses[i * grid[1] + j]``)
        self.chunks, self.grid, self.itemsize = tuple(chunks), tuple(grid), int(itemsize)
        #: every chunk stored unfiltered (a selection's bytes lie at known offsets)
        self.unfiltered = bool(itemsize) and bool(np.all(sizes == int(np.prod(chunks)) * itemsize))
        self._order = np.argsort(addresses, kind="stable")
        self._sorted = addresses[self._order]

    def chunk_of(self, start: int, n: int) -> int | None:
        """The chunk (its place in ``addresses``) holding bytes ``[start, start + n)``."""
        i = int(np.searchsorted(self._sorted, start, side="right")) - 1
        if i < 0:
            return None
        k = int(self._order[i])
        return k if start + n <= int(self.addresses[k]) + int(self.sizes[k]) else None


#: Ranges fetched at once by :func:`prefetch` (one round; the progress bar moves between).
PREFETCH_GROUP = 4096
#: Datasets of fewer chunks are not indexed (blocks and byte strides serve them).
MIN_INDEXED_CHUNKS = 64
#: Datasets of more chunks are not indexed (the index would cost its own seconds).
MAX_INDEXED_CHUNKS = 2**20


def index_chunks(dset: Any) -> bool:
    """Index the chunks of ``dset`` (an ``h5py.Dataset`` of a remote file) for its remote
    file (:meth:`RemoteFile.add_chunks`); False when there is nothing to index (a local
    file, contiguous or small datasets, an h5py without ``chunk_iter``). Reading the index
    reads HDF5's chunk index, which the first view across the chunks reads anyway."""
    raw = remote_of(dset.file) if isinstance(dset, h5py.Dataset) else None
    if raw is None or dset.chunks is None:
        return False
    n = int(np.prod([-(-s // c) for s, c in zip(dset.shape, dset.chunks, strict=True)]))
    if not MIN_INDEXED_CHUNKS <= n <= MAX_INDEXED_CHUNKS or not hasattr(dset.id, "chunk_iter"):
        return False
    found: list[tuple[tuple, int, int]] = []
    try:
        dset.id.chunk_iter(
            lambda info: found.append((info.chunk_offset, info.byte_offset, info.size))
        )
    except Exception:  # a read that failed: the views say it on their own read
        return False
    if not found:
        return False
    found.sort(key=lambda item: item[0])
    addresses = np.array([f[1] for f in found], dtype=np.int64)
    sizes = np.array([f[2] for f in found], dtype=np.int64)
    grid = tuple(-(-s // c) for s, c in zip(dset.shape, dset.chunks, strict=True))
    complete = len(found) == n and dset.ndim == 2
    raw.add_chunks(
        _ChunkIndex(
            dset.name,
            addresses,
            sizes,
            dset.chunks if complete else (),
            grid if complete else (),
            dset.dtype.itemsize if complete else 0,
        )
    )
    return True


def prefetch(dset: Any, rows: slice, cols: slice, progress: Any = None) -> int:
    """Fetch the bytes of ``dset[rows, cols]`` (an indexed 2-D dataset of a remote file,
    :func:`index_chunks`) into its remote file's cache at once, before h5py reads them
    chunk by chunk: the selection's run in each unfiltered chunk (whole chunks if
    filtered), :data:`PREFETCH_GROUP` ranges at a time, telling ``progress(fraction)``
    after each group. Returns the ranges fetched (0 for a local file, a dataset not
    indexed, or a selection larger than a quarter of the remote cache, which the chunk
    walk reads)."""
    raw = remote_of(dset.file) if isinstance(dset, h5py.Dataset) else None
    if raw is None:
        return 0
    index = next((c for c in raw.chunk_indexes() if c.name == dset.name), None)
    if index is None or not index.grid:
        return 0
    # HDF5 reads a chunk whole into its chunk cache when it fits there; else only the
    # selection's bytes of an unfiltered chunk
    cache = dset.id.get_access_plist().get_chunk_cache()[1]
    whole = cache >= int(np.prod(index.chunks)) * index.itemsize
    ranges = selection_ranges(index, rows, cols, dset.shape, whole)
    if ranges is None or sum(e - s for s, e in ranges) > raw.cache_bytes // 4:
        return 0
    done = 0
    for at in range(0, len(ranges), PREFETCH_GROUP):
        done += raw.fetch_missing(ranges[at : at + PREFETCH_GROUP])
        if progress is not None:
            progress(min(1.0, (at + PREFETCH_GROUP) / len(ranges)))
    return done


def selection_ranges(
    index: _ChunkIndex, rows: slice, cols: slice, shape: tuple, whole: bool = False
) -> list | None:
    """The byte ranges HDF5 reads for ``[rows, cols]`` of a 2-D chunked dataset
    (:class:`_ChunkIndex` with its grid): whole chunks if ``whole`` or filtered, else the
    selection's run in each chunk; None when its chunks are not all indexed."""
    if not index.grid:
        return None
    (cr, cc), gc = index.chunks, index.grid[1]
    r0, r1, _ = rows.indices(shape[0])
    c0, c1, _ = cols.indices(shape[1])
    if r1 <= r0 or c1 <= c0:
        return []
    item = index.itemsize
    out: list[tuple[int, int]] = []
    for i in range(r0 // cr, (r1 - 1) // cr + 1):
        rlo, rhi = max(r0, i * cr) - i * cr, min(r1, (i + 1) * cr) - i * cr
        for j in range(c0 // cc, (c1 - 1) // cc + 1):
            k = i * gc + j
            base = int(index.addresses[k])
            if whole or not index.unfiltered:  # HDF5 reads the whole chunk
                out.append((base, base + int(index.sizes[k])))
                continue
            clo, chi = max(c0, j * cc) - j * cc, min(c1, (j + 1) * cc) - j * cc
            first, last = rlo * cc + clo, (rhi - 1) * cc + chi
            needed = (rhi - rlo) * (chi - clo)
            if last - first <= 2 * needed + MERGE_GAP // item:  # one run, little waste
                out.append((base + first * item, base + last * item))
            else:
                out.extend(
                    (base + (r * cc + clo) * item, base + (r * cc + chi) * item)
                    for r in range(rlo, rhi)
                )
    return out


def _rebuild(fs, path, url, size, block_size, cache_bytes, timeout) -> RemoteFile:
    return RemoteFile(
        fs, path, url, size, block_size=block_size, cache_bytes=cache_bytes, timeout=timeout
    )


def _unstrip(fs: Any, path: str) -> str:
    try:
        return fs.unstrip_protocol(path)
    except Exception:
        return str(path)


def open_remote(
    url: str,
    storage_options: dict | None = None,
    *,
    block_size: int = BLOCK_SIZE,
    cache_bytes: int = CACHE_BYTES,
    timeout: float = TIMEOUT,
) -> h5py.File:
    """``url`` (``https://``, ``s3://``, any fsspec protocol) opened read-only as an
    ``h5py.File`` over a :class:`RemoteFile`. ``storage_options`` go to fsspec (for S3:
    ``key``, ``secret``, ``anon``, ``client_kwargs={"endpoint_url": ...}``)."""
    fs, path = filesystem(url, storage_options, timeout)
    raw = RemoteFile(fs, path, url, block_size=block_size, cache_bytes=cache_bytes, timeout=timeout)
    return open_h5(raw)


def open_fileobj(fileobj: Any, **kwargs: Any) -> h5py.File:
    """An fsspec file the user opened, read through a :class:`RemoteFile` over its
    filesystem and path (its own cache is not used: HDF5's reads want this one)."""
    raw = RemoteFile(fileobj.fs, fileobj.path, size=getattr(fileobj, "size", None), **kwargs)
    return open_h5(raw)


def open_h5(raw: RemoteFile) -> h5py.File:
    """``h5py.File(raw, "r")``, with a failure said in words naming the URL."""
    try:
        file = h5py.File(raw, "r")
        _OPEN.setdefault(repr(raw), weakref.WeakSet()).add(raw)
        return file
    except Exception as exc:
        if raw.failure:
            raise RemoteError(raw.failure) from exc
        head = raw.read_at(0, min(8, raw.size)) if raw.size else b""
        if head != b"\x89HDF\r\n\x1a\n":
            raise RemoteError(
                f"{raw.url} is not an HDF5 file (it does not start with HDF5's signature; "
                f"{raw.size} bytes)"
            ) from exc
        raise RemoteError(f"{raw.url}: HDF5 cannot open it: {exc}") from exc


def remote_of(file: Any) -> RemoteFile | None:
    """The :class:`RemoteFile` an open ``h5py.File`` reads (h5py names it by its URL), or
    None for a local file."""
    try:
        if file.driver != "fileobj":
            return None
        found = list(_OPEN.get(file.filename, ()))
    except Exception:
        return None
    failed = [raw for raw in found if raw.failure]
    return (failed or found or [None])[0]


def worker_source(filename: Any) -> Any:
    """What a dask worker opens for ``filename`` (an ``h5py.File``'s name): the
    :class:`RemoteFile` of an open remote file, picklable with its filesystem's options (a
    worker unpickles its own, with an empty cache), else ``filename`` itself."""
    for raw in _OPEN.get(filename, ()):
        return raw
    return filename


def remote_problem(file: Any) -> str | None:
    """The last failure of a remote file's reads in words naming the URL, or None."""
    raw = remote_of(file)
    return raw.failure if raw is not None else None
