"""Hostile content in a file is shown as text and never executed (JupyterLab and Notebook 7)."""

from __future__ import annotations

HOSTILE_FILE = r"""
import numpy as np, h5py
from usid_widgets import explorer
from usid_widgets.writer import Dimension, write_main

EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
with h5py.File("hostile.h5", "w") as f:
    g = f.create_group("Measurement " + EVIL)
    write_main(
        g, "Raw \u202eevil\u202c", np.arange(12, dtype=np.float32).reshape(3, 4),
        [Dimension("Y" + EVIL, EVIL, np.arange(3)), Dimension("X", "nm", np.arange(4))], [],
        quantity=EVIL, units="<b>u</b>",
    )
    g.attrs["notes"] = EVIL * 40
    g.attrs[EVIL] = "x" * 100_000
w = explorer("hostile.h5")
w.tree.collapsed = False  # the test operates the tree: unfolded at any width
w
"""


def test_hostile_names_are_inert_text(open_notebook, page, page_errors, screenshot):
    session = open_notebook([HOSTILE_FILE])
    session.run_all()
    page.wait_for_function(
        "() => { const el = document.querySelector('.usidw-heatmap');"
        " return el && el.getAttribute('data-mode') === 'grid'; }"
    )
    # The "/" in "</script>" makes two groups: the inner one holds the attributes.
    group = page.locator(
        '[role=treeitem][data-path^="/Measurement <img"][data-path$="script>"] > .usidw-node-row'
    )
    group.wait_for()
    group.click()  # focus it (its row: it holds its children's rows too)
    # its attributes are read and listed in the details table, as text
    table = page.get_by_role("table", name="Attributes")
    table.get_by_role("rowheader", name="notes", exact=True).wait_for()
    assert table.locator("tbody tr").count() == 2
    assert page.evaluate("() => window.__pwned === undefined"), "injected script ran"
    # The markup is text: no element was created from it anywhere in the page.
    assert page.locator('img[src="x"]').count() == 0
    assert page.evaluate(
        "() => [...document.querySelectorAll('script')]"
        ".every(s => !s.textContent.includes('__pwned'))"
    )
    assert page.locator("b", has_text="u").count() == 0  # "<b>u</b>" units stay text
    # ... and it is visible as text where a user looks for it.
    assert page.get_by_text('<img src=x onerror="window.__pwned=1">', exact=False).count() > 0
    long_text = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('.usidw-tree *')]"
        ".map(e => e.childElementCount === 0 ? e.textContent.length : 0))"
    )
    assert long_text < 2000, "a 100,000-character attribute must be truncated in the display"
    screenshot("hostile")
    assert page.evaluate("() => window.__pwned === undefined")
    page_errors.assert_clean()
