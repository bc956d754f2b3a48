"""Remote files (issue 19): the explorer on HDF5 files served by a real HTTP server on
127.0.0.1 (tests/range_server.py: Range requests, a delay, counters, dropped connections)
and by moto's S3 server, against the same files opened locally. No client is mocked."""

from __future__ import annotations

import os
import pickle
import socket
import time
import warnings

import h5py
import numpy as np
import pytest

fsspec = pytest.importorskip("fsspec")
pytest.importorskip("aiohttp")

from range_server import RangeServer  # noqa: E402
from remote_checks import region_views_equal, same_views, step  # noqa: E402

from usid_widgets import datasets, explorer  # noqa: E402
from usid_widgets.reader.remote import RemoteError, RemoteFile, open_remote  # noqa: E402
from usid_widgets.writer import Dimension, write_main  # noqa: E402

NY, NX, NF = 32, 24, 4096  # the chunked spectral image: one spectrum (16 KiB) per chunk
DSET = "/Measurement_000/Channel_000/Raw_Data"


def chunked_cube(path) -> np.ndarray:
    """A spectral image written one spectrum per chunk (the 4D-STEM layout in small)."""
    rng = np.random.default_rng(3)
    data = rng.random((NY, NX, NF), dtype=np.float32)
    with h5py.File(path, "w") as f:
        g = f.create_group("Measurement_000/Channel_000")
        write_main(
            g,
            "Raw_Data",
            data,
            [Dimension("Y", "nm", np.arange(NY) * 0.5), Dimension("X", "nm", np.arange(NX) * 0.5)],
            [Dimension("Energy", "eV", np.linspace(1.0, 2.0, NF))],
            quantity="Intensity",
            units="counts",
            chunks=(1, NF),
        )
    return data


def nsid_file(path) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pyNSID
            import sidpy
    except Exception:
        return False
    data = np.random.default_rng(1).random((16, 12, 40)).astype("f4")
    ds = sidpy.Dataset.from_array(data, title="cube")
    ds.data_type, ds.quantity, ds.units = "SPECTRAL_IMAGE", "Intensity", "counts"
    for i, (name, kind, n) in enumerate((("x", "spatial", 16), ("y", "spatial", 12))):
        ds.set_dimension(
            i, sidpy.Dimension(np.arange(n) * 0.5, name, units="nm", dimension_type=kind)
        )
    ds.set_dimension(
        2, sidpy.Dimension(np.linspace(1, 2, 40), "E", units="eV", dimension_type="spectral")
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with h5py.File(path, "w") as f:
            pyNSID.hdf_io.write_nsid_dataset(ds, f.create_group("Measurement_000"), "cube")
    return True


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("remote")
    out = {
        "stem.h5": datasets.four_d_stem(folder / "stem.h5", scan=(20, 24), detector=16),
        "be.h5": datasets.band_excitation(folder / "be.h5", size=(24, 20), n_freq=48),
        "cube.h5": folder / "cube.h5",
        "notes.txt": folder / "notes.txt",
    }
    chunked_cube(out["cube.h5"])
    out["notes.txt"].write_text("not an HDF5 file\n" * 200)
    if nsid_file(folder / "nsid.h5"):
        out["nsid.h5"] = folder / "nsid.h5"
    return out


@pytest.fixture(scope="module")
def server(files):
    with RangeServer(files) as srv:
        yield srv


@pytest.fixture
def http(server):
    server.delay, server.status, server.ignore_ranges = 0.0, {}, False
    server.multirange = "multipart"
    server.drop(0)
    server.reset()
    return server



def forget(w) -> None:
    """Empty the block cache and the remote file's cache: the next view reads the server."""
    w.md.blocks.clear()
    for raw in _raws(w.file):
        raw.clear()



# -- views equal to the local file's ------------------------------------------------------------
@pytest.mark.parametrize("name", ["stem.h5", "be.h5", "cube.h5", "nsid.h5"])
def test_http_views_equal_local_while_scrubbing(http, files, name):
    if name not in files:
        pytest.skip("pyNSID / sidpy cannot write an NSID file here")
    local = explorer(str(files[name]))
    w = explorer(http.url(name))
    try:
        assert w.dataset == local.dataset and w.md.kind == local.md.kind
        assert http.url(name) in w.title_label.value  # the title names the URL
        same_views(w, local)
        dims = [d.name for d in w.md.dims]
        for k in range(1, 5):  # scrub every dimension a few steps, the map's dims too
            for dim in dims:
                size = next(d.size for d in w.md.dims if d.name == dim)
                step(w, **{dim: min(k, size - 1)})
                step(local, **{dim: min(k, size - 1)})
                same_views(w, local)
    finally:
        w.close()
        local.close()


def test_region_reduction_equals_local(http, files):
    region_views_equal(explorer(http.url("cube.h5")), explorer(str(files["cube.h5"])))


def test_fsspec_file_object(http, files):
    local = explorer(str(files["be.h5"]))
    with fsspec.open(http.url("be.h5"), "rb") as fobj:
        w = explorer(fobj)
        try:
            same_views(w, local)
            step(w, Frequency=7)
            step(local, Frequency=7)
            same_views(w, local)
        finally:
            w.close()
    local.close()


# -- bytes and round trips ----------------------------------------------------------------------
def test_bytes_per_view_bounded_by_the_view(http, files):
    """A map of the one-spectrum-per-chunk file reads a few bytes of each chunk, not the
    chunks (nor the whole file); a spectrum step reads about its chunk."""
    w = explorer(http.url("cube.h5"))
    try:
        data_bytes = NY * NX * NF * 4
        for energy in (100, 200):
            forget(w)
            http.reset()
            step(w, Energy=energy * 10)
            got = http.stats()
            # the map window the block cache keeps is 64 values of each spectrum (192 KiB);
            # HDF5 reads its chunk index too (scattered between the chunks)
            assert got["bytes"] < data_bytes / 4, got
            # one range per chunk at most: the chunk index predicts every read (no waste)
            assert got["gets"] <= NY * NX + 8, got
        forget(w)
        http.reset()
        step(w, Y=NY - 1, X=NX - 1)
        got = http.stats()
        assert 0 < got["bytes"] <= NF * 4 * 8 + 2**20, got  # its chunk and read-ahead
    finally:
        w.close()


def test_remote_cache_bounded_by_cache_bytes(http, files):
    """The explorer's ``cache_bytes`` bounds the remote file's cache too: after map jumps
    and spectra over the whole file it holds at most that, and the views are right."""
    local = explorer(str(files["cube.h5"]))
    w = explorer(http.url("cube.h5"), cache_bytes=2**20)
    try:
        raw = next(_raws(w.file))
        assert raw.cache_bytes == 2**20
        for k in range(8):
            for x in (w, local):
                step(x, Energy=500 * k + 7, Y=(5 * k) % NY, X=(7 * k) % NX)
            same_views(w, local)
            assert 0 < raw.held <= 2**20, raw.held
    finally:
        w.close()
        local.close()


@pytest.mark.parametrize("mode", ["multipart", "first", "whole"])
def test_map_across_chunks_is_fetched_concurrently(http, files, mode):
    """768 chunks at 40 ms each would take 30 s one after the other. A server answering
    multi-range requests gets a few requests of many ranges; one that answers them with a
    single range or with the whole file gets concurrent single ranges after its first
    answer, and the whole file is never read."""
    http.multirange = mode
    w = explorer(http.url("cube.h5"))
    try:
        raw = next(_raws(w.file))
        forget(w)
        http.delay = 0.04
        http.reset()
        received, rounds = raw.received, raw.rounds
        t = time.perf_counter()
        step(w, Energy=1500)
        took = time.perf_counter() - t
        got = http.stats()
        with h5py.File(files["cube.h5"]) as f:
            np.testing.assert_array_equal(w.image.ravel(), f[DSET][:, 1500])
        assert raw.received - received < NY * NX * NF  # a quarter of the file at most
        if mode == "multipart":
            assert raw.multirange is True
            # 768 ranges (the map's bytes of each chunk) in 4 requests, at once
            assert raw.rounds - rounds == 1 and got["gets"] == 4, got
            assert took < 0.5 * got["gets"] * http.delay + 1.0, (took, got)
        else:
            assert raw.multirange is False
            assert got["multi"] <= 1  # learnt at the first view, then not asked again
            assert got["gets"] - got["multi"] >= 20  # the map's ranges really went
            assert took < 0.2 * got["gets"] * http.delay, (took, got)
    finally:
        http.delay = 0.0
        w.close()


@pytest.mark.parametrize("mode", ["multipart", "first", "whole"])
def test_multi_range_fetches_equal_the_file_bytes(http, files, mode):
    """Random sets of ranges (overlapping, adjacent, repeated, at the file's end, more than
    one request holds), fetched as multi-range requests or, where the server does not
    answer them, as single ranges, equal the file's bytes."""
    http.multirange = mode
    data = files["cube.h5"].read_bytes()
    fs, path = fsspec.core.url_to_fs(http.url("cube.h5"))
    raw = RemoteFile(fs, path)
    rng = np.random.default_rng(19)
    for trial in range(25):
        n = int(rng.choice([2, 3, 17, 250, 700]))
        starts = rng.integers(0, len(data) - 1, n)
        if trial % 5 == 0:
            starts[-1] = len(data) - 3  # the last bytes
        lengths = rng.choice([1, 4, 300, 70_000], n)
        ranges = [
            (int(s), int(min(len(data), s + k))) for s, k in zip(starts, lengths, strict=True)
        ]
        if trial % 4 == 0:
            ranges += ranges[:3] + [(ranges[0][1], ranges[0][1] + 1)]  # repeated, adjacent
        received = raw.received
        got = raw.fetch(ranges)
        assert got == [data[s:e] for s, e in ranges]
        assert raw.received - received <= sum(e - s for s, e in ranges) + 512 * (len(ranges) + 1)
        assert raw.multirange is (mode == "multipart")


@pytest.mark.parametrize(("compression", "chunk_cache"), [(None, 0), (None, 2**20), ("gzip", 0)])
def test_prefetch_holds_every_byte_h5py_reads(http, tmp_path, compression, chunk_cache):
    """A selection prefetched from the chunk index (its run in each unfiltered chunk when
    HDF5's chunk cache cannot hold a chunk, else whole chunks) is then read by h5py
    without another request, and equals the file."""
    from usid_widgets.reader.remote import index_chunks, prefetch

    path = tmp_path / f"tiles-{compression}.h5"
    data = np.random.default_rng(7).random((512, 1030), dtype=np.float32)  # 2 MiB
    with h5py.File(path, "w") as f:
        f.create_dataset("d", data=data, chunks=(32, 64), compression=compression)
    http.files["/tiles.h5"] = path
    try:
        f = open_remote(http.url("tiles.h5"))
        dapl = h5py.h5p.create(h5py.h5p.DATASET_ACCESS)
        dapl.set_chunk_cache(521, chunk_cache, 0.75)
        d = h5py.Dataset(h5py.h5d.open(f.id, b"d", dapl))
        assert d.id.get_access_plist().get_chunk_cache()[1] == chunk_cache
        assert index_chunks(d)
        d[0, 0]  # HDF5's chunk index read once, as the explorer's first view does
        fetched = 0
        for rows, cols in [
            (slice(0, 512), slice(37, 38)),  # a map: one column across every tile row
            (slice(300, 301), slice(0, 1030)),  # a spectrum: one row across the tiles
            (slice(45, 290), slice(101, 700)),  # a region
            (slice(500, 512), slice(1000, 1030)),  # the edge tiles
        ]:
            fetched += prefetch(d, rows, cols)  # 0 if earlier fetches hold it all
            http.reset()
            np.testing.assert_array_equal(d[rows, cols], data[rows, cols])
            assert http.stats()["gets"] == 0, (rows, cols, http.log)
        assert fetched > 0
        f.close()
    finally:
        del http.files["/tiles.h5"]


def test_open_and_first_view_in_few_rounds(http, files):
    """The open + first view of the one-spectrum-per-chunk file: the file's first MiB, the
    chunk index one level per round (each node's children fetched at once), the map's
    bytes of all 768 chunks in one round: a handful of rounds, not one per chunk."""
    w = explorer(http.url("cube.h5"))
    try:
        raw = next(_raws(w.file))
        assert raw.rounds <= 8, raw.rounds
        assert http.stats()["gets"] <= 16, http.stats()
    finally:
        w.close()


def test_btree_children():
    """The child addresses of an internal node of a version 1 chunk B-tree (rank 2: keys
    of 32 bytes, K = 2 here), nothing for a leaf, a group's tree or a broken node."""
    from usid_widgets.reader.remote import btree_children

    key = bytes(32)
    node = b"TREE" + bytes([1, 1]) + (2).to_bytes(2, "little") + bytes(16)
    node += key + (5000).to_bytes(8, "little") + key + (9000).to_bytes(8, "little")
    node += key + bytes(8) + key + bytes(8) + key  # 2K = 4 entries, 2 used
    size = len(node)
    assert btree_children(node, 10**6) == [(5000, 5000 + size), (9000, 9000 + size)]
    assert btree_children(node[:5] + b"\x00" + node[6:], 10**6) == []  # a leaf
    assert btree_children(node[:4] + b"\x00" + node[5:], 10**6) == []  # a group's tree
    assert btree_children(node, 9000) == []  # a child beyond the file's end
    assert btree_children(node[:-3], 10**6) == []  # no rank fits its size


@pytest.mark.parametrize("mode", ["multipart", "first"])
def test_near_ranges_merged_without_inflating_bytes(http, files, mode):
    """Ranges of 4 bytes 512 bytes apart: with multi-range requests each stays a range of
    its own (merging would fetch 128x the bytes); with single-range requests they are
    merged (a request costs more than 4 KiB); close ranges merge either way."""
    http.multirange = mode
    data = files["cube.h5"].read_bytes()
    fs, path = fsspec.core.url_to_fs(http.url("cube.h5"))
    raw = RemoteFile(fs, path)
    raw.fetch([(0, 4), (4096, 4100)])  # learn whether the server answers multi-range
    sparse = [(2**20 + 512 * k, 2**20 + 512 * k + 4) for k in range(64)]
    close = [(2**21 + 40 * k, 2**21 + 40 * k + 4) for k in range(64)]
    http.reset()
    assert raw.fetch_missing(sparse + close) == 128
    got = http.stats()
    if mode == "multipart":
        # 64 sparse ranges and one merged run of the close ones, in one request
        assert got["gets"] == 1 and got["bytes"] < 64 * 4 + 64 * 40 + 65 * 120, got
    else:
        assert got["gets"] == 2 and got["bytes"] == 64 * 512 - 508 + 63 * 40 + 4, got
    for s, e in sparse + close:
        assert raw.read_at(s, e - s) == data[s:e]
    assert http.stats()["gets"] == got["gets"]  # all held


def test_multipart_parsing():
    """The parts come from their Content-Range: a part holding the boundary is not cut;
    parts in any order and a merged part answer the ranges inside them; malformed bodies
    and a missing boundary are errors."""
    from usid_widgets.reader.remote import (
        cut_parts,
        multipart_boundary,
        parse_multipart,
        range_batches,
        range_header,
    )

    b = "XyZ"
    body = (
        b"\r\n--XyZ\r\ncontent-type: x\r\ncontent-range: bytes 10-20/100\r\n\r\n"
        + b"ab--XyZ\r\ncd"
        + b"\r\n--XyZ\r\nContent-Range: bytes 0-3/100\r\n\r\n0123\r\n--XyZ--\r\n"
    )
    parts = parse_multipart(body, b)
    assert parts == [(10, b"ab--XyZ\r\ncd"), (0, b"0123")]
    assert cut_parts([(0, 2), (12, 15), (19, 20), (18, 25)], parts) == {
        (0, 2): b"01",
        (12, 15): b"--X",
        (19, 20): b"c",
    }
    assert multipart_boundary('multipart/byteranges; boundary="a b"') == "a b"
    assert multipart_boundary("Multipart/ByteRanges;boundary=q1") == "q1"
    assert multipart_boundary("application/octet-stream") is None
    with pytest.raises(RemoteError, match="without a boundary"):
        multipart_boundary("multipart/byteranges")
    for broken in (body[:-12], body.replace(b"content-range", b"content-x"), b"junk"):
        with pytest.raises(ValueError):
            parse_multipart(broken, b)
    ranges = [(k * 10**9, k * 10**9 + 5) for k in range(1000)]
    batches = range_batches(ranges)
    assert sum(batches, []) == ranges
    assert all(len(x) <= 200 and len(range_header(x)) <= 6000 for x in batches)
    assert len(range_header(batches[-2])) > 4000  # long offsets: the header limit cuts


def test_remote_file_pickles_for_workers(http, files):
    f = open_remote(http.url("cube.h5"))
    try:
        raw = pickle.loads(pickle.dumps(next(iter(_raws(f)))))
        with h5py.File(raw, "r") as g, h5py.File(files["cube.h5"]) as loc:
            np.testing.assert_array_equal(g[DSET][5], loc[DSET][5])
    finally:
        f.close()


def _raws(f):
    from usid_widgets.reader.remote import remote_of

    raw = remote_of(f)
    assert isinstance(raw, RemoteFile)
    yield raw


# -- errors -------------------------------------------------------------------------------------
def test_dropped_connection_is_said_then_recovered(http, files):
    local = explorer(str(files["cube.h5"]))
    w = explorer(http.url("cube.h5"))
    try:
        forget(w)
        http.drop(1)
        step(w, Energy=77)
        assert http.url("cube.h5") in w.message
        assert "dropped mid-read" in w.message and "try again" in w.message
        step(w, Energy=78)  # the next step reads again and shows the view
        step(local, Energy=78)
        assert w.message == ""
        same_views(w, local)
    finally:
        w.close()
        local.close()


def test_404_403_not_hdf5_and_unreachable(http, files):
    url = http.url("missing.h5")
    with pytest.raises(RemoteError, match=r"missing\.h5.*not found \(404\)"):
        explorer(url)
    http.status["/be.h5"] = 403
    with pytest.raises(RemoteError, match=r"be\.h5.*denied \(403\)"):
        explorer(http.url("be.h5"))
    http.status.clear()
    with pytest.raises(RemoteError, match=r"notes\.txt is not an HDF5 file"):
        explorer(http.url("notes.txt"))
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(RemoteError, match=rf"127\.0\.0\.1:{port}/x\.h5.*cannot connect"):
        explorer(f"http://127.0.0.1:{port}/x.h5")


def test_server_without_range_requests(files):
    with RangeServer(files) as plain:
        plain.ignore_ranges = True
        with pytest.raises(RemoteError, match=r"cube\.h5: the server ignores range requests"):
            explorer(plain.url("cube.h5"))
        # refused on the status: the client hung up without taking the whole file
        size = os.path.getsize(files["cube.h5"])
        print("sent before the hang-up:", plain.bytes, "of", size)
        assert plain.bytes < size


def test_every_request_has_a_timeout(files):
    with RangeServer(files, delay=3.0) as slow:
        t = time.perf_counter()
        with pytest.raises(RemoteError, match=r"be\.h5.*no answer within 0\.5 s"):
            open_remote(slow.url("be.h5"), timeout=0.5)
        assert time.perf_counter() - t < 2.5


def test_storage_options_only_for_urls(files):
    with pytest.raises(TypeError, match="storage_options apply to a URL"):
        explorer(str(files["be.h5"]), storage_options={"anon": True})


# -- S3 (moto's server) -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def s3(files):
    pytest.importorskip("s3fs")
    server_mod = pytest.importorskip("moto.server")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    moto = server_mod.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    moto.start()
    options = {
        "key": "testing",
        "secret": "testing",
        "client_kwargs": {"endpoint_url": f"http://127.0.0.1:{port}", "region_name": "us-west-2"},
    }
    import s3fs

    fs = s3fs.S3FileSystem(skip_instance_cache=True, **options)
    fs.mkdir("usidw")
    for name in ("cube.h5", "be.h5"):
        fs.put(str(files[name]), f"usidw/{name}")
    yield options
    moto.stop()


def test_s3_views_equal_local(s3, files):
    local = explorer(str(files["cube.h5"]))
    w = explorer("s3://usidw/cube.h5", storage_options=s3)
    try:
        assert "s3://usidw/cube.h5" in w.title_label.value
        same_views(w, local)
        for k in range(1, 4):
            for x in (w, local):
                step(x, X=k, Energy=10 * k)
            same_views(w, local)
        for x in (w, local):
            x.roi = {"Y": (0, 5), "X": (4, 8)}
        same_views(w, local)
    finally:
        w.close()
        local.close()


def test_s3_access_denied(s3):
    """Wrong credentials: moto's server checks them once its authentication is on (its
    ``/moto-api/reset-auth``), and answers 403 (InvalidAccessKeyId)."""
    import urllib.request

    endpoint = s3["client_kwargs"]["endpoint_url"]

    def auth(count: str) -> None:
        urllib.request.urlopen(
            urllib.request.Request(
                f"{endpoint}/moto-api/reset-auth",
                count.encode(),
                headers={"Content-Type": "text/plain"},
                method="POST",
            )
        ).close()

    auth("0")
    try:
        options = dict(s3, key="wrong", secret="wrong", skip_instance_cache=True)
        with pytest.raises(RemoteError, match=r"s3://usidw/cube\.h5.*access denied \(403\)"):
            explorer("s3://usidw/cube.h5", storage_options=options)
    finally:
        auth("inf")


def test_s3_dropped_connection_is_said_then_recovered(s3, files):
    """A TCP proxy in front of moto drops every answer after 100 bytes of its body (s3fs
    retries, then gives up): the view says the connection was dropped; the next step, with the
    connections whole again, shows the view."""
    from tcp_proxy import TcpProxy

    endpoint = s3["client_kwargs"]["endpoint_url"]
    port = int(endpoint.rsplit(":", 1)[1])
    local = explorer(str(files["cube.h5"]))
    with TcpProxy("127.0.0.1", port) as proxy:
        client = dict(s3["client_kwargs"], endpoint_url=f"http://127.0.0.1:{proxy.port}")
        options = dict(s3, client_kwargs=client, skip_instance_cache=True)
        w = explorer("s3://usidw/cube.h5", storage_options=options)
        try:
            forget(w)
            proxy.cut = 100
            step(w, Energy=300)
            assert proxy.cuts > 0
            assert "s3://usidw/cube.h5" in w.message and "dropped mid-read" in w.message
            proxy.cut = None
            step(w, Energy=301)
            step(local, Energy=301)
            assert w.message == ""
            same_views(w, local)
        finally:
            w.close()
    local.close()


def test_s3_missing_key(s3):
    with pytest.raises(RemoteError, match=r"s3://usidw/nothing\.h5.*not found \(404\)"):
        explorer("s3://usidw/nothing.h5", storage_options=s3)


def test_dask_workers_read_the_url_themselves(http, files):
    """``client=``: the region reduction runs on a cluster whose workers open the URL (the
    RemoteFile travels pickled, with its options), and equals the local one."""
    distributed = pytest.importorskip("distributed")
    local = explorer(str(files["cube.h5"]))
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        w = explorer(http.url("cube.h5"), client=client)
        try:
            for x in (w, local):
                x.roi = {"Y": (3, 30), "X": (0, 20)}
            assert w.message == ""
            np.testing.assert_allclose(w.spectrum, local.spectrum, rtol=1e-5)
            step(w, Energy=5)  # the explorer's own file still reads after the workers'
            step(local, Energy=5)
            np.testing.assert_array_equal(w.image, local.image)
        finally:
            w.close()
            local.close()


def test_progress_of_a_slow_remote_map(tmp_path, monkeypatch):
    """A map fetched in several rounds (2,048 chunks, 256 ranges a round here) shows the
    explorer's progress bar once it takes more than half a second, as for a large local
    file, and hides it at the end."""
    from usid_widgets.reader import remote

    monkeypatch.setattr(remote, "PREFETCH_GROUP", 256)
    path = tmp_path / "tall.h5"
    rng = np.random.default_rng(5)
    with h5py.File(path, "w") as f:
        write_main(
            f.create_group("Measurement_000/Channel_000"),
            "Raw_Data",
            rng.random((64, 32, 8192), dtype=np.float32),
            [Dimension("Y", "nm", np.arange(64.0)), Dimension("X", "nm", np.arange(32.0))],
            [Dimension("Energy", "eV", np.linspace(1.0, 2.0, 8192))],
            chunks=(1, 8192),
        )
    with RangeServer({"tall.h5": path}, delay=0.05) as srv:
        w = explorer(srv.url("tall.h5"))
        try:
            forget(w)
            w.progress_if_made = None
            srv.delay = 0.12
            srv.reset()
            step(w, Energy=3000)
            assert srv.stats()["gets"] >= 8  # 8 rounds of 256 ranges
            assert w.progress_if_made is not None  # made by a round after 0.5 s
            assert w.progress_if_made.layout.display == "none"  # and hidden at the end
            with h5py.File(path) as f:
                np.testing.assert_array_equal(w.image.ravel(), f[DSET][:, 3000])
        finally:
            w.close()
