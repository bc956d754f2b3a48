import { test } from "node:test";
import assert from "node:assert/strict";
import { pngKey } from "../src/snapshot.js";

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
