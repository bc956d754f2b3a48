// Static checks of js/src, so the design cannot regress unnoticed: only the views that own a
// model touch it (the other modules take props and report through callbacks), and every
// listener goes through dom.js's `listen` (so a Disposer removes it).

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "src");
/** The modules that own a model: anywidget's entry, the four views and the sliders' hub. */
const OWNERS = ["heatmap.js", "index.js", "legend.js", "link.js", "sliders.js", "tree.js"];
const INTERACTIONS = ["pins.js", "pointer.js", "region.js", "snapshot.js", "toolbar.js", "zoom.js"];

/**
 * JavaScript source without its comments (strings kept: "//" in a URL is no comment).
 * @param {string} src
 */
function code(src) {
  let out = "";
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === "/" && src[i + 1] === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      i = end < 0 ? src.length : end + 2;
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === "\\" ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * What in a module's code touches a widget model: the identifier `model`, `save_changes`.
 * @param {string} src
 */
function modelUses(src) {
  return code(src).match(/\bmodel\b|\bsave_changes\b|\bwidget_manager\b/g) ?? [];
}

/**
 * Listener bookkeeping done by hand: add/removeEventListener, emitter on/off.
 * @param {string} src
 */
function handListeners(src) {
  return code(src).match(/\b(?:add|remove)EventListener\b|\.(?:on|off)\(/g) ?? [];
}

const modules = fs.readdirSync(SRC).filter((f) => f.endsWith(".js"));
const read = (f) => fs.readFileSync(path.join(SRC, f), "utf8");

test("the checks see what they look for, and not in comments", () => {
  assert.deepEqual(modelUses('export function f({ model }) {\n  model.set("zoom", []); // the model\n}'), ["model", "model"]);
  assert.deepEqual(modelUses("const x = 1; // model.set(...)\n/* model.save_changes() */"), []);
  assert.deepEqual(modelUses('const url = "http://x"; m.save_changes();'), ["save_changes"]);
  assert.deepEqual(handListeners("el.addEventListener('click', f); m.on('change:x', f); // el.removeEventListener"), ["addEventListener", ".on("]);
  assert.deepEqual(handListeners("const on = 1; listen(m, 'change:x', f);"), []);
});

test("only the views that own a model touch one; the interaction modules take props", () => {
  for (const f of [...OWNERS, ...INTERACTIONS]) assert.ok(modules.includes(f), `${f} is in js/src`);
  for (const f of OWNERS) assert.ok(modelUses(read(f)).length > 0, `${f} owns a model`);
  const others = modules.filter((f) => !OWNERS.includes(f));
  assert.ok(others.length >= 18, "every other module is checked");
  for (const f of others) assert.deepEqual(modelUses(read(f)), [], `${f} touches a model`);
});

test("every listener goes through dom.js's listen", () => {
  for (const f of modules.filter((m) => m !== "dom.js")) {
    assert.deepEqual(handListeners(read(f)), [], `${f} adds or removes listeners by hand`);
  }
  assert.ok(handListeners(read("dom.js")).length >= 4, "dom.js holds them");
});
