"""Realistic sample h5USID files, simulated locally: no network, a second or less each.

Every generator writes one file with the package's writer (:mod:`usid_widgets.writer`, current
pyUSID layout: ``/Measurement_000/Channel_000/Raw_Data`` plus its four ancillary datasets) and
returns its path::

    from usid_widgets import datasets, explorer
    path = datasets.band_excitation()          # a file in the data folder (see data_dir())
    path = datasets.stem_image("stem.h5", size=128, seed=3)
    display(explorer(path))

With ``path=None`` the file goes to :func:`data_dir` under a name made of the generator, its
arguments and a format version; an existing file of that name is reused (the output depends only
on the arguments). An explicit path is (over)written. Files are written under a temporary name
and renamed when complete, so a half-written file never carries the final name.

The output is a deterministic function of the arguments and ``seed`` (the bookkeeping attributes
``timestamp``/``machine_id`` aside). The simulations are simple physical models with noise, and
each file says so: ``/Measurement_000`` carries ``simulated = True``, the generator's name, the
seed and the model parameters.

=================  =========================================================================
``stem_image``     HAADF-STEM image of atomic columns on a rotated lattice, uint8 (Y, X)
``band_excitation`` BE spectral image: Lorentzian resonance whose peak drifts across the map
``four_d_stem``    4D-STEM: scan (Y, X) x detector (Q_y, Q_x), diffraction disks of two grains
``beps``           BEPS: (Y, X) x DC_Offset x Field x Frequency, complex, hysteresis loops
``force_curve``    AFM force curve at one position: approach then retract, with adhesion
``sparse_scan``    sparsely sampled BE spectra plus a half-finished SHO fit results group
=================  =========================================================================
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import h5py
import numpy as np

from .writer import (
    Dimension,
    create_results_group,
    write_ancillary,
    write_main,
    write_main_raw,
)

__all__ = [
    "ALL",
    "band_excitation",
    "beps",
    "data_dir",
    "force_curve",
    "four_d_stem",
    "list_datasets",
    "sparse_scan",
    "stem_image",
]

#: Bumped whenever a generator's output changes, so cached files of older versions are not reused.
FORMAT_VERSION = 1
ENV_DATA_DIR = "USID_WIDGETS_DATA"


# --------------------------------------------------------------------------------------------
# where files go


def data_dir() -> Path:
    """Folder of the files written with ``path=None``.

    ``$USID_WIDGETS_DATA`` when set, else ``<system temp folder>/usid_widgets_datasets``.
    """
    env = os.environ.get(ENV_DATA_DIR)
    return Path(env) if env else Path(tempfile.gettempdir()) / "usid_widgets_datasets"


def _tag(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return "x".join(_tag(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _size2(value: Any, what: str) -> tuple[int, int]:
    """An int n -> (n, n); a pair -> (rows, cols). Both at least 1."""
    if isinstance(value, (int, np.integer)):
        pair = (int(value), int(value))
    else:
        try:
            pair = tuple(int(v) for v in value)
        except TypeError:
            raise TypeError(f"{what} must be an int or a pair of ints, got {value!r}") from None
        if len(pair) != 2:
            raise ValueError(f"{what} must be an int or a pair of ints, got {value!r}")
    if min(pair) < 1:
        raise ValueError(f"{what} must be at least 1, got {value!r}")
    return pair


def _count(value: Any, what: str, minimum: int = 1) -> int:
    n = int(value)
    if n < minimum:
        raise ValueError(f"{what} must be at least {minimum}, got {value!r}")
    return n


def _write(
    path: str | os.PathLike[str] | None,
    name: str,
    params: dict[str, Any],
    build: Callable[[h5py.File], None],
) -> Path:
    """Run ``build`` on a new file; return the final path (see the module docstring)."""
    if path is None:
        stem = "-".join([name] + [f"{k}{_tag(v)}" for k, v in params.items()])
        target = data_dir() / f"{stem}-v{FORMAT_VERSION}.h5"
        if target.is_file():
            return target
    else:
        target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        with h5py.File(tmp, "w") as f:
            build(f)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target.resolve()


def _measurement(f: h5py.File, name: str, seed: int, **meta: Any) -> h5py.Group:
    """``/Measurement_000`` with the metadata every generated file carries."""
    group = f.create_group("Measurement_000")
    group.attrs["simulated"] = True
    group.attrs["generator"] = f"usid_widgets.datasets.{name}"
    group.attrs["seed"] = int(seed)
    for key, value in meta.items():
        group.attrs[key] = value
    return group


def _smooth_field(
    rng: np.random.Generator, yy: np.ndarray, xx: np.ndarray, n_waves: int = 4
) -> np.ndarray:
    """A smooth random field of zero mean and unit amplitude on normalised coordinates 0..1."""
    out = np.zeros(np.broadcast(yy, xx).shape)
    for _ in range(n_waves):
        ky, kx = rng.uniform(-2.5, 2.5, size=2) * np.pi
        out += np.cos(ky * yy + kx * xx + rng.uniform(0, 2 * np.pi))
    return out / n_waves


def _axis(n: int) -> np.ndarray:
    """0..1 across n samples (0.5 for a single sample)."""
    return np.linspace(0.0, 1.0, n) if n > 1 else np.full(1, 0.5)


# --------------------------------------------------------------------------------------------
# 1. STEM image


def stem_image(
    path: str | os.PathLike[str] | None = None,
    *,
    size: int | tuple[int, int] = 256,
    seed: int = 0,
    pixel_size: float = 0.025,
) -> Path:
    """A simulated HAADF-STEM image of a perovskite viewed down [001], like pyUSID's "2D Image".

    Bright A-site columns on a square lattice (a = 0.3905 nm, rotated by 14 degrees), dimmer
    B-site columns at the cell centres, column-to-column intensity scatter, a few vacancies, a
    darker band of thinner sample, scan-line jitter and shot noise, scaled to uint8 0..255.

    Main dataset ``/Measurement_000/Channel_000/Raw_Data``: ``(rows * cols, 1)`` uint8,
    quantity ``Intensity``, units ``a.u.``; position dims ``Y``, ``X`` in nm (``pixel_size`` nm
    apart, from 0), one spectroscopic dim ``arb`` of size 1. ``size`` is the image size in
    pixels: an int (square) or ``(rows, cols)``.
    """
    rows, cols = _size2(size, "size")
    if not pixel_size > 0:
        raise ValueError(f"pixel_size must be positive, got {pixel_size!r}")
    lattice, angle, sigma = 0.3905, np.deg2rad(14.0), 0.05  # nm, rad, nm (probe + column)
    params = {"size": (rows, cols), "seed": seed, "px": pixel_size}

    def build(f: h5py.File) -> None:
        rng = np.random.default_rng(seed)
        y = np.arange(rows) * pixel_size
        x = np.arange(cols) * pixel_size
        # scan-line jitter: each line starts a little early or late (fast scan along X)
        jitter = rng.normal(0.0, 0.15 * pixel_size, size=(rows, 1))
        yy, xx = np.meshgrid(y, x, indexing="ij")
        xx = xx + jitter
        offset = rng.uniform(0, 1, size=2)
        u = (np.cos(angle) * xx + np.sin(angle) * yy) / lattice + offset[0]
        v = (-np.sin(angle) * xx + np.cos(angle) * yy) / lattice + offset[1]

        def sublattice(du: float, mean: float, spread: float, vacancy: float) -> np.ndarray:
            uu, vv = u - du, v - du
            iu, iv = np.rint(uu), np.rint(vv)
            r2 = ((uu - iu) ** 2 + (vv - iv) ** 2) * lattice**2
            # one random brightness per column: a table indexed by the column's lattice site
            iu0, iv0 = int(iu.min()), int(iv.min())
            shape = (int(iu.max()) - iu0 + 1, int(iv.max()) - iv0 + 1)
            amp = mean * (1 + spread * rng.standard_normal(shape))
            amp[rng.random(shape) < vacancy] *= 0.35
            column = amp[(iu - iu0).astype(int), (iv - iv0).astype(int)]
            return column * np.exp(-r2 / (2 * sigma**2))

        ny, nx = yy / max(y[-1], pixel_size), xx / max(x[-1], pixel_size)
        # thickness: smooth variation plus a thinner band crossing the field of view
        band = np.exp(-(((ny - 0.9 * nx - 0.05) / 0.08) ** 2))
        thickness = 1 + 0.12 * _smooth_field(rng, ny, nx) - 0.3 * band
        signal = thickness * (
            sublattice(0.0, 1.0, 0.08, 0.02) + sublattice(0.5, 0.45, 0.1, 0.0) + 0.18
        )
        counts = rng.poisson(np.clip(signal, 0, None) * 40.0).astype(np.float64)
        lo, hi = np.percentile(counts, [0.2, 99.8])
        image = np.clip((counts - lo) / max(hi - lo, 1e-9) * 255.0, 0, 255)
        image = np.rint(image).astype(np.uint8)

        meas = _measurement(
            f,
            "stem_image",
            seed,
            data_type="ImageData",
            instrument="simulated HAADF-STEM",
            sample_name="SrTiO3 [001] (simulated)",
            lattice_constant_nm=lattice,
            lattice_rotation_deg=14.0,
            pixel_size_nm=pixel_size,
            image_size_u=cols,
            image_size_v=rows,
        )
        write_main(
            meas.create_group("Channel_000"),
            "Raw_Data",
            image[:, :, None],
            [Dimension("Y", "nm", y), Dimension("X", "nm", x)],
            [Dimension("arb", "a.u.", [1.0])],
            quantity="Intensity",
            units="a.u.",
        )

    return _write(path, "stem_image", params, build)


# --------------------------------------------------------------------------------------------
# 2. band excitation spectral image


def band_excitation(
    path: str | os.PathLike[str] | None = None,
    *,
    size: int | tuple[int, int] = 64,
    n_freq: int = 96,
    seed: int = 0,
) -> Path:
    """A simulated band-excitation PFM spectral image of a ferroelectric film, 5 x 5 um.

    Each position holds the amplitude of a Lorentzian contact resonance near 330 kHz: its peak
    frequency drifts by about +16 kHz from the left edge to the right and +4 kHz from top to
    bottom (stiffness gradient), with small grain-to-grain variation; its height is high inside
    stripe domains and drops at the domain walls; quality factor 120 .. 180; white noise.

    Main dataset ``(rows * cols, n_freq)`` float32, quantity ``Amplitude``, units ``pm``;
    position dims ``Y``, ``X`` in um (written ``µm``), spectroscopic dim ``Frequency`` in kHz
    (310 .. 350). ``size``: an int or ``(rows, cols)``.
    """
    rows, cols = _size2(size, "size")
    n_freq = _count(n_freq, "n_freq", 2)
    params = {"size": (rows, cols), "nf": n_freq, "seed": seed}

    def build(f: h5py.File) -> None:
        rng = np.random.default_rng(seed)
        y = _axis(rows) * 5.0
        x = _axis(cols) * 5.0
        freq = np.linspace(310.0, 350.0, n_freq)
        ny, nx = np.meshgrid(_axis(rows), _axis(cols), indexing="ij")
        f0 = 322.0 + 16.0 * nx + 4.0 * ny + 0.8 * _smooth_field(rng, ny, nx, 6)
        quality = 150.0 + 30.0 * _smooth_field(rng, ny, nx)
        # stripe domains with wavy walls; the response amplitude drops at the walls
        phase = 2 * np.pi * (1.1 * nx + 0.9 * ny) * 3.0 + 1.2 * _smooth_field(rng, ny, nx)
        height = 95.0 * np.abs(np.tanh(2.5 * np.sin(phase))) + 15.0
        half = (f0 / quality / 2.0)[..., None]
        lorentz = half**2 / ((freq - f0[..., None]) ** 2 + half**2)
        data = height[..., None] * lorentz + 2.0
        data += rng.normal(0.0, 1.5, size=data.shape)
        meas = _measurement(
            f,
            "band_excitation",
            seed,
            data_type="BELineData",
            instrument="simulated AFM, band excitation",
            sample_name="PbZr0.2Ti0.8O3 film (simulated)",
            scan_size_um=5.0,
            band_center_kHz=330.0,
            band_width_kHz=40.0,
        )
        write_main(
            meas.create_group("Channel_000"),
            "Raw_Data",
            data.astype(np.float32),
            [Dimension("Y", "µm", y), Dimension("X", "µm", x)],
            [Dimension("Frequency", "kHz", freq)],
            quantity="Amplitude",
            units="pm",
        )

    return _write(path, "band_excitation", params, build)


# --------------------------------------------------------------------------------------------
# 3. 4D-STEM


def _disk_templates(
    q: np.ndarray, lattice: float, angle: float, radius: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Images of the central disk, the first-order disks and the second-order disks."""
    qy, qx = np.meshgrid(q, q, indexing="ij")
    g = 1.0 / lattice
    c, s = np.cos(angle), np.sin(angle)
    step = q[1] - q[0] if q.size > 1 else 1.0
    out = [np.zeros_like(qy) for _ in range(3)]
    for h in range(-3, 4):
        for k in range(-3, 4):
            order = max(abs(h), abs(k))
            if order > 2:
                continue
            gx, gy = g * (h * c - k * s), g * (h * s + k * c)
            r = np.hypot(qx - gx, qy - gy)
            # anti-aliased edge, one detector pixel wide
            out[order] += np.clip((radius - r) / step + 0.5, 0.0, 1.0)
    return out[0], out[1], out[2]


def four_d_stem(
    path: str | os.PathLike[str] | None = None,
    *,
    scan: int | tuple[int, int] = 32,
    detector: int | tuple[int, int] = 40,
    seed: int = 0,
) -> Path:
    """A simulated 4D-STEM (nanobeam diffraction) scan over two grains and a hole, 200 kV.

    At every scan position a diffraction pattern of disks (convergence semi-angle 2 mrad, disk
    radius 0.8 1/nm) on the reciprocal lattice of a = 0.3905 nm: the left grain is oriented at
    0 degrees, the right one at 30 degrees; the specimen thickens from left to right, which moves
    intensity from the central disk to the first- and then second-order disks; a hole (vacuum)
    leaves only the central disk; amorphous background grows with thickness; Poisson counts.

    Main dataset ``(scan_rows * scan_cols, det_rows * det_cols)`` uint16, quantity
    ``Intensity``, units ``counts``; position dims ``Y``, ``X`` in nm (0.5 nm steps),
    spectroscopic dims ``Q_y``, ``Q_x`` in 1/nm (0.25 1/nm per pixel, centred on 0).
    ``scan`` and ``detector``: an int or ``(rows, cols)``.
    """
    srows, scols = _size2(scan, "scan")
    drows, dcols = _size2(detector, "detector")
    lattice, radius, dq, step = 0.3905, 0.8, 0.25, 0.5
    params = {"scan": (srows, scols), "det": (drows, dcols), "seed": seed}

    def build(f: h5py.File) -> None:
        rng = np.random.default_rng(seed)
        y = np.arange(srows) * step
        x = np.arange(scols) * step
        qy = (np.arange(drows) - drows // 2) * dq
        qx = (np.arange(dcols) - dcols // 2) * dq
        qmax = max(abs(qy).max(), abs(qx).max(), dq)
        q = np.arange(-qmax, qmax + dq / 2, dq)
        iy = np.searchsorted(q, qy - dq / 4)
        ix = np.searchsorted(q, qx - dq / 4)

        ny, nx = np.meshgrid(_axis(srows), _axis(scols), indexing="ij")
        boundary = 0.55 + 0.08 * np.sin(2 * np.pi * ny * 1.3 + 0.4)
        grain = (nx > boundary).astype(float)  # 0 = left grain, 1 = right grain
        thickness = 15.0 + 45.0 * nx + 4.0 * _smooth_field(rng, ny, nx)  # nm
        hole = np.hypot(ny - 0.22, nx - 0.2) < 0.14
        thickness = np.where(hole, 0.0, np.clip(thickness, 1.0, None))
        # two-beam-like thickness oscillation (extinction distances 60 and 110 nm)
        first = 0.45 * np.sin(np.pi * thickness / 120.0) ** 2
        second = 0.2 * np.sin(np.pi * thickness / 220.0) ** 2
        central = 1.0 - first - second

        def on_detector(template: np.ndarray) -> np.ndarray:
            return template[np.ix_(iy, ix)].reshape(-1)

        t_left = [on_detector(t) for t in _disk_templates(q, lattice, 0.0, radius)]
        t_right = [on_detector(t) for t in _disk_templates(q, lattice, np.deg2rad(30.0), radius)]
        disk_area = np.pi * (radius / dq) ** 2
        dose = 4.0e4  # electrons per pattern
        coeff = np.stack(
            [
                central * (1 - grain),
                first * (1 - grain) / 8,
                second * (1 - grain) / 16,
                central * grain,
                first * grain / 8,
                second * grain / 16,
            ],
            axis=-1,
        ).reshape(-1, 6)
        coeff[hole.reshape(-1)] = [1, 0, 0, 0, 0, 0]
        templates = np.stack(t_left + t_right) * (dose / disk_area)
        mean = coeff @ templates
        qq = np.hypot(*np.meshgrid(qy, qx, indexing="ij")).reshape(-1)
        diffuse = 0.6 * np.exp(-qq / 2.0) + 0.05  # counts per pixel per nm of thickness
        mean += thickness.reshape(-1, 1) * diffuse
        counts = np.minimum(rng.poisson(mean), np.iinfo(np.uint16).max).astype(np.uint16)

        meas = _measurement(
            f,
            "four_d_stem",
            seed,
            data_type="4D-STEM",
            instrument="simulated STEM, pixelated detector",
            sample_name="SrTiO3 bicrystal (simulated)",
            accelerating_voltage_kV=200.0,
            convergence_semiangle_mrad=2.0,
            disk_radius_inv_nm=radius,
            lattice_constant_nm=lattice,
            grain_rotations_deg=np.array([0.0, 30.0]),
        )
        write_main(
            meas.create_group("Channel_000"),
            "Raw_Data",
            counts.reshape(srows, scols, drows, dcols),
            [Dimension("Y", "nm", y), Dimension("X", "nm", x)],
            [Dimension("Q_y", "1/nm", qy), Dimension("Q_x", "1/nm", qx)],
            quantity="Intensity",
            units="counts",
        )

    return _write(path, "four_d_stem", params, build)


# --------------------------------------------------------------------------------------------
# 4. BEPS


def _dc_waveform(n_dc: int, v_max: float) -> np.ndarray:
    """One triangular cycle 0 -> +v_max -> -v_max -> 0, n_dc steps (not monotonic)."""
    t = np.arange(n_dc) / n_dc
    return v_max * np.where(t < 0.25, 4 * t, np.where(t < 0.75, 2 - 4 * t, 4 * t - 4))


def beps(
    path: str | os.PathLike[str] | None = None,
    *,
    size: int | tuple[int, int] = (12, 16),
    n_freq: int = 32,
    n_dc: int = 24,
    seed: int = 0,
) -> Path:
    """Simulated band-excitation piezoresponse spectroscopy (BEPS) on a grid, complex.

    At each position a triangular DC cycle 0 -> +10 V -> -10 V -> 0 switches the polarization
    (coercive voltages about +-3 V with an imprint that varies across the map). After every DC
    step the band-excitation response around the contact resonance (f0 ~ 350 kHz, Q ~ 80) is
    recorded with the DC on (``Field`` = 1, in-field: adds an electrostatic term) and off
    (``Field`` = 0, remanent). The response's sign follows the polarization, so its phase flips
    by pi between the two branches of the hysteresis loop.

    Main dataset ``(rows * cols, n_dc * 2 * n_freq)`` complex64, quantity ``Piezoresponse``,
    units ``pm``; position dims ``Y``, ``X`` in um (written ``µm``), spectroscopic dims slowest
    first ``DC_Offset`` (V, not monotonic), ``Field`` (0 = out-of-field, 1 = in-field, no
    units), ``Frequency`` (kHz, 335 .. 365).
    """
    rows, cols = _size2(size, "size")
    n_freq = _count(n_freq, "n_freq", 2)
    n_dc = _count(n_dc, "n_dc", 4)
    params = {"size": (rows, cols), "nf": n_freq, "ndc": n_dc, "seed": seed}

    def build(f: h5py.File) -> None:
        rng = np.random.default_rng(seed)
        y = _axis(rows) * 2.0
        x = _axis(cols) * 2.0
        freq = np.linspace(335.0, 365.0, n_freq)
        dc = _dc_waveform(n_dc, 10.0)
        ny, nx = np.meshgrid(_axis(rows), _axis(cols), indexing="ij")
        f0 = 350.0 + 4.0 * _smooth_field(rng, ny, nx) + 3.0 * (ny - 0.5)
        quality = 80.0 + 10.0 * _smooth_field(rng, ny, nx)
        imprint = 1.5 * (nx - 0.5) + 0.5 * _smooth_field(rng, ny, nx)
        v_up = 3.0 + imprint + 0.3 * rng.standard_normal((rows, cols))
        v_down = -3.0 + imprint + 0.3 * rng.standard_normal((rows, cols))
        amp = 40.0 + 8.0 * _smooth_field(rng, ny, nx)  # pm at resonance
        phase0 = 0.35

        # branch of the loop: rising steps follow v_up, falling steps v_down; the cycle starts
        # at 0 V coming up from -v_max (the end of the previous cycle)
        previous = np.concatenate([[dc[-1] if n_dc > 1 else -1.0], dc[:-1]])
        rising = dc >= previous
        vc = np.where(rising[None, None, :], v_up[..., None], v_down[..., None])
        pol = np.tanh((dc - vc) / 0.8)  # (rows, cols, n_dc)
        in_field = pol + 0.25 * dc / 10.0
        response = np.stack([pol, in_field], axis=-1)  # (rows, cols, n_dc, 2)

        ratio = freq / f0[..., None]
        sho = 1.0 / (quality[..., None] * (1 - ratio**2) + 1j * ratio)  # |sho| = 1 at f0
        data = (amp[..., None, None, None] * np.exp(1j * phase0)) * (
            response[..., None] * sho[:, :, None, None, :]
        )
        noise = rng.normal(0.0, 1.2, size=data.shape + (2,))
        data = data + noise[..., 0] + 1j * noise[..., 1]
        meas = _measurement(
            f,
            "beps",
            seed,
            data_type="BEPSData",
            instrument="simulated AFM, band excitation",
            sample_name="PbZr0.2Ti0.8O3 film (simulated)",
            VS_max_DC_V=10.0,
            VS_mode="DC modulation mode",
        )
        write_main(
            meas.create_group("Channel_000"),
            "Raw_Data",
            data.astype(np.complex64),
            [Dimension("Y", "µm", y), Dimension("X", "µm", x)],
            [
                Dimension("DC_Offset", "V", dc),
                Dimension("Field", "", [0.0, 1.0]),
                Dimension("Frequency", "kHz", freq),
            ],
            quantity="Piezoresponse",
            units="pm",
        )

    return _write(path, "beps", params, build)


# --------------------------------------------------------------------------------------------
# 5. AFM force curve


def force_curve(
    path: str | os.PathLike[str] | None = None,
    *,
    n_points: int = 2048,
    seed: int = 0,
) -> Path:
    """A simulated AFM force-distance curve at one position: approach, then retract.

    The Z piezo extends 0 -> 250 nm (approach) and retracts back (``n_points`` steps in all, the
    first half approaching). Out of contact the force is zero apart from a weak van der Waals
    attraction and a snap-in just before contact at Z ~ 150 nm; in contact it rises with the
    cantilever's spring constant (0.1 N/m) to about 10 nN. On retract, adhesion holds the tip
    down to about -4 nN before it pulls off. Thermal noise and a slight optical-interference
    ripple are added.

    Main dataset ``(1, n_points)`` float32, quantity ``Force``, units ``nN``; position dims
    ``Y``, ``X`` (um, one position each), spectroscopic dim ``Z`` in nm (rises, then falls).
    """
    n_points = _count(n_points, "n_points", 4)
    params = {"n": n_points, "seed": seed}

    def build(f: h5py.File) -> None:
        rng = np.random.default_rng(seed)
        n_app = n_points // 2
        z_max, k = 250.0, 0.1  # nm, nN/nm
        z = np.concatenate(
            [np.linspace(0.0, z_max, n_app), np.linspace(z_max, 0.0, n_points - n_app)]
        )
        contact = 150.0 + rng.normal(0.0, 2.0)
        adhesion = 4.0 + abs(rng.normal(0.0, 0.3))
        approach = np.arange(n_points) < n_app
        gap = contact - z  # > 0 out of contact
        vdw = -0.5 / np.maximum(gap, 1.5) ** 2  # nN, weak attraction close to the surface
        force = np.where(gap > 1.5, vdw, k * (z - contact) - 0.25)
        # retract: the tip sticks until the pull-off force is reached
        retract = ~approach & (k * (z - contact) >= -adhesion)
        force = np.where(retract, k * (z - contact), np.where(~approach, vdw, force))
        force = force - 0.001 * (z - contact) * (gap > 0)  # virtual deflection (optics)
        force += 0.03 * np.sin(2 * np.pi * z / 31.6)  # interference ripple
        force += rng.normal(0.0, 0.04, size=n_points)  # thermal noise
        meas = _measurement(
            f,
            "force_curve",
            seed,
            data_type="AFMData",
            instrument="simulated AFM, contact mode force spectroscopy",
            sample_name="polystyrene on silicon (simulated)",
            spring_constant_N_per_m=k,
            contact_point_nm=contact,
            adhesion_nN=adhesion,
        )
        write_main(
            meas.create_group("Channel_000"),
            "Raw_Data",
            force.astype(np.float32)[None, None, :],
            [Dimension("Y", "µm", [1.25]), Dimension("X", "µm", [2.5])],
            [Dimension("Z", "nm", z)],
            quantity="Force",
            units="nN",
        )

    return _write(path, "force_curve", params, build)


# --------------------------------------------------------------------------------------------
# 6. sparse sampling + a partially completed result


def sparse_scan(
    path: str | os.PathLike[str] | None = None,
    *,
    n_points: int = 96,
    grid: int | tuple[int, int] = 32,
    n_freq: int = 48,
    completed: float = 0.4,
    seed: int = 0,
) -> Path:
    """Band-excitation spectra at positions sampled at random, and an unfinished SHO fit.

    ``n_points`` positions are drawn without repetition from a ``grid`` of a 4 x 4 um scan (as a
    compressed-sensing acquisition does); each holds a Lorentzian resonance whose frequency
    follows a smooth map (about 330 .. 345 kHz). Positions use USID's sparse convention: every
    column of ``Position_Indices`` is 0 .. n_points-1; ``Position_Values`` hold the real X, Y.

    A results group ``Raw_Data-SHO_Fit_000`` (``tool = "SHO_Fit"``, ``source_000`` -> the raw
    data) shares the raw data's position datasets and holds two Main datasets, ``Frequency``
    (kHz) and ``Amplitude`` (pm), one value per position, a ``completed_positions`` dataset
    (uint8, 1 for the first ``round(completed * n_points)`` positions, 0 after) and
    ``last_pixel``: the fit was interrupted, so the results beyond are still zeros. The fitted
    values come from the spectra (peak position by parabolic interpolation, and its height).

    Main datasets: ``/Measurement_000/Channel_000/Raw_Data`` ``(n_points, n_freq)`` float32,
    ``Amplitude`` in pm, spectroscopic dim ``Frequency`` in kHz; position labels ``Y``, ``X``
    in um (written ``µm``).
    """
    n_points = _count(n_points, "n_points", 2)
    gy, gx = _size2(grid, "grid")
    n_freq = _count(n_freq, "n_freq", 3)
    if n_points > gy * gx:
        raise ValueError(f"n_points ({n_points}) exceeds the {gy} x {gx} grid")
    if not 0.0 <= completed <= 1.0:
        raise ValueError(f"completed must be between 0 and 1, got {completed!r}")
    params = {"n": n_points, "grid": (gy, gx), "nf": n_freq, "done": completed, "seed": seed}

    def build(f: h5py.File) -> None:
        rng = np.random.default_rng(seed)
        cells = rng.choice(gy * gx, size=n_points, replace=False)
        row, col = np.divmod(cells, gx)
        ny, nx = _axis(gy)[row], _axis(gx)[col]
        y, x = ny * 4.0, nx * 4.0
        freq = np.linspace(320.0, 355.0, n_freq)
        f0 = 330.0 + 10.0 * nx + 3.0 * ny + 1.5 * _smooth_field(rng, ny, nx)
        height = 80.0 + 20.0 * _smooth_field(rng, ny, nx)
        half = f0 / 140.0 / 2.0
        spectra = (
            height[:, None] * half[:, None] ** 2 / ((freq - f0[:, None]) ** 2 + half[:, None] ** 2)
        )
        spectra += 2.0 + rng.normal(0.0, 1.5, size=spectra.shape)

        meas = _measurement(
            f,
            "sparse_scan",
            seed,
            data_type="BELineData",
            instrument="simulated AFM, band excitation, sparse sampling",
            sample_name="PbZr0.2Ti0.8O3 film (simulated)",
            grid_rows=gy,
            grid_cols=gx,
            scan_size_um=4.0,
        )
        chan = meas.create_group("Channel_000")
        diagonal = np.repeat(np.arange(n_points)[:, None], 2, axis=1)
        pos_i, pos_v = write_ancillary(
            chan,
            "Position",
            diagonal,
            np.stack([y, x], axis=1),
            ["Y", "X"],
            ["µm", "µm"],
            kind="position",
        )
        spec_i, spec_v = write_ancillary(
            chan,
            "Spectroscopic",
            np.arange(n_freq),
            freq,
            ["Frequency"],
            ["kHz"],
            kind="spectroscopic",
        )
        raw = write_main_raw(
            chan,
            "Raw_Data",
            spectra.astype(np.float32),
            pos_inds=pos_i,
            pos_vals=pos_v,
            spec_inds=spec_i,
            spec_vals=spec_v,
            quantity="Amplitude",
            units="pm",
        )

        # the fit: peak by parabolic interpolation around the maximum, for the first n_done
        n_done = int(round(completed * n_points))
        peak = np.clip(np.argmax(spectra, axis=1), 1, n_freq - 2)
        idx = np.arange(n_points)
        a, b, c = spectra[idx, peak - 1], spectra[idx, peak], spectra[idx, peak + 1]
        denom = a - 2 * b + c
        shift = np.where(denom != 0, 0.5 * (a - c) / np.where(denom != 0, denom, 1), 0.0)
        shift = np.clip(shift, -1, 1)
        fit_freq = np.interp(peak + shift, np.arange(n_freq), freq)
        fit_amp = b - 0.25 * (a - c) * shift
        done = idx < n_done

        results = create_results_group(raw, "SHO_Fit")
        results.attrs["last_pixel"] = np.int64(n_done)
        results.attrs["algorithm"] = "parabolic peak interpolation"
        results.create_dataset("completed_positions", data=done.astype(np.uint8))
        r_si, r_sv = write_ancillary(
            results, "Spectroscopic", [0], [0.0], ["arb"], ["a.u."], kind="spectroscopic"
        )
        for name, values, units in (
            ("Frequency", fit_freq, "kHz"),
            ("Amplitude", fit_amp, "pm"),
        ):
            write_main_raw(
                results,
                name,
                np.where(done, values, 0.0).astype(np.float32)[:, None],
                pos_inds=pos_i,
                pos_vals=pos_v,
                spec_inds=r_si,
                spec_vals=r_sv,
                quantity=f"Resonance {name.lower()}",
                units=units,
            )

    return _write(path, "sparse_scan", params, build)


# --------------------------------------------------------------------------------------------
# registry

ALL: dict[str, Callable[..., Path]] = {
    "stem_image": stem_image,
    "band_excitation": band_excitation,
    "four_d_stem": four_d_stem,
    "beps": beps,
    "force_curve": force_curve,
    "sparse_scan": sparse_scan,
}


def list_datasets() -> list[str]:
    """Names of the generators in :data:`ALL`, e.g. ``datasets.ALL["beps"](seed=1)``."""
    return list(ALL)
