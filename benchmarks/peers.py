"""The peers the explorer is measured against, in the same run and on the same data.

Shared by ``bench_first_paint.py --peers`` (the open). Each peer is kernel code (a setup cell,
run untimed in a fresh kernel, and the timed cell) plus what the page must show for the view
to count as drawn (``DRAWN`` in ``bench_first_paint.py``):

- ``explorer`` (and ``before``, the same from another checkout, ``--before``):
  ``explorer(path)``; drawn: the heatmap carries a ``data-frame-id`` and the
  spectrum's line (or the 4D-STEM plane) is drawn.
- ``pyusid``: pyUSID 0.0.12's ``USIDataset(h5_main).visualize()`` under ipympl
  (``%matplotlib widget``), what pycroscopy users run today. pyUSID calls ``np.product``,
  which numpy 2 removed: the setup cell sets ``np.product = np.prod`` (printed by the
  benchmark). More than two spectroscopic dimensions are refused by ``visualize``; the N-d
  file gets ``slice_dict`` fixing the other dimensions at the explorer's first indices (the
  middle), so both show the same map and spectrum. Drawn: the first ipympl canvas holds
  pixels (its centre is not transparent), i.e. the figure's first PNG was painted.
- ``minimal``: a minimal anywidget defined here, not in the package: the kernel reads the
  explorer's first view with h5py (the map: one column of the Main dataset, the amplitude
  of complex data; the second view: the middle position's row, its spectrum along the
  fastest spectroscopic dimension as an SVG polyline, or for 4D-STEM its pattern on a second
  canvas) and sends each as a float32 binary buffer at full resolution; the browser scales
  it to its min / max, colour-maps it with a 256-entry viridis table on a canvas (one canvas
  pixel a cell, shown 440 CSS px wide) and draws the line. No axes, ticks, colorbar,
  readout, sliders or file tree, and the layout of the Main dataset is given, not read from
  its ancillary datasets: the floor of "read the same first view and paint it".
"""

from __future__ import annotations

import numpy as np

PEERS = ("explorer", "pyusid", "minimal")

MINIMAL_ESM = r"""
const STOPS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
const LUT = new Uint8ClampedArray(256 * 4);
for (let i = 0; i < 256; i++) {
  const t = (i / 255) * (STOPS.length - 1);
  const k = Math.min(STOPS.length - 2, Math.floor(t));
  const u = t - k;
  for (let c = 0; c < 3; c++) LUT[4 * i + c] = STOPS[k][c] + u * (STOPS[k + 1][c] - STOPS[k][c]);
  LUT[4 * i + 3] = 255;
}
const f32 = (dv) => new Float32Array(dv.buffer.slice(dv.byteOffset, dv.byteOffset + dv.byteLength));
function paint(el, dv, shape) {
  const [rows, cols] = shape;
  const a = f32(dv);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const s = hi > lo ? 255 / (hi - lo) : 0;
  const c = document.createElement("canvas");
  c.width = cols;
  c.height = rows;
  c.style.width = "440px";
  c.style.height = `${Math.round((440 * rows) / cols)}px`;
  const ctx = c.getContext("2d");
  const img = ctx.createImageData(cols, rows);
  const px = new Uint32Array(img.data.buffer);
  const lut = new Uint32Array(LUT.buffer);
  for (let i = 0; i < a.length; i++) px[i] = lut[Math.max(0, Math.min(255, ((a[i] - lo) * s) | 0))];
  ctx.putImageData(img, 0, 0);
  el.append(c);
}
function line(el, dv) {
  const y = f32(dv);
  let lo = Infinity, hi = -Infinity;
  for (const v of y) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", "440");
  svg.setAttribute("height", "200");
  const p = document.createElementNS(ns, "polyline");
  const pts = [];
  for (let i = 0; i < y.length; i++) {
    const x = (440 * i) / Math.max(1, y.length - 1);
    pts.push(`${x},${200 - (200 * (y[i] - lo)) / (hi - lo || 1)}`);
  }
  p.setAttribute("points", pts.join(" "));
  p.setAttribute("fill", "none");
  p.setAttribute("stroke", "steelblue");
  svg.append(p);
  el.append(svg);
}
export default {
  render({ model, el }) {
    const root = document.createElement("div");
    root.className = "peer-min";
    el.append(root);
    paint(root, model.get("map"), model.get("map_shape"));
    const kind = model.get("second_kind");
    if (kind === "line") line(root, model.get("second"));
    else if (kind === "plane") paint(root, model.get("second"), model.get("second_shape"));
    root.setAttribute("data-drawn", "1");
  },
};
"""

# Defines ``Minimal`` in the kernel (the setup cell of the minimal peer).
MINIMAL_SETUP = """
import h5py, numpy as np, anywidget, traitlets

class Minimal(anywidget.AnyWidget):
    _esm = {esm!r}
    map = traitlets.Bytes().tag(sync=True)
    map_shape = traitlets.List().tag(sync=True)
    second = traitlets.Bytes().tag(sync=True)
    second_shape = traitlets.List().tag(sync=True)
    second_kind = traitlets.Unicode("").tag(sync=True)

    def __init__(self, path, dataset, pos, spec, col, row, second):
        with h5py.File(path, "r") as f:
            d = f[dataset]
            m = d[:, col]
            line = d[row, :] if second else None
        if m.dtype.kind == "c":
            m = np.abs(m)
            line = None if line is None else np.abs(line)
        state = dict(map=m.astype(np.float32).tobytes(), map_shape=list(pos[-2:]))
        if second == "line":
            mid = tuple(n // 2 for n in spec[:-1])
            y = line.reshape(spec)[mid] if len(spec) > 1 else line
            state.update(second=np.ascontiguousarray(y, np.float32).tobytes(),
                         second_shape=[len(y)], second_kind="line")
        elif second == "plane":
            state.update(second=line.astype(np.float32).tobytes(), second_shape=list(spec),
                         second_kind="plane")
        super().__init__(**state)
"""

PYUSID_SETUP = """
import numpy as np
np.product = np.prod  # pyUSID 0.0.12 calls np.product, removed in numpy 2
%matplotlib widget
import h5py, pyUSID as usid, matplotlib.pyplot as plt
"""

EXPLORER_SETUP = """
from usid_widgets import explorer
"""


def first_view(case) -> dict:
    """Where the explorer's first view of a ``bench_explorer`` case lies in the Main dataset:
    every index in the middle; the map is one column, the second view one row."""
    pos = [a.size for a in case.pos]
    spec = [a.size for a in case.spec] or [1]
    col = int(np.ravel_multi_index([n // 2 for n in spec], spec))
    row = int(np.ravel_multi_index([n // 2 for n in pos], pos))
    second = None if len(case.spec) == 0 else ("plane" if len(case.spec) == 2 else "line")
    return {"pos": pos, "spec": spec, "col": col, "row": row, "second": second}


def setup_cell(peer: str, before: str | None = None) -> str:
    """The untimed cell run in each fresh kernel before the peer's open; ``"before"``: the
    explorer of the checkout ``before`` (``--before``), first on the kernel's path."""
    if peer == "before":
        return f"import sys\nsys.path.insert(0, {before!r})\n{EXPLORER_SETUP}"
    if peer == "minimal":
        return MINIMAL_SETUP.format(esm=MINIMAL_ESM)
    return {"explorer": EXPLORER_SETUP, "pyusid": PYUSID_SETUP}[peer]


def open_cell(peer: str, case, path: str, dataset: str) -> str:
    """The timed cell: the peer opens ``path`` and shows its first view."""
    if peer in ("explorer", "before"):
        return f"w = explorer({path!r})\nw"
    view = first_view(case)
    if peer == "minimal":
        args = ", ".join(repr(view[k]) for k in ("pos", "spec", "col", "row", "second"))
        return f"m = Minimal({path!r}, {dataset!r}, {args})\nm"
    # all but the spectrum's dimension (the fastest) fixed in the middle, when there are more
    # than visualize() takes
    fixed = {a.name: a.size // 2 for a in case.spec[:-1]} if len(case.spec) > 2 else {}
    kw = f"slice_dict={fixed!r}" if fixed else ""
    return (
        f"h5_file = h5py.File({path!r}, 'r')\nusid.USIDataset(h5_file[{dataset!r}]).visualize({kw})"
    )


# -- the step (bench_paint.py --peers) -------------------------------------------------------

STEP_ESM = r"""
const STOPS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
const LUT = new Uint8ClampedArray(256 * 4);
for (let i = 0; i < 256; i++) {
  const t = (i / 255) * (STOPS.length - 1);
  const k = Math.min(STOPS.length - 2, Math.floor(t));
  const u = t - k;
  for (let c = 0; c < 3; c++) LUT[4 * i + c] = STOPS[k][c] + u * (STOPS[k + 1][c] - STOPS[k][c]);
  LUT[4 * i + 3] = 255;
}
export default {
  render({ model, el }) {
    const root = document.createElement("div");
    root.className = "peer-step";
    const input = document.createElement("input");
    input.type = "range";
    input.min = "0";
    input.max = String(model.get("size") - 1);
    input.value = String(model.get("index"));
    input.setAttribute("aria-label", "minimal step");
    // as every widget does: JupyterLab's shortcuts must not take the slider's keys
    input.addEventListener("keydown", (e) => e.stopPropagation());
    input.addEventListener("input", () => {
      model.set("index", Number(input.value));
      model.save_changes();
    });
    const c = document.createElement("canvas");
    c.style.width = "440px";
    const ctx = c.getContext("2d");
    let n = 0;
    const paint = () => {
      const [rows, cols] = model.get("shape");
      const dv = model.get("map");
      const a = new Float32Array(dv.buffer.slice(dv.byteOffset, dv.byteOffset + 4 * rows * cols));
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < a.length; i++) {
        const v = a[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const s = hi > lo ? 255 / (hi - lo) : 0;
      if (c.width !== cols || c.height !== rows) {
        c.width = cols;
        c.height = rows;
      }
      const img = ctx.createImageData(cols, rows);
      const px = new Uint32Array(img.data.buffer);
      const lut = new Uint32Array(LUT.buffer);
      for (let i = 0; i < a.length; i++) {
        px[i] = lut[Math.max(0, Math.min(255, ((a[i] - lo) * s) | 0))];
      }
      ctx.putImageData(img, 0, 0);
      root.setAttribute("data-frame", String(++n));
    };
    model.on("change:map", paint);
    root.append(input, c);
    el.append(root);
    paint();
  },
};
"""

# The step peers, in the kernel that shows the explorer of "paint.h5" (bench_paint.py):
# the same file, each step reading its map from the Main dataset as the explorer does.
STEP_SETUP = """
import h5py, numpy as np, anywidget, traitlets, ipywidgets as ipw
%matplotlib widget
import matplotlib.pyplot as plt

_peer_file = h5py.File("paint.h5", "r")
_peer_d = _peer_file["Measurement_000/Channel_000/Raw_Data"]
_peer_shape = ({ny}, {nx})


def _peer_map(i):
    return _peer_d[:, i].reshape(_peer_shape)


class MinimalStep(anywidget.AnyWidget):
    _esm = {esm!r}
    index = traitlets.Int().tag(sync=True)
    size = traitlets.Int().tag(sync=True)
    shape = traitlets.List().tag(sync=True)
    map = traitlets.Bytes().tag(sync=True)

    @traitlets.observe("index")
    def _step(self, change):
        self.map = _peer_map(change.new).astype(np.float32).tobytes()


minimal = MinimalStep(index={start}, size={nf}, shape=list(_peer_shape),
                      map=_peer_map({start}).astype(np.float32).tobytes())
fig, ax = plt.subplots(figsize=(4.4, 4.4))
im = ax.imshow(_peer_map({start}))
ipympl_slider = ipw.IntSlider({start}, 0, {nf} - 1, description="ipympl step")


def _ipympl_step(change):
    im.set_data(_peer_map(change.new))
    fig.canvas.draw_idle()


ipympl_slider.observe(_ipympl_step, names="value")
display(minimal, ipympl_slider)
plt.show()
"""


def step_setup(ny: int, nx: int, nf: int, start: int) -> str:
    """The cell that shows the two step peers (the minimal anywidget, ipympl's imshow driven
    by an ipywidgets slider as HyperSpy and sidpy update) under the explorer."""
    return STEP_SETUP.format(ny=ny, nx=nx, nf=nf, start=start, esm=STEP_ESM)
