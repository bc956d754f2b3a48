"""The model layer: what the views show, as plain numpy and dicts, without any widget.

``resolve`` turns the explorer's intent plus a ``MainDataset`` into a frozen view state (what
each view reads and how it is labelled); ``slicing`` reads the arrays; ``ahead`` picks the
lines sent ahead to the browser; ``binning`` and ``wire`` shape arrays for the wire;
``snapshot`` draws the static picture; ``tree_nodes`` describes the file tree. Nothing here
imports ipywidgets, traitlets or anywidget (``tests/test_layers.py`` checks it).
"""
