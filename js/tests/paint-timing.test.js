import { test } from "node:test";
import assert from "node:assert/strict";
import { PAINT_MEASURE, measured } from "../src/paint-timing.js";

test("measured() hands a User Timing measure to observers and leaves none in the buffer", async () => {
  const seen = [];
  const done = new Promise((resolve) => {
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name.startsWith(PAINT_MEASURE)) seen.push(e);
      if (seen.length >= 2) {
        obs.disconnect();
        resolve();
      }
    });
    obs.observe({ entryTypes: ["measure"] });
  });
  const t0 = performance.now();
  let x = 0;
  for (let i = 0; i < 1e5; i++) x += Math.sqrt(i); // some work to measure
  const t1 = measured("colormap", t0);
  const t2 = measured("put", t1);
  await done;
  assert.ok(x > 0 && t1 >= t0 && t2 >= t1);
  assert.deepEqual(seen.map((e) => e.name), ["usidw:colormap", "usidw:put"]);
  assert.equal(seen[0].startTime, t0);
  assert.ok(Math.abs(seen[0].duration - (t1 - t0)) < 1e-6);
  assert.equal(performance.getEntriesByName("usidw:colormap").length, 0, "cleared from the buffer");
  assert.equal(performance.getEntriesByType("measure").filter((e) => e.name.startsWith(PAINT_MEASURE)).length, 0);
});
