"""``FileTree``: the HDF5 file as a lazily expanded tree."""

from __future__ import annotations

from typing import Any

import h5py
import traitlets

from ..model import tree_nodes
from ..reader.hsds import is_group
from .base import STATIC, BundleWidget


class FileTree(BundleWidget):
    """Groups, datasets and attributes of a file; every dataset the explorer can show marked
    by its kind (USID Main, NSID, plain HDF5 array) and clickable. An array shown without a
    file (numpy, dask, sidpy) is one node whose attributes are its metadata
    (:meth:`load_memory`).

    Each synced trait is documented under it. Groups load their children only when expanded
    (the browser asks with an ``expand`` message), and every item its attributes only when it
    is focused (an ``attrs`` message), so a file with thousands of objects, or groups of
    hundreds of attributes, opens at once.
    """

    _esm = STATIC / "tree.js"
    _kind = traitlets.Unicode("tree").tag(sync=True)
    nodes = traitlets.Dict().tag(sync=True)
    """``{path: node}`` for the loaded part of the tree; a node is ``{"name", "kind":
    "group" | "dataset" | "link", "shape", "dtype", "n_attrs", "attrs": [[key, text], ...] or
    None (not read yet), "is_main", "view": "usid" | "nsid" | "hdf5" | "array" | "sidpy" |
    None (what a click shows: a USID Main dataset, an NSID dataset, another numeric HDF5 array,
    the array or sidpy Dataset given without a file; None: nothing to draw), "is_scale" (an
    HDF5 dimension scale: an axis of other datasets, not clickable), "ancillary_of",
    "progress": {"done", "total"} | None, "children": [paths] | None (not loaded yet),
    "n_children", "note"}`` (docs/ARCHITECTURE.md)."""
    current = traitlets.Unicode("").tag(sync=True)
    """Path of the dataset on screen (highlighted)."""
    selected = traitlets.Unicode("").tag(sync=True)
    """The path the user clicked last (a dataset with a ``view`` switches the explorer)."""
    collapsed = traitlets.Bool(None, allow_none=True).tag(sync=True)
    """Whether the tree is folded into a narrow rail whose button unfolds it. ``None`` (the
    default): folded while the explorer is narrower than 1000 px, unfolded otherwise (decided
    by the page's layout: ``widgets.css``, the tree section). The rail's button (or Python)
    sets ``True`` / ``False``, and that choice stays."""

    def __init__(self, root: h5py.Group | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self._root: h5py.Group | None = None
        self._owners: dict[str, list[str]] = {}
        self._mains: set[str] = set()
        #: paths of the Main datasets under the loaded root, in ``visititems`` order
        self.mains: list[str] = []
        self.on_msg(self._on_msg)
        if root is not None:
            self.load(root)

    def load(self, root: h5py.Group) -> None:
        """Show ``root`` (a file or group): its first level, and the path to ``current``."""
        self._root = root
        mains, self._owners = tree_nodes.ancillary_owners(root)
        self.mains = list(mains)
        self._mains = set(mains)
        nodes = {root.name: tree_nodes.node(root, root.name, self._owners, self._mains)}
        self.nodes = self._expanded(nodes, root.name)
        if self.current:
            self.reveal(self.current)

    def load_memory(self, source: Any) -> None:
        """Show an array given without a file (a numpy / dask array or a sidpy Dataset, as a
        :class:`~..reader.source.Source`) as one node at its name, its dimensions and
        metadata (nested dicts flattened) as its attribute rows, shown at once."""
        self._root, self._owners, self._mains, self.mains = None, {}, set(), []
        self.nodes = {source.path: tree_nodes.memory_node(source)}

    def view_of(self, path: str) -> str | None:
        """What a click on ``path`` shows (its node's ``view``), None if nothing or unknown."""
        entry = self.nodes.get(path)
        if entry is None and self._root is not None and path.startswith("/"):
            try:
                entry = tree_nodes.node(self._root, path, self._owners, self._mains)
            except Exception:
                return None
        return entry.get("view") if entry else None

    def reveal(self, path: str) -> None:
        """Load every group on the way to ``path`` so that it is visible."""
        if self._root is None:
            return
        nodes = dict(self.nodes)
        parts = path.strip("/").split("/")[:-1]
        for i in range(len(parts)):
            group = "/" + "/".join(parts[: i + 1])
            if group in nodes and nodes[group]["children"] is None:
                nodes = self._expanded(nodes, group)
        self.nodes = nodes

    def expand(self, path: str) -> None:
        """Load the children of the group at ``path``."""
        if path in self.nodes and self.nodes[path]["children"] is None:
            self.nodes = self._expanded(dict(self.nodes), path)

    def load_attributes(self, path: str) -> None:
        """Read the attributes of the item at ``path`` into its node (``attrs``)."""
        if self._root is None or path not in self.nodes or self.nodes[path]["attrs"] is not None:
            return
        nodes = dict(self.nodes)
        entry = dict(nodes[path])
        entry["attrs"] = tree_nodes.attribute_rows(self._root, path)
        nodes[path] = entry
        self.nodes = nodes

    def _expanded(self, nodes: dict, path: str) -> dict:
        try:
            group = self._root[path] if path != self._root.name else self._root
        except Exception:
            return nodes
        if not is_group(group):
            return nodes
        kids, note = tree_nodes.children(group)
        entry = dict(nodes[path])
        entry["children"] = kids
        if note:
            entry["note"] = note
        nodes[path] = entry
        for kid in kids:
            if kid not in nodes:
                nodes[kid] = tree_nodes.node(self._root, kid, self._owners, self._mains)
        return nodes

    def _on_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        if content.get("type") == "expand":
            self.expand(str(content.get("path", "")))
        elif content.get("type") == "attrs":
            self.load_attributes(str(content.get("path", "")))
