import { test } from "node:test";
import assert from "node:assert/strict";
import { pngKey, watchSnapshots } from "../src/snapshot.js";
import { installDom } from "./fake-dom.js";

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, Buffer.from(type, "latin1"), data, Buffer.alloc(4)]);
}

function png(texts) {
  const sig = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  const ihdr = chunk("IHDR", Buffer.alloc(13));
  const t = texts.map(([k, v]) => chunk("tEXt", Buffer.from(`${k}\0${v}`, "latin1")));
  const idat = chunk("IDAT", Buffer.alloc(40, 7));
  return "data:image/png;base64," + Buffer.concat([sig, ihdr, ...t, idat]).toString("base64");
}

test("the key is read from the usid_widgets tEXt chunk", () => {
  assert.equal(pngKey(png([["usid_widgets", "usidw-abc-3"], ["Title", "x"]])), "usidw-abc-3");
  assert.equal(pngKey(png([["Title", "x"], ["usid_widgets", "usidw-k"]])), "usidw-k");
});

test("pictures without the chunk, or no PNG at all, have no key", () => {
  assert.equal(pngKey(png([["Title", "usid_widgets"]])), null);
  assert.equal(pngKey(png([])), null);
  assert.equal(pngKey("data:image/jpeg;base64,AAAA"), null);
  assert.equal(pngKey(null), null);
  assert.equal(pngKey("data:image/png;base64,@@@@"), null);
});

/** requestAnimationFrame and MutationObserver run by hand. */
function fakeFrames() {
  const saved = {
    raf: globalThis.requestAnimationFrame,
    caf: globalThis.cancelAnimationFrame,
    mo: globalThis.MutationObserver,
  };
  const frames = new Map();
  const observers = [];
  let next = 1;
  globalThis.requestAnimationFrame = /** @type {any} */ ((fn) => {
    frames.set(next, fn);
    return next++;
  });
  globalThis.cancelAnimationFrame = /** @type {any} */ ((id) => frames.delete(id));
  globalThis.MutationObserver = /** @type {any} */ (
    class {
      constructor(fn) {
        this.fn = fn;
        this.target = null;
        observers.push(this);
      }
      observe(target) {
        this.target = target;
      }
      disconnect() {
        this.target = null;
      }
    }
  );
  return {
    frames,
    observers,
    runFrames() {
      const all = [...frames.values()];
      frames.clear();
      for (const fn of all) fn();
    },
    restore() {
      globalThis.requestAnimationFrame = saved.raf;
      globalThis.cancelAnimationFrame = saved.caf;
      globalThis.MutationObserver = saved.mo;
    },
  };
}

test("the pictures of the keys given are hidden, also those of keys shown later or re-rendered", () => {
  const dom = installDom();
  const fx = fakeFrames();
  const doc = dom.document;
  const area = doc.createElement("div");
  area.classList.add("jp-OutputArea");
  const output = (key) => {
    const child = doc.createElement("div");
    child.classList.add("jp-OutputArea-child");
    const img = doc.createElement("img");
    img.setAttribute("src", png([["usid_widgets", key]]));
    child.appendChild(img);
    area.appendChild(child);
    return child;
  };
  const first = output("usidw-k1");
  const second = output("usidw-k2");
  const el = doc.createElement("div");
  const mine = doc.createElement("div");
  mine.classList.add("jp-OutputArea-child");
  mine.appendChild(el);
  area.appendChild(mine);

  const snapshots = watchSnapshots(el, ["usidw-k1"]);
  assert.equal(first.style.display, undefined, "nothing before the view is on the page");
  fx.runFrames();
  assert.equal(first.style.display, "none");
  assert.equal(first.getAttribute("data-usidw-snapshot"), "usidw-k1");
  assert.equal(second.style.display, undefined);
  snapshots.show(["usidw-k1", "usidw-k2"]);
  assert.equal(second.style.display, "none");
  // the output area re-renders a picture (update_display): the observer hides it again
  const again = output("usidw-k2");
  assert.equal(fx.observers.length, 1);
  assert.equal(fx.observers[0].target, area);
  fx.observers[0].fn();
  assert.equal(again.style.display, "none");
  assert.equal(mine.style.display, undefined, "the live view itself stays");
  snapshots.dispose();
  assert.equal(fx.observers[0].target, null, "disconnected");
  fx.restore();
  dom.restore();
});

test("disposed before the first frame, the watcher never looks at the page", () => {
  const dom = installDom();
  const fx = fakeFrames();
  const el = dom.document.createElement("div");
  const snapshots = watchSnapshots(el, ["usidw-k1"]);
  assert.equal(fx.frames.size, 1);
  snapshots.dispose();
  assert.equal(fx.frames.size, 0);
  assert.equal(fx.observers.length, 0);
  fx.restore();
  dom.restore();
});
