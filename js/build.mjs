// Bundle js/src into usid_widgets/static: one ES module per kind of view (src/entries/*.js ->
// heatmap.js, sliders.js, tree.js: anywidget compiles a model's module for every model, so
// each carries only its view's code) and widgets.css; no source map, deterministic (paths in
// the output are relative to js/, so rebuilding gives the same bytes).
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

const VIEWS = ["heatmap", "legend", "sliders", "tree"];

await esbuild.build({
  ...common,
  entryPoints: VIEWS.map((kind) => `src/entries/${kind}.js`),
  format: "esm",
  platform: "browser",
  outdir,
});

// the single bundle of earlier versions, if a build of one is left there
fs.rmSync(path.join(outdir, "widgets.js"), { force: true });

await esbuild.build({
  ...common,
  entryPoints: ["src/widgets.css"],
  outfile: path.join(outdir, "widgets.css"),
});

// Python draws the static snapshot of a saved notebook with the same colormaps.
fs.copyFileSync(path.join(here, "src", "colormaps.json"), path.join(outdir, "colormaps.json"));

console.log(`built ${path.relative(process.cwd(), outdir) || "."}/{${VIEWS.join(",")}}.js, widgets.css`);
