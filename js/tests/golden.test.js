// The rules the kernel computes too, checked against the golden tables both sides share
// (tests/golden/*.json, written by tests/golden/make_golden.py; tests/test_golden.py checks
// the Python functions against the same files).

import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeModel } from "./fake-model.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { boxToFull, toFull, viewOf } from "../src/cells.js";
import { createLimits } from "../src/limits.js";
import { decode } from "../src/decode.js";
import { EXPORT_DESCRS, npyFile } from "../src/export.js";
import { lineOf, startLinks, stepUpdates } from "../src/link.js";
import { colorize, pointBuckets } from "../src/raster.js";
import { makeNorm, stats } from "../src/scales.js";
import { linearTicks } from "../src/ticks.js";
import { physicalLength, sampleLine } from "../src/profile.js";
import {
  displayUnit,
  formatNumber,
  formatQuantity,
  parseUnit,
  tickLabels,
  unitTicks,
} from "../src/format.js";

const GOLDEN = fileURLToPath(new URL("../../tests/golden/", import.meta.url));

/** The cases of a golden table. */
function cases(name) {
  const table = JSON.parse(readFileSync(`${GOLDEN}${name}.json`, "utf8"));
  assert.ok(table.rule && table.cases.length > 0, name);
  return table.cases;
}

/** A number of a table: "NaN" and "+-Infinity" are strings there. */
const num = (v) => (typeof v === "string" ? Number(v) : v);
const nums = (vs) => vs.map(num);

/** Same numbers, NaN equal to NaN, no tolerance. */
function sameNumbers(got, want, what) {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < want.length; i++) {
    const a = Number(got[i]);
    const b = num(want[i]);
    assert.ok(a === b || (Number.isNaN(a) && Number.isNaN(b)), `${what} [${i}]: ${a} !== ${b}`);
  }
}

test("golden color_limits: the limits in force of a frame (limits.js)", () => {
  for (const c of cases("color_limits")) {
    const data = Float32Array.from(nums(c.values)); // frames travel as float32
    const frame = { id: 1, mode: "grid", data, stats: stats(data) };
    const traits = {
      scale: c.scale,
      clim: c.clim && nums(c.clim),
      lock: false,
      percentiles: nums(c.percentiles),
    };
    sameNumbers(createLimits().inForce(frame, traits), c.expected, c.name);
  }
});

test("golden color_index: the colormap entry of each value (raster.js)", () => {
  const entries = Uint32Array.from({ length: 256 }, (_, i) => i + 1); // pixel = entry + 1
  for (const c of cases("color_index")) {
    const data = Float64Array.from(nums(c.values));
    const norm = makeNorm(c.scale, num(c.lo), num(c.hi), stats(data).minPositive);
    const px = new Uint32Array(data.length);
    colorize(data, data.length, norm, entries, px);
    sameNumbers(
      Array.from(px, (p) => p - 1),
      c.expected,
      `${c.name} (image)`,
    );
    const { buckets, none } = pointBuckets(data, data.length, norm);
    const points = new Array(data.length);
    buckets.forEach((list, j) => list.forEach((i) => (points[i] = j)));
    none.forEach((i) => (points[i] = -1));
    sameNumbers(points, c.expected, `${c.name} (points)`);
  }
});

test("golden held_line: the held line of an index (link.js lineOf)", () => {
  for (const c of cases("held_line")) {
    assert.equal(lineOf(c.index, c.lines, c.count), c.expected, c.name);
  }
});

test("golden step_mark: the marker and dot the browser places (link.js stepUpdates)", () => {
  const links = { line: "ln", dot: "dt", marker: "mk", step: "F" };
  for (const c of cases("step_mark")) {
    const index = c.step === null ? { X: 0 } : { X: 0, F: c.step };
    const got = stepUpdates(index, links, Float64Array.from(nums(c.x)), Float64Array.from(nums(c.y)));
    if (c.expected === null) {
      assert.deepEqual(got, [], c.name);
      continue;
    }
    const [xv, yv] = nums(c.expected);
    assert.deepEqual(
      got.map((u) => [u.id, u.name, Array.from(u.value)]),
      [
        ["mk", "x", [xv, xv]],
        ["dt", "x", [xv]],
        ["dt", "y", [yv]],
      ],
      c.name,
    );
  }
});

test("golden nice_ticks: round tick values (ticks.js linearTicks)", () => {
  for (const c of cases("nice_ticks")) {
    sameNumbers(linearTicks(num(c.lo), num(c.hi), c.count).values, c.expected, c.name);
  }
});

test("golden numbers: units, display units, single values and tick labels (format.js)", () => {
  const kinds = new Set();
  for (const c of cases("numbers")) {
    kinds.add(c.kind);
    const a = c.args;
    if (c.kind === "parse_unit") {
      const p = parseUnit(a[0]);
      assert.deepEqual(p && [p.prefix, p.base, p.power], c.expected, c.name);
    } else if (c.kind === "display_unit") {
      const du = displayUnit(a[0], num(a[1]));
      assert.deepEqual([du.unit, du.shift], c.expected, c.name);
    } else if (c.kind === "format_number") {
      assert.equal(formatNumber(num(a[0]), a[1]), c.expected, c.name);
    } else if (c.kind === "format_quantity") {
      assert.equal(formatQuantity(num(a[0]), a[1]), c.expected, c.name);
    } else if (c.kind === "tick_labels") {
      assert.deepEqual(tickLabels(nums(a[0]), num(a[1])), c.expected, c.name);
    } else if (c.kind === "unit_ticks") {
      const got = unitTicks(num(a[0]), num(a[1]), a[2], a[3]);
      assert.equal(got.unit, c.expected.unit, c.name);
      sameNumbers(got.ticks.map((t) => t.value), c.expected.values, c.name);
      assert.deepEqual(got.ticks.map((t) => t.label), c.expected.labels, c.name);
    } else {
      assert.fail(`${c.name}: unknown kind ${c.kind}`);
    }
  }
  assert.equal(kinds.size, 6);
});

test("golden binned_cells: a binned frame's cells in the full image (cells.js)", () => {
  for (const c of cases("binned_cells")) {
    const [rows, cols] = c.shape;
    const frame = { rows, cols, binning: c.binning, full: c.full_shape, offset: c.offset };
    const [r, k] = c.cell;
    assert.deepEqual(toFull(frame, c.cell), c.expected.full, `${c.name}: click`);
    assert.deepEqual(boxToFull(frame, [r, r + 1, k, k + 1]), c.expected.block, `${c.name}: block`);
    assert.deepEqual(viewOf(frame), c.expected.window, `${c.name}: window`);
  }
});


test("golden line_profile: values along a line, one sample a pixel, bilinear, a band's mean (profile.js)", () => {
  for (const c of cases("line_profile")) {
    const [rows, cols] = c.shape;
    const data = Float64Array.from(nums(c.image));
    const { t, values } = sampleLine(data, rows, cols, c.start, c.end, c.width);
    sameNumbers(t, c.expected.t, `${c.name}: t`);
    sameNumbers(values, c.expected.values, `${c.name}: values`);
    const length = physicalLength(c.start, c.end);
    sameNumbers(Array.from(t, (v) => v * length), c.expected.pixels, `${c.name}: pixels`);
  }
});

/** An array of a table ({dtype, shape, values}) as the browser receives it. */
function arrayDict({ dtype, shape, values }) {
  const Ctor = { float32: Float32Array, float64: Float64Array }[dtype];
  return { buffer: new DataView(Ctor.from(nums(values)).buffer), dtype, shape };
}

/** A trait value of a table as the model holds it in the browser. */
function browserValue(name, value) {
  if (name === "x" || name === "y") return Float64Array.from(nums(value));
  if ((name === "lines" || name === "frame") && value.data) return { ...value, data: arrayDict(value.data) };
  return value;
}

/** The model's value equals the kernel's record (arrays by content, frames by id and data). */
function sameTrait(got, want, what) {
  if (Array.isArray(want) && (want.length === 0 || typeof want[0] !== "object")) {
    if (want.every((v) => typeof v === "number" || typeof v === "string")) {
      return sameNumbers(Array.from(got ?? []), want, what);
    }
  }
  if (want && typeof want === "object" && want.data) {
    const { data, ...rest } = got;
    const { data: wantData, ...wantRest } = want;
    assert.deepEqual(rest, wantRest, what);
    const dec = decode(data);
    assert.deepEqual(dec.shape, wantData.shape, `${what}: shape`);
    return sameNumbers(dec.data, wantData.values, `${what}: data`);
  }
  assert.deepEqual(got, want, what);
}

const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};

test("golden held_steps: the browser ends with every value the kernel records", async () => {
  for (const session of cases("held_steps")) {
    /** @type {Record<string, any>} */
    const models = {};
    const wm = { get_model: (id) => Promise.resolve(models[id]) };
    const open = (state) => {
      for (const [role, traits] of Object.entries(state)) {
        if (models[role]) continue; // a view opened now arrives whole
        const values = {};
        for (const [k, v] of Object.entries(traits)) values[k] = browserValue(k, v);
        models[role] = fakeModel(values, wm);
      }
    };
    const check = (state, what) => {
      for (const [role, traits] of Object.entries(state)) {
        for (const [k, v] of Object.entries(traits)) sameTrait(models[role].get(k), v, `${what}: ${role}.${k}`);
      }
    };
    open(session.initial);
    const stop = startLinks(models.sliders);
    await settle();
    check(session.initial, `${session.name}, opened`);
    for (const [i, step] of session.steps.entries()) {
      const what = `${session.name}, step ${i} to ${JSON.stringify(step.index)}`;
      open(step.state);
      if (step.origin === "browser") models.sliders.set("index", step.index); // the user's move
      if (step.origin === "ask") {
        // the kernel's answer to the hub's request for frames ahead, which must be in flight
        const asked = models.sliders.take().filter((e) => e[0] === "send" && e[1].type === "frames");
        assert.equal(asked.length, 1, `${what}: one request in flight`);
        assert.equal(asked[0][1].token, step.request.token, `${what}: the offer's token`);
        const frames = step.answer.frames.map((f) => ({ ...f, frame: browserValue("frame", f.frame) }));
        const buffers = frames.map((f) => f.frame.data.buffer);
        models.sliders.receive({ ...step.answer, frames }, buffers);
      }
      for (const m of step.messages) {
        for (const k of m.traits) {
          if (k === "draw_held") models[m.to].receive({ type: "draw_held" }); // a message, no trait
          else models[m.to].set(k, browserValue(k, step.state[m.to][k]));
        }
        await settle();
      }
      await settle();
      check(step.state, what);
    }
    stop();
  }
});

test("golden npy_files: NPY files byte for byte numpy.save's, every dtype sent (export.js)", () => {
  const hex = (t) => Uint8Array.from(t.match(/../g) ?? [], (b) => parseInt(b, 16));
  const all = cases("npy_files");
  assert.deepEqual(new Set(all.map((c) => c.descr)), new Set(EXPORT_DESCRS));
  for (const c of all) {
    const file = npyFile(hex(c.data), c.descr, c.shape);
    assert.equal(Buffer.from(file).toString("hex"), c.npy, c.name);
  }
});
