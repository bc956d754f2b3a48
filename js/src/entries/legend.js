// anywidget's module of a pins' Legend (see ../index.js).
import { bundle } from "../index.js";
import { renderLegend } from "../legend.js";

export default bundle({ legend: renderLegend });
