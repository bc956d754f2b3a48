// anywidget's module of the DimensionSliders, which also link the explorer's views (see
// ../index.js, ../link.js).
import { bundle } from "../index.js";
import { startLinks } from "../link.js";
import { renderSliders } from "../sliders.js";

export default bundle({ sliders: renderSliders }, { sliders: startLinks });
