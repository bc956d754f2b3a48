"""Widget classes: traitlets state and the wiring between the reader and the views."""

from .explorer import Explorer
from .heatmap import COLORMAPS, SCALES, Heatmap
from .opening import explorer
from .sliders import DimensionSliders
from .spectrum import SpectrumPlot
from .tree import FileTree

__all__ = [
    "COLORMAPS",
    "SCALES",
    "DimensionSliders",
    "Explorer",
    "FileTree",
    "Heatmap",
    "SpectrumPlot",
    "explorer",
]
