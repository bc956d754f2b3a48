"""The file tree in a real browser: folded into a rail in a narrow explorer and unfolded by its
button (the choice reaches the kernel and stays), results groups told apart by their process
and index (never cut), the details path broken only after its slashes; light and dark.
"""

from __future__ import annotations

from .contrast import low_contrast
from .harness import set_theme

SPARSE = """
from usid_widgets import explorer, datasets
import uuid
import h5py
path = datasets.sparse_scan(f"sp-{uuid.uuid4().hex[:8]}.h5", n_points=12)
with h5py.File(path, "a") as f:  # twelve results of one dataset, as sparse_sampling.h5 has
    for i in range(12):
        f["Measurement_000/Channel_000"].create_group(f"Raw_Data-Simple_Process_{i:03d}")
w = explorer(path)
w
"""

TREE = ".usidw-tree"


def _explorer_width(page) -> float:
    box = page.locator(".usidw-explorer").first.bounding_box()
    return box["width"]


def _folded(page) -> bool:
    """Whether the tree shows as the rail (its rows hidden, 30 px wide); its button says so too
    (read from the layout after it, so waited for)."""
    folded = page.locator(".usidw-tree-view").first.is_hidden()
    width = page.locator(TREE).first.bounding_box()["width"]
    assert (width <= 32) == folded, (width, folded)
    expanded = "false" if folded else "true"
    page.wait_for_function(
        "(v) => document.querySelector('.usidw-tree-toggle').getAttribute('aria-expanded') === v",
        arg=expanded,
    )
    return folded


def test_the_tree_folds_in_a_narrow_explorer(open_notebook, page, page_errors, screenshot):
    page.set_viewport_size({"width": 1024, "height": 768})
    session = open_notebook([SPARSE])
    session.run_all()
    page.wait_for_function("() => document.querySelector('.usidw-tree .usidw-current')")
    width = _explorer_width(page)
    assert _folded(page) == (width < 1000), width
    if not _folded(page):  # a window where the explorer is wide: fold it first
        page.get_by_role("button", name="Hide the file tree").click()
        session.wait_for_kernel("w.tree.collapsed", "True")
    rail = page.locator(TREE).first.bounding_box()
    assert rail["width"] <= 32, rail
    assert page.locator(".usidw-tree-view").first.is_hidden()
    screenshot("01-rail-1024")
    assert session.execute("print(w.tree.collapsed)").strip() in ("None", "True")

    page.get_by_role("button", name="Show the file tree").click()
    session.wait_for_kernel("w.tree.collapsed", "False")
    assert not _folded(page)
    box = page.locator(TREE).first.bounding_box()
    assert 200 <= box["width"] <= 260, box
    screenshot("02-unfolded-1024")
    # the user's choice stays at another size
    page.set_viewport_size({"width": 1600, "height": 1000})
    assert not _folded(page)
    page.set_viewport_size({"width": 1024, "height": 768})
    assert not _folded(page)
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.get_by_role("button", name="Hide the file tree").click()
    session.wait_for_kernel("w.tree.collapsed", "True")
    page.set_viewport_size({"width": 1024, "height": 768})
    assert _folded(page)
    # from the keyboard, in command mode (JupyterLab's shortcuts must not take the key)
    session.enter_command_mode()
    page.get_by_role("button", name="Show the file tree").focus()
    page.keyboard.press("Enter")
    session.wait_for_kernel("w.tree.collapsed", "False")
    assert not _folded(page)
    # unset again from Python: the explorer's width decides, live as the window changes
    session.execute("w.tree.collapsed = None")
    page.wait_for_function(
        "() => !document.querySelector('.usidw-tree').classList.contains('usidw-tree-unfolded')"
    )
    assert _folded(page) == (_explorer_width(page) < 1000)
    page.set_viewport_size({"width": 1600, "height": 1000})
    assert _folded(page) == (_explorer_width(page) < 1000)
    page_errors.assert_clean()


def test_results_are_told_apart(open_notebook, page, page_errors, screenshot):
    page.set_viewport_size({"width": 1600, "height": 1000})
    session = open_notebook([SPARSE])
    session.run_all()
    page.wait_for_function("() => document.querySelector('.usidw-tree .usidw-current')")
    if _folded(page):
        page.get_by_role("button", name="Show the file tree").click()
    results = session.execute(
        "print('\\n'.join(p for p in w.tree.nodes if '-' in p.rsplit('/', 1)[-1]))"
    ).split()
    assert len(results) >= 2, results
    # every results row shows its whole tail (process and index), and the tails differ
    tails = page.locator(".usidw-name-tail").evaluate_all(
        """(els) => els.map((e) => {
            const name = e.closest('.usidw-node-name').getBoundingClientRect();
            const r = e.getBoundingClientRect();
            return {text: e.textContent, whole: r.width > 0 && r.right <= name.right + 0.5,
                    path: e.closest('[data-path]').dataset.path,
                    title: e.closest('.usidw-node-row').title};
        })"""
    )
    shown = {t["path"]: t for t in tails}
    for path in results:
        assert path in shown, (path, tails)
        assert shown[path]["whole"], shown[path]
        assert shown[path]["title"] == path
    assert len({shown[p]["text"] for p in results}) == len(results)

    # the details header: focus a result, its path wraps only after a slash
    page.locator(f"[data-path='{results[-1]}'] > .usidw-node-row").click()
    page.wait_for_function(
        "(p) => document.querySelector('.usidw-details-path')?.title === p", arg=results[-1]
    )
    parts = page.locator(".usidw-details-path .usidw-path-part").evaluate_all(
        "(els) => els.map((e) => e.getClientRects().length)"
    )
    assert parts and all(n == 1 for n in parts), parts  # no segment split across lines
    for theme in ("JupyterLab Light", "JupyterLab Dark"):
        set_theme(page, theme)
        assert low_contrast(page, TREE) == [], theme
        screenshot(f"results-{theme.split()[-1].lower()}-1600")
    page_errors.assert_clean()
