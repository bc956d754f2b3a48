"""Lines held beside the selected one (``MainDataset.held_lines``, ``Slicer.held_lines``):
each equals the view the explorer would read for that index, on every layout of the
catalogue, and nothing is read to find them."""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from usid_widgets import MainDataset
from usid_widgets.model.ahead import lines_ahead, scan_dim
from usid_widgets.model.slicing import Slicer, default_component, default_plan
from usid_widgets.writer import Dimension, write_main


def _line_dims(md: MainDataset) -> tuple[str, ...] | None:
    plan = default_plan(md)
    if plan.second_dims:
        return tuple(plan.second_dims)
    if plan.plot_dim and md.dim(plan.plot_dim).kind == "spectroscopic":
        return (plan.plot_dim,)
    return None


def test_held_lines_equal_the_views_read_one_by_one(catalogue):
    checked = 0
    for case in catalogue.values():
        for main in case.mains:
            with MainDataset(case.path, main.path) as md:
                free, along = _line_dims(md), scan_dim(Slicer(md))
                if free is None or along is None:
                    continue
                slicer, comp = Slicer(md), default_component(md)
                index = {d.name: d.size // 2 for d in md.dims}
                misses = md.blocks.misses
                assert slicer.held_lines(index, free, comp, along) is None  # nothing read yet
                assert md.blocks.misses == misses
                slicer.slice(index, free, comp)
                reads = md.blocks.misses
                held = slicer.held_lines(index, free, comp, along)
                assert md.blocks.misses == reads, "held_lines must never read"
                assert held is not None, case.name
                k0, views, rows = held
                assert len(rows) == len(views)
                assert k0 <= index[along] < k0 + len(views)
                assert not views.flags.writeable
                for j in range(len(views)):
                    want = Slicer(md).slice({**index, along: k0 + j}, free, comp)
                    np.testing.assert_array_equal(views[j], want, err_msg=case.name)
                checked += 1
    assert checked >= 15  # the grid layouts, sparse ones, complex and compound types


@pytest.fixture
def chunked(tmp_path):
    data = np.random.default_rng(7).random((4, 36, 16)).astype(np.float32)
    path = tmp_path / "c.h5"
    with h5py.File(path, "w") as f:
        write_main(
            f.create_group("M"),
            "Raw",
            data,
            [Dimension("Y", "nm", np.arange(4.0)), Dimension("X", "nm", np.arange(36.0))],
            [Dimension("F", "Hz", np.arange(16.0))],
            quantity="A",
            units="V",
            chunks=(64, 16),
        )
    return path, data


def test_held_lines_stay_in_the_scan_row_and_under_the_cap(chunked):
    path, data = chunked
    with MainDataset(path, "/M/Raw") as md:
        slicer = Slicer(md)
        # windows of 8 rows (an eighth of a 64-row chunk); rows 32..39 are the end of scan
        # row Y = 0 (X = 32..35) and the start of Y = 1 (X = 0..3)
        index = {"Y": 0, "X": 33, "F": 0}
        slicer.slice(index, ("F",), None)
        k0, views, rows = slicer.held_lines(index, ("F",), None, "X")
        assert k0 == 32 and len(views) == 4  # never Y = 1's spectra
        assert rows.tolist() == [32, 33, 34, 35]  # flat rows: Y * 36 + X
        np.testing.assert_array_equal(views, data[0, 32:36])
        block, _start = md.blocks.held_row(33)
        assert np.shares_memory(views, block)  # consecutive rows, half the window: a view
        k0, views, _rows = slicer.held_lines(index, ("F",), None, "X", max_lines=2)
        assert (k0, len(views)) == (33, 2)  # the selected line and the next
        np.testing.assert_array_equal(views, data[0, 33:35])
        assert not np.shares_memory(views, block)  # a quarter: copied, the block may go
        assert slicer.held_lines({**index, "Y": 3}, ("F",), None, "X") is None  # not held


def test_lines_ahead_keep_every_value_exact_in_the_fewest_bytes(chunked, tmp_path):
    path, data = chunked
    with MainDataset(path, "/M/Raw") as md:
        slicer = Slicer(md)
        index = {"Y": 1, "X": 30, "F": 5}
        slicer.slice(index, ("F",), None)
        ahead = lines_ahead(slicer, index, ("F",), None, ("plot", "ctx"), None)
        assert ahead.wire.dtype == np.float32 and ahead.at == {"Y": 1}  # float32 data
        np.testing.assert_array_equal(ahead.wire, data[1, ahead.start : ahead.start + 8])
        assert ahead.line(index) == 30 - ahead.start
        assert ahead.line({**index, "Y": 0}) is None
        assert ahead.line({**index, "X": ahead.start + len(ahead.views)}) is None
        wire = ahead.wire_dict()
        assert wire["data"]["dtype"] == "float32" and wire["data"]["shape"] == [8, 16]
        assert wire["target"] == "plot" and wire["along"] == "X"
        plane = lines_ahead(slicer, index, ("F",), None, ("second", "ctx"), None)
        assert plane is not None and plane.wire.dtype == np.float32
    # values float32 cannot hold exactly travel as float64 to the plot
    for dtype, values in (
        (np.int32, np.arange(2 * 4 * 3, dtype=np.int32) + 2**30 + 1),
        (np.float64, np.linspace(0, 1, 24) + 1e-12),
    ):
        p = tmp_path / f"{np.dtype(dtype).name}.h5"
        with h5py.File(p, "w") as f:
            write_main(
                f.create_group("M"),
                "Raw",
                values.astype(dtype).reshape(2, 4, 3),
                [Dimension("Y", "nm", np.arange(2.0)), Dimension("X", "nm", np.arange(4.0))],
                [Dimension("F", "Hz", np.arange(3.0))],
                quantity="A",
                units="V",
            )
        with MainDataset(p, "/M/Raw") as md:
            slicer = Slicer(md)
            index = {"Y": 1, "X": 1, "F": 0}
            slicer.slice(index, ("F",), None)
            ahead = lines_ahead(slicer, index, ("F",), None, ("plot", "ctx"), None)
            assert ahead.wire.dtype == np.float64
            np.testing.assert_array_equal(ahead.wire, ahead.views)  # no value rounded


def test_a_scrub_served_by_the_browser_still_reads_ahead(tmp_path):
    from usid_widgets import explorer

    data = np.random.default_rng(8).random((4, 24, 6, 5)).astype(np.float32)
    path = tmp_path / "p.h5"
    with h5py.File(path, "w") as f:  # one diffraction pattern per chunk, as 4D-STEM files are
        write_main(
            f.create_group("M"),
            "Raw",
            data,
            [Dimension("Y", "nm", np.arange(4.0)), Dimension("X", "nm", np.arange(24.0))],
            [Dimension("Ky", "1/nm", np.arange(6.0)), Dimension("Kx", "1/nm", np.arange(5.0))],
            quantity="I",
            units="counts",
            chunks=(1, 30),
        )
    w = explorer(str(path))
    blocks, sizes, misses = w.md.blocks, [], []
    w.index = {"Y": 0, "X": 0}  # a jump to a scan row the first view did not touch
    for x in range(1, 16):  # a scrub: read ahead 4 planes, then 8, never one by one
        before = blocks.misses
        w.index = {"X": x}
        misses.append(blocks.misses - before)
        sizes.append(w.sliders.lines["data"]["shape"][0])
        np.testing.assert_array_equal(w.plane, data[0, x])
    assert sum(misses) == 3 and misses[0] == misses[4] == misses[12] == 1, misses
    assert sizes[0] == 4 and sizes[4] == 8 and sizes[12] >= 8, sizes
    w.close()


def test_position_row_is_the_row_whose_indices_match(catalogue):
    """``position_row`` (the row a jump reads, found by arithmetic on plain grids) against a
    search of the file's own Position_Indices, on every layout of the catalogue."""
    checked, unmeasured = set(), 0
    rng = np.random.default_rng(11)
    for case in catalogue.values():
        for main in case.mains:
            with MainDataset(case.path, main.path) as md:
                f = md.h5.file
                ind = f[md.h5.attrs["Position_Indices"]][()]
                raw = f[md.h5.attrs["Position_Indices"]].attrs["labels"]
                labels = [x.decode() if isinstance(x, bytes) else str(x) for x in raw]
                names = [d.name for d in md.pos_dims]
                if md.is_sparse or not set(names) <= set(labels):
                    continue  # a sparse cloud or renamed dims: no per-dim indices to search
                cols = [labels.index(n) for n in names]
                for _ in range(6):
                    sel = {d.name: int(rng.integers(d.size)) for d in md.pos_dims}
                    want = np.flatnonzero((ind[:, cols] == [sel[n] for n in names]).all(axis=1))
                    got = md.position_row({**sel, **{d.name: 0 for d in md.spec_dims}})
                    assert got == (int(want[0]) if want.size else -1), (case.name, sel)
                    unmeasured += got == -1
                checked.add(md.layout["position"])
    assert {"regular", "permuted", "incomplete"} <= checked, checked
    assert unmeasured > 0  # positions an aborted scan never reached
