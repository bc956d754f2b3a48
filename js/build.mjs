// Bundle js/src into usid_widgets/static/widgets.{js,css}: one ES module, no source map,
// deterministic (paths in the output are relative to js/, so rebuilding gives the same bytes).
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";
import fs from "node:fs";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, "..", "usid_widgets", "static");

const common = {
  absWorkingDir: here,
  bundle: true,
  minify: true,
  sourcemap: false,
  legalComments: "none",
  charset: "utf8",
  logLevel: "warning",
  target: "es2020",
};

await esbuild.build({
  ...common,
  entryPoints: ["src/index.js"],
  format: "esm",
  platform: "browser",
  outfile: path.join(outdir, "widgets.js"),
});

await esbuild.build({
  ...common,
  entryPoints: ["src/widgets.css"],
  outfile: path.join(outdir, "widgets.css"),
});

// Python draws the static snapshot of a saved notebook with the same colormaps.
fs.copyFileSync(path.join(here, "src", "colormaps.json"), path.join(outdir, "colormaps.json"));

console.log(`built ${path.relative(process.cwd(), outdir) || "."}/widgets.{js,css}`);
