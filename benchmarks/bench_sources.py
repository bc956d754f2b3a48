"""Every source of issue 18 on the same data: USID, NSID, plain HDF5, sidpy (dask), numpy.

One run on one machine, printing medians and ratios: a measurement, not a timed unit test.

For each dataset shape (a spectral image, default 256 x 256 x 512 float32, and a 4D-STEM scan,
default 64 x 64 x 64 x 64 float32) the script writes, into a temporary folder deleted at the
end, the same values as

* ``usid``: a USID Main dataset (``usid_widgets.writer.write_main``, positions x steps,
  chunks of whole spectra / patterns for a few scan rows),
* ``nsid``: an NSID dataset written by pyNSID's ``write_nsid_dataset`` from a sidpy Dataset,
* ``hdf5``: a plain N-d HDF5 dataset with no attributes (the NSID chunks),

and holds it in memory as

* ``sidpy``: a sidpy ``Dataset`` over a dask array (the NSID chunks),
* ``numpy``: a numpy array (``from_array`` with dimension types).

Per source it times (median of ``--repeat``, after one untimed warm-up):

1. **open + first view**: ``open_dataset`` (the file opened inside the timing for file
   sources), ``default_plan`` and the :class:`~usid_widgets.model.slicing.Slicer`'s first
   image and line (4D-STEM: image and diffraction plane), each run on fresh objects;
2. **map step**: the image at the next step of the spectroscopic dim (4D-STEM: the next
   detector pixel), a new index each repetition, on an open Slicer (as a slider moves: the
   chunk-aware block cache may already hold it); **map jump**: the image at a step far from
   every one read before (a chunk not read yet);
3. **spectrum step**: the line (4D-STEM: the pattern) at the next scan position;
4. **region mean**: ``reduce.region_mean`` over a 32 x 32 box of scan positions (the mean
   spectrum or pattern of a dragged rectangle), a different box each repetition; its floor
   reads the box and takes numpy's mean in float64 (USID: one read per scan line of the box).

Each against its **floor**, the plain read of the same slice from the same store: ``h5py``
(``f[path][...]`` on the file as it is laid out: the USID 2-D dataset, or the N-d one) with
``h5py.File`` inside the open's timing; ``dask`` (``np.asarray(arr[...])``) for sidpy;
numpy's own indexing (a copy) for numpy. The ratio is source / floor, both in the same run.
Values are checked equal to numpy's before timing.

Run: ``python benchmarks/bench_sources.py [--repeat R] [--small]`` (``--small``: 64 x 64 x
128 and 16^4, for a quick check).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import h5py
import numpy as np

import usid_widgets
from usid_widgets.model.slicing import Slicer, default_plan
from usid_widgets.reader import from_array, from_sidpy, open_dataset
from usid_widgets.reader import reduce as reductions
from usid_widgets.writer import Dimension, write_main


@dataclass
class Shape:
    name: str
    sizes: tuple[int, ...]
    names: tuple[str, ...]
    types: tuple[str, ...]
    chunks: tuple[int, ...]  # N-d chunks (NSID, plain HDF5, dask)
    usid_rows: int  # USID chunk: this many scan positions x all steps


def shapes(small: bool) -> list[Shape]:
    si = (64, 64, 128) if small else (256, 256, 512)
    st = (16, 16, 16, 16) if small else (64, 64, 64, 64)
    return [
        Shape(
            "spectral image",
            si,
            ("y", "x", "energy"),
            ("SPATIAL", "SPATIAL", "SPECTRAL"),
            (32, 32, 64),
            si[1] * 4,
        ),
        Shape(
            "4D-STEM",
            st,
            ("y", "x", "v", "u"),
            ("SPATIAL", "SPATIAL", "RECIPROCAL", "RECIPROCAL"),
            (1, 1, st[2], st[3]),
            1,
        ),
    ]


def make_data(shape: Shape) -> np.ndarray:
    rng = np.random.default_rng(0)
    out = np.empty(shape.sizes, dtype=np.float32)
    for i in range(shape.sizes[0]):  # row by row: bounded temporaries
        out[i] = rng.random(shape.sizes[1:], dtype=np.float32) + i
    return out


# ------------------------------------------------------------------------------------------
# writing the files


def write_usid(path: str, shape: Shape, data: np.ndarray) -> str:
    n_pos = 2
    pos = [
        Dimension(n, "m", np.arange(s))
        for n, s in zip(shape.names[:n_pos], data.shape[:n_pos], strict=True)
    ]
    spec = [
        Dimension(n, "a.u.", np.arange(s))
        for n, s in zip(shape.names[n_pos:], data.shape[n_pos:], strict=True)
    ]
    steps = int(np.prod(data.shape[n_pos:]))
    with h5py.File(path, "w") as f:
        d = write_main(
            f.create_group("Measurement_000/Channel_000"),
            "Raw_Data",
            data,
            pos,
            spec,
            "intensity",
            "counts",
            chunks=(shape.usid_rows, steps),
        )
        return d.name


def write_nsid(path: str, shape: Shape, data: np.ndarray) -> str:
    from pyNSID.io.hdf_io import write_nsid_dataset

    ds = sidpy_dataset(shape, data)
    with h5py.File(path, "w") as f, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return write_nsid_dataset(
            ds, f.create_group("Measurement_000"), main_data_name="data", chunks=shape.chunks
        ).name


def sidpy_dataset(shape: Shape, data: np.ndarray):
    import sidpy

    ds = sidpy.Dataset.from_array(data, title="data", chunks=shape.chunks)
    ds.data_type = "SPECTRAL_IMAGE" if len(shape.sizes) == 3 else "IMAGE_4D"
    ds.quantity, ds.units = "intensity", "counts"
    for i, (n, t, s) in enumerate(zip(shape.names, shape.types, data.shape, strict=True)):
        ds.set_dimension(i, sidpy.Dimension(np.arange(s), name=n, units="a.u.",
                                            quantity=n, dimension_type=t))
    return ds


def plain_axes(shape: Shape) -> tuple[int, ...]:
    """A plain 3-d dataset is read as a stack of images (the first axis the steps, as numpy,
    napari and ndv show arrays): the spectral image is written (energy, y, x) so that its
    default view is the same map and spectrum as the others'. 4-d: the scan first already."""
    return (2, 0, 1) if len(shape.sizes) == 3 else (0, 1, 2, 3)


def write_plain(path: str, shape: Shape, data: np.ndarray) -> str:
    axes = plain_axes(shape)
    with h5py.File(path, "w") as f:
        return f.create_dataset(
            "data",
            data=np.transpose(data, axes),
            chunks=tuple(shape.chunks[a] for a in axes),
        ).name


# ------------------------------------------------------------------------------------------
# one source: how to open it, and the floor reads of the same slices


@dataclass
class Source:
    name: str
    open: Callable[[], Any]  # -> (source, closer)
    floor_open: Callable[[], Any]  # -> (store, closer)
    floor_map: Callable[[Any, int], np.ndarray]  # store, step -> the map
    floor_line: Callable[[Any, int], np.ndarray]  # store, flat position -> the line
    floor_region: Callable[[Any, slice, slice], np.ndarray]  # store, y, x -> mean over them
    axes: tuple[int, ...] | None = None  # the data's axes in the source's order, if not as is


def sources(shape: Shape, folder: str, data: np.ndarray) -> tuple[list[Source], int]:
    ny, nx = data.shape[:2]
    steps_shape = data.shape[2:]
    n_steps = int(np.prod(steps_shape))
    nd = len(shape.sizes)

    def nd_map(a, k):
        return np.asarray(a[(slice(None), slice(None), *np.unravel_index(k, steps_shape))])

    def nd_region(a, ys, xs):
        return np.asarray(a[ys, xs]).mean(axis=(0, 1), dtype=np.float64)

    def usid_region(d, ys, xs):
        block = np.concatenate([d[y * nx + xs.start : y * nx + xs.stop, :] for y in
                                range(ys.start, ys.stop)])
        return block.mean(axis=0, dtype=np.float64).reshape(steps_shape)

    def nd_line(a, p):
        return np.asarray(a[(*np.unravel_index(p, (ny, nx)), *(slice(None),) * (nd - 2))])

    def h5(path, dset):
        def opener():
            f = h5py.File(path, "r")
            return f[dset], f.close

        return opener

    usid_path = os.path.join(folder, "usid.h5")
    usid_dset = write_usid(usid_path, shape, data)
    nsid_path = os.path.join(folder, "nsid.h5")
    nsid_dset = write_nsid(nsid_path, shape, data)
    plain_path = os.path.join(folder, "plain.h5")
    plain_dset = write_plain(plain_path, shape, data)
    sid = sidpy_dataset(shape, data)
    dims = [(n, "", None, t) for n, t in zip(shape.names, shape.types, strict=True)]

    def file_source(path, dset):
        def opener():
            md = open_dataset(path, dset)
            return md, md.close

        return opener

    return [
        Source(
            "usid",
            file_source(usid_path, usid_dset),
            h5(usid_path, usid_dset),
            lambda d, k: d[:, k].reshape(ny, nx),
            lambda d, p: d[p, :].reshape(steps_shape),
            usid_region,
        ),
        Source("nsid", file_source(nsid_path, nsid_dset), h5(nsid_path, nsid_dset), nd_map,
               nd_line, nd_region),
        Source(
            "hdf5",
            file_source(plain_path, plain_dset),
            h5(plain_path, plain_dset),
            (lambda d, k: d[k]) if nd == 3 else nd_map,
            (lambda d, p: d[(slice(None), *np.unravel_index(p, (ny, nx)))]) if nd == 3 else nd_line,
            (lambda d, ys, xs: d[:, ys, xs].mean(axis=(1, 2), dtype=np.float64))
            if nd == 3
            else nd_region,
            plain_axes(shape),
        ),
        Source("sidpy (dask)", lambda: (from_sidpy(sid), None), lambda: (sid, None), nd_map,
               nd_line, nd_region),
        Source(
            "numpy",
            lambda: (from_array(data, dims, name="data"), None),
            lambda: (data, None),
            lambda a, k: nd_map(a, k).copy(),
            lambda a, p: nd_line(a, p).copy(),
            nd_region,
        ),
    ], n_steps


# ------------------------------------------------------------------------------------------
# timing


def median_time(fn: Callable[[int], Any], repeat: int) -> float:
    fn(-1)  # warm-up
    times = []
    for i in range(repeat):
        t0 = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def first_view(md) -> tuple[np.ndarray, np.ndarray]:
    plan = default_plan(md)
    slicer = Slicer(md)
    index = {d.name: 0 for d in md.dims}
    image = slicer.image(index, plan.image_dims, None)
    if plan.second_dims is not None:
        other = slicer.image(index, plan.second_dims, None)
    else:
        other = slicer.line(index, plan.plot_dim, None)
    return image, other


def check(md, got: np.ndarray, own: np.ndarray, shown: tuple) -> None:
    """``got`` (a view over the dims ``shown``, every other dim at 0) equals numpy's."""
    names = md.dim_names
    kept = [n for n in names if n in shown]
    expect = own[tuple(slice(None) if n in shown else 0 for n in names)]
    np.testing.assert_array_equal(got, np.transpose(expect, [kept.index(n) for n in shown]))


def run_shape(shape: Shape, repeat: int) -> list[tuple]:
    data = make_data(shape)
    folder = tempfile.mkdtemp(prefix="bench_sources_")
    rows = []
    try:
        srcs, n_steps = sources(shape, folder, data)
        ny, nx = data.shape[:2]
        for src in srcs:
            # the values first: the views equal numpy's, in the plan's dims order
            md, close = src.open()
            image, other = first_view(md)
            plan = default_plan(md)
            own = data if src.axes is None else np.transpose(data, src.axes)  # as held
            check(md, image, own, plan.image_dims)
            check(md, other, own, plan.second_dims or (plan.plot_dim,))
            if close:
                close()

            def open_view(_i, src=src):
                md, close = src.open()
                first_view(md)
                if close:
                    close()

            def floor_open_view(_i, src=src):
                store, close = src.floor_open()
                src.floor_map(store, 0)
                src.floor_line(store, 0)
                if close:
                    close()

            t_open = median_time(open_view, repeat)
            f_open = median_time(floor_open_view, repeat)

            md, close = src.open()
            plan = default_plan(md)
            slicer = Slicer(md)
            spec_names = [d.name for d in md.spec_dims]
            pos = {d.name: 0 for d in md.pos_dims}
            step_shape = tuple(md.dim(n).size for n in spec_names)

            def map_step(i, slicer=slicer, spec_names=spec_names, pos=pos,
                         step_shape=step_shape, plan=plan):
                k = (i + 1) % n_steps
                index = {**pos, **dict(zip(spec_names, np.unravel_index(k, step_shape),
                                           strict=True))}
                return slicer.image(index, plan.image_dims, None)

            def line_step(i, slicer=slicer, md=md, plan=plan):
                p = (i + 1) * 37 % (ny * nx)
                y, x = np.unravel_index(p, (ny, nx))
                index = {d.name: 0 for d in md.dims}
                index.update(zip([d.name for d in md.pos_dims], (int(y), int(x)), strict=True))
                if plan.second_dims is not None:
                    return slicer.image(index, plan.second_dims, None)
                return slicer.line(index, plan.plot_dim, None)

            jump = max(1, n_steps // (repeat + 2))

            def map_jump(i, map_step=map_step, jump=jump):
                return map_step(i * jump + n_steps // 2)  # each in a chunk not yet read

            t_map = median_time(map_step, repeat)
            t_jump = median_time(map_jump, repeat)
            t_line = median_time(line_step, repeat)
            side = min(32, ny // 2)

            def box(i, side=side):
                y0 = (i + 1) * 7 % (ny - side)
                x0 = (i + 1) * 11 % (nx - side)
                return slice(y0, y0 + side), slice(x0, x0 + side)

            def region(i, md=md, box=box):
                ys, xs = box(i)
                names = [d.name for d in md.pos_dims]
                ranges = {names[0]: (ys.start, ys.stop), names[1]: (xs.start, xs.stop)}
                return reductions.region_mean(md, ranges)[0]

            t_region = median_time(region, repeat)
            if close:
                close()
            store, close = src.floor_open()
            f_map = median_time(lambda i, s=store, src=src: src.floor_map(s, (i + 1) % n_steps),
                                repeat)
            f_line = median_time(
                lambda i, s=store, src=src: src.floor_line(s, (i + 1) * 37 % (ny * nx)), repeat
            )
            f_region = median_time(lambda i, s=store, src=src, box=box: src.floor_region(
                s, *box(i)), repeat)
            if close:
                close()
            rows.append(
                (src.name, t_open, f_open, t_map, t_jump, f_map, t_line, f_line, t_region,
                 f_region)
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def ms(t: float) -> str:
    return f"{t * 1e3:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args()
    import dask
    import sidpy

    print(
        f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, numpy {np.__version__}, h5py {h5py.__version__}, "
        f"dask {dask.__version__}, sidpy {sidpy.__version__}, "
        f"usid_widgets {usid_widgets.__file__}; median of {args.repeat}"
    )
    for shape in shapes(args.small):
        size = np.prod(shape.sizes) * 4 / 2**20
        print(f"\n{shape.name} {' x '.join(map(str, shape.sizes))} float32 ({size:.0f} MiB), "
              f"N-d chunks {shape.chunks}, USID chunks ({shape.usid_rows}, all steps)")
        print("| source | open + first view ms (floor) | ratio | map step ms | ratio "
              "| map jump ms | ratio | map floor ms | spectrum step ms (floor) | ratio "
              "| region mean ms (floor) | ratio |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for (name, t_open, f_open, t_map, t_jump, f_map, t_line, f_line, t_region,
             f_region) in run_shape(shape, args.repeat):
            print(
                f"| {name} | {ms(t_open)} ({ms(f_open)}) | {t_open / f_open:.2f} "
                f"| {ms(t_map)} | {t_map / f_map:.2f} | {ms(t_jump)} | {t_jump / f_map:.2f} "
                f"| {ms(f_map)} | {ms(t_line)} ({ms(f_line)}) | {t_line / f_line:.2f} "
                f"| {ms(t_region)} ({ms(f_region)}) | {t_region / f_region:.2f} |"
            )


if __name__ == "__main__":
    main()
