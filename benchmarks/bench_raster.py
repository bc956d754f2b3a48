"""Colour-mapping a frame on the 2-D canvas (the heatmap's path) against WebGL, in Chromium.

One run, printing medians; a measurement, not a timed test (issue 20, "Cheaper paint").

A bare page (no Jupyter) imports the heatmap's own modules from ``js/src`` (served to the page
through Playwright's request routing) and draws ``--frames`` float32 frames of 512 x 512 and
2048 x 2048 (four different frames in turn, uniform values with 1 % NaN) in two ways:

- **canvas**: ``colorize()`` of ``raster.js`` into the Uint32 view of one reused ImageData,
  then ``putImageData`` (what ``createRaster().grid`` does);
- **webgl**: the frame uploaded as an R32F texture (``texSubImage2D``), a fragment shader
  that computes the colormap entry ``floor((v - f0) * k * 256)`` clamped to 0..255 and reads a
  256 x 1 RGBA texture of the LUT (NaN transparent), one full-canvas triangle.

Each draw ends with a one-pixel read back (``getImageData`` / ``readPixels``), which waits for
the drawing to be done, so both timings include the GPU (or SwiftShader) work. Limits are
computed once per frame outside the timing (both paths need them). The first frame's pixels of
the two paths are compared in full: the number of pixels that differ says whether WebGL's
float32 arithmetic gives the same colormap entries as JavaScript's float64 one.

Chromium is launched twice: with the end-to-end tests' arguments (``--disable-gpu``, the
CI setting) and with ``--enable-unsafe-swiftshader --use-angle=swiftshader`` (WebGL through
the CPU renderer). The GL renderer string is printed.

Run: ``python benchmarks/bench_raster.py [--frames 40]``.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import platform
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.append(str(REPO))

from tests.e2e.harness import CHROMIUM_ARGS, find_chromium, isolated_env  # noqa: E402

ORIGIN = "http://bench.invalid"

PAGE = """<!doctype html><html><body>
<script type="importmap">{"imports": {
  "d3-array": "/node_modules/d3-array/dist/d3-array.mjs",
  "d3-format": "/node_modules/d3-format/dist/d3-format.mjs"
}}</script>
<script type="module">
import { colorize } from "./raster.js";
import { makeNorm, autoLimits, stats } from "./scales.js";
import { getLUT } from "./colormaps.js";

const VS = `#version 300 es
in vec2 p;
void main() { gl_Position = vec4(p, 0.0, 1.0); }`;
// Row 0 of the data at the top of the canvas, as the 2-D canvas draws it.
const FS = `#version 300 es
precision highp float;
precision highp int;
uniform highp sampler2D data;
uniform lowp sampler2D lut;
uniform float f0;
uniform float k;
uniform int rows;
out vec4 color;
void main() {
  ivec2 c = ivec2(gl_FragCoord.xy);
  float v = texelFetch(data, ivec2(c.x, rows - 1 - c.y), 0).r;
  if (isnan(v) || v != v) { color = vec4(0.0); return; }
  float j = floor((v - f0) * k * 256.0);
  color = texelFetch(lut, ivec2(int(clamp(j, 0.0, 255.0)), 0), 0);
}`;

function frames(side, count) {
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Array.from({ length: count }, () => {
    const d = new Float32Array(side * side);
    for (let i = 0; i < d.length; i++) d[i] = rnd() < 0.01 ? NaN : rnd() * 1000 - 200;
    return d;
  });
}

function glInfo() {
  const c = document.createElement("canvas");
  const gl = c.getContext("webgl2");
  if (!gl) return { webgl2: false, renderer: "none" };
  const ext = gl.getExtension("WEBGL_debug_renderer_info");
  const renderer = gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  return { webgl2: true, renderer: String(renderer) };
}

function canvasPainter(side) {
  const canvas = document.createElement("canvas");
  canvas.width = side;
  canvas.height = side;
  document.body.append(canvas);
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(side, side);
  const px = new Uint32Array(img.data.buffer);
  return {
    draw(data, norm, lut) {
      const t0 = performance.now();
      colorize(data, data.length, norm, new Uint32Array(lut.buffer, lut.byteOffset, 256), px);
      const t1 = performance.now();
      ctx.putImageData(img, 0, 0);
      ctx.getImageData(0, 0, 1, 1);
      return [t1 - t0, performance.now() - t1];
    },
    pixels: () => new Uint8Array(ctx.getImageData(0, 0, side, side).data.buffer),
    remove: () => canvas.remove(),
  };
}

function glPainter(side) {
  const canvas = document.createElement("canvas");
  canvas.width = side;
  canvas.height = side;
  document.body.append(canvas);
  const options = { premultipliedAlpha: false, preserveDrawingBuffer: true, antialias: false };
  const gl = canvas.getContext("webgl2", options);
  if (!gl) return null;
  const shader = (type, src) => {
    const s = gl.createShader(type);
    gl.shaderSource(s, src);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(s));
    return s;
  };
  const prog = gl.createProgram();
  gl.attachShader(prog, shader(gl.VERTEX_SHADER, VS));
  gl.attachShader(prog, shader(gl.FRAGMENT_SHADER, FS));
  gl.linkProgram(prog);
  if (!gl.getProgramParameter(prog, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(prog));
  gl.useProgram(prog);
  const buf = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, buf);
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 3, -1, -1, 3]), gl.STATIC_DRAW);
  const loc = gl.getAttribLocation(prog, "p");
  gl.enableVertexAttribArray(loc);
  gl.vertexAttribPointer(loc, 2, gl.FLOAT, false, 0, 0);
  const tex = (unit) => {
    const t = gl.createTexture();
    gl.activeTexture(gl.TEXTURE0 + unit);
    gl.bindTexture(gl.TEXTURE_2D, t);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    return t;
  };
  tex(1);
  gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
  let lutSet = null;
  tex(0);
  gl.texStorage2D(gl.TEXTURE_2D, 1, gl.R32F, side, side);
  gl.uniform1i(gl.getUniformLocation(prog, "data"), 0);
  gl.uniform1i(gl.getUniformLocation(prog, "lut"), 1);
  gl.uniform1i(gl.getUniformLocation(prog, "rows"), side);
  const uf0 = gl.getUniformLocation(prog, "f0");
  const uk = gl.getUniformLocation(prog, "k");
  gl.viewport(0, 0, side, side);
  const one = new Uint8Array(4);
  return {
    draw(data, norm, lut) {
      const t0 = performance.now();
      if (lutSet !== lut) {
        gl.activeTexture(gl.TEXTURE1);
        gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, 256, 1, 0, gl.RGBA, gl.UNSIGNED_BYTE, lut);
        lutSet = lut;
      }
      gl.activeTexture(gl.TEXTURE0);
      gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, side, side, gl.RED, gl.FLOAT, data);
      gl.uniform1f(uf0, norm.f0);
      gl.uniform1f(uk, norm.k);
      const t1 = performance.now();
      gl.drawArrays(gl.TRIANGLES, 0, 3);
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, one);
      return [t1 - t0, performance.now() - t1];
    },
    pixels() {
      const out = new Uint8Array(side * side * 4);
      gl.readPixels(0, 0, side, side, gl.RGBA, gl.UNSIGNED_BYTE, out);
      const flipped = new Uint8Array(out.length); // readPixels is bottom-up
      const row = side * 4;
      for (let r = 0; r < side; r++) {
        flipped.set(out.subarray(r * row, (r + 1) * row), (side - 1 - r) * row);
      }
      return flipped;
    },
    remove: () => canvas.remove(),
  };
}

const median = (a) => {
  const s = a.slice().sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

window.runBench = ({ side, count }) => {
  const info = glInfo();
  const data = frames(side, 4);
  const norms = data.map((d) => {
    const st = stats(d);
    const [lo, hi] = autoLimits(d, [0.5, 99.5], "linear", st);
    return makeNorm("linear", lo, hi, st.minPositive);
  });
  const lut = getLUT("viridis");
  const painters = { canvas: canvasPainter(side) };
  let glError = "";
  try {
    const g = info.webgl2 ? glPainter(side) : null;
    if (g) painters.webgl = g;
  } catch (e) {
    glError = String(e && e.message ? e.message : e);
  }
  const times = {};
  for (const name of Object.keys(painters)) times[name] = { prep: [], draw: [], total: [] };
  // alternate the paths frame by frame so both see the same machine load
  for (let i = 0; i < count + 3; i++) {
    for (const [name, p] of Object.entries(painters)) {
      const [a, b] = p.draw(data[i % 4], norms[i % 4], lut);
      if (i < 3) continue; // warm-up (JIT, shader compile, first allocation)
      times[name].prep.push(a);
      times[name].draw.push(b);
      times[name].total.push(a + b);
    }
  }
  const result = { side, info, glError, medians: {} };
  for (const [name, t] of Object.entries(times)) {
    result.medians[name] = { prep: median(t.prep), draw: median(t.draw), total: median(t.total) };
  }
  if (painters.webgl) {
    // the first frame again in both, then every pixel compared
    painters.canvas.draw(data[0], norms[0], lut);
    painters.webgl.draw(data[0], norms[0], lut);
    const a = new Uint32Array(painters.canvas.pixels().buffer);
    const b = new Uint32Array(painters.webgl.pixels().buffer);
    let differ = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differ++;
    result.differ = differ;
    result.pixels = a.length;
  }
  for (const p of Object.values(painters)) p.remove();
  return result;
};
window.benchReady = true;
</script></body></html>
"""

VARIANTS = {
    "e2e args (--disable-gpu)": list(CHROMIUM_ARGS),
    "swiftshader WebGL": [a for a in CHROMIUM_ARGS if a != "--disable-gpu"]
    + ["--enable-unsafe-swiftshader", "--use-angle=swiftshader"],
}


def serve(src: Path):
    """A Playwright route handler: the bench page at /src/, the files of ``src`` (``js/``,
    with its ``node_modules`` for d3) under /."""

    def handler(route):
        path = route.request.url[len(ORIGIN) :].split("?")[0].lstrip("/")
        if path in ("src/", "src/index.html"):
            return route.fulfill(body=PAGE, content_type="text/html")
        file = (src / path).resolve()
        if src not in file.parents or not file.is_file():
            print(f"   (bench page asked for a missing file: {path})")
            return route.fulfill(status=404, body="not found")
        ctype = "application/json" if file.suffix == ".json" else mimetypes.guess_type(file.name)[0]
        if file.suffix == ".js":
            ctype = "text/javascript"
        ctype = ctype or "application/octet-stream"
        return route.fulfill(body=file.read_bytes(), content_type=ctype)

    return handler


def run_page(page, src: Path, sizes: list[int], frames: int, label: str) -> list[dict]:
    """Load the bench page in ``page`` and run it for each size; print and return the results."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.route(f"{ORIGIN}/**", serve(src))
    page.goto(f"{ORIGIN}/src/")
    try:
        page.wait_for_function("() => window.benchReady === true", timeout=20000)
    except Exception as e:
        raise SystemExit(f"the bench page did not load: {errors or e}") from None
    out = []
    for side in sizes:
        r = page.evaluate("(a) => window.runBench(a)", {"side": side, "count": frames})
        r["variant"] = label
        out.append(r)
        info = r["info"]
        print(f"   {side} x {side}: WebGL2 {info['webgl2']}, renderer {info['renderer']}")
        if r["glError"]:
            print(f"     WebGL path failed: {r['glError']}")
        for name, m in r["medians"].items():
            print(
                f"     {name:6s} median {m['total']:7.2f} ms (colour-map/upload "
                f"{m['prep']:6.2f}, put/draw + sync {m['draw']:6.2f})"
            )
        if "webgl" in r["medians"]:
            ratio = r["medians"]["webgl"]["total"] / r["medians"]["canvas"]["total"]
            print(f"     webgl / canvas = {ratio:.2f}")
            print(f"     pixels that differ between the paths: {r['differ']} of {r['pixels']}")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--frames", type=int, default=40, help="frames drawn per size and path")
    ap.add_argument("--sizes", type=int, nargs="+", default=[512, 2048])
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    src = (REPO / "js").resolve()
    if not (src / "node_modules" / "d3-array").is_dir():
        raise SystemExit("run `npm ci` in js/ first (the modules import d3)")
    exe = find_chromium()
    if exe is None:
        raise SystemExit("chromium is not installed: apt-get install chromium")
    print(f"# {platform.node()} {platform.machine()}, {exe}")
    out = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        for label, chromium_args in VARIANTS.items():
            browser = pw.chromium.launch(
                executable_path=exe, headless=True, args=chromium_args, env=isolated_env(Path(tmp))
            )
            try:
                print(f"\n## {label}: {' '.join(chromium_args)}")
                print(f"   browser {browser.version}")
                out += run_page(browser.new_page(), src, args.sizes, args.frames, label)
            finally:
                browser.close()
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
