"""The layers stay apart: the reader and the model import no widget library, and no module
imports another module's private names."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "usid_widgets"
WIDGET_LIBRARIES = ("ipywidgets", "traitlets", "anywidget", "bqplot", "IPython")


@pytest.mark.parametrize("layer", ["usid_widgets.reader", "usid_widgets.model"])
def test_layer_imports_no_widget_library(layer: str) -> None:
    modules = sorted(p.stem for p in (PACKAGE / layer.split(".")[1]).glob("*.py"))
    code = (
        "import sys\n"
        + "".join(f"import {layer}.{m}\n" for m in modules if m != "__init__")
        + f"print(','.join(m for m in {WIDGET_LIBRARIES!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{layer} loads {out.stdout.strip()}"


def _own_names(tree: ast.AST) -> set[str]:
    """Private names this module defines: functions, classes, class attributes and the
    attributes it assigns (``self._x = ...``, ``out._x = ...``)."""
    own = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            own.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            own.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            own.add(node.id)
    return own


def _private_imports(path: Path) -> list[str]:
    """Private names of other modules this module uses: imported, or reached as attributes."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = _own_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found += [f"{node.module}.{a.name}" for a in node.names if _private(a.name)]
        elif isinstance(node, ast.Attribute) and _private(node.attr) and node.attr not in own:
            found.append(f"{ast.unparse(node.value)}.{node.attr}")
    return found


def _private(name: str) -> bool:
    # _x is private; __x__ and IPython's _repr_*_ / _ipython_*_ protocols are not
    return name.startswith("_") and not name.endswith("_")


# Private names of other libraries that have no public counterpart, each with its reason.
ALLOWED = {
    # traitlets: store a value the browser applied already, without notification or message
    ("widgets/mirror.py", "widget._trait_values"),
    ("widgets/spectrum.py", "mark._trait_values"),
    # traitlets: a custom trait type stores and notifies as traitlets' own types do
    ("widgets/traits.py", "obj._trait_values"),
    ("widgets/traits.py", "obj._notify_trait"),
    ("widgets/traits.py", "self._validate"),
    # traitlets: the widgets reachable through synced traits, without creating defaults
    ("widgets/base.py", "w._trait_values"),
    # ipywidgets, inside a Widget subclass: the message send_state would send, built directly
    ("widgets/sliders.py", "self._trait_values"),
    ("widgets/sliders.py", "self._send"),
    ("widgets/sliders.py", "self._property_lock"),
}


def test_no_private_names_across_modules() -> None:
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        where = str(path.relative_to(PACKAGE))
        bad = [name for name in _private_imports(path) if (where, name) not in ALLOWED]
        if bad:
            offenders[where] = sorted(set(bad))
    assert offenders == {}
