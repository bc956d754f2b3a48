// anywidget's module of a FileTree (see ../index.js).
import { bundle } from "../index.js";
import { renderTree } from "../tree.js";

export default bundle({ tree: renderTree });
