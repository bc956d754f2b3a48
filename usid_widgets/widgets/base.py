"""The one bundle every anywidget view of the package loads."""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

STATIC = Path(__file__).resolve().parent.parent / "static"


class BundleWidget(anywidget.AnyWidget):
    """Base of the package's anywidget views: one ES module bundle, dispatched on ``_kind``."""

    _esm = STATIC / "widgets.js"
    _css = STATIC / "widgets.css"
    _kind = traitlets.Unicode("").tag(sync=True)
