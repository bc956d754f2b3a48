// anywidget's module of a Heatmap (see ../index.js).
import { bundle } from "../index.js";
import { renderHeatmap } from "../heatmap.js";

export default bundle({ heatmap: renderHeatmap });
