"""Data in HSDS in a real browser (issue 19): the kernel starts a single-node HSDS on
127.0.0.1 (``tests/hsds_server.py``), loads a band-excitation file with ``hsload`` and opens
``explorer("hdf5://home/tester/be.h5")``. The title names the domain; a server stopped while
a view reads is said in the status line with the domain, and once it is back the next step
reads again and clears it."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import set_theme, wait_drawn

pytest.importorskip("h5pyd")
pytest.importorskip("hsds")

TESTS = Path(__file__).parents[1]

CELL = f"""
import os, sys, tempfile
sys.path.insert(0, {str(TESTS)!r})
from hsds_server import HsdsServer, loadable
from usid_widgets import datasets, explorer

tmp = tempfile.mkdtemp()
path = datasets.band_excitation(os.path.join(tmp, "be.h5"), size=(24, 20), n_freq=48)
srv = HsdsServer(os.path.join(tmp, "server")).__enter__()
os.environ.update({{k: v for k, v in srv.env.items() if k.startswith("HS_")}})
srv.load(loadable(path, os.path.join(tmp, "be-hs.h5")), srv.home() + "be.h5")
w = explorer("hdf5://home/tester/be.h5")
w
"""

STOP = """
w.md.blocks.clear()
srv.stop()
w.index = {**w.index, "Frequency": 20}
print(w.message)
"""

DOMAIN = "hdf5://home/tester/be.h5"


def _status(page) -> str:
    return page.locator(".usidw-status").first.evaluate("(e) => e.textContent.trim()")


def test_hsds_domain_in_the_browser(open_notebook, page, page_errors, screenshot):
    session = open_notebook([CELL])
    session.run_all()
    first = wait_drawn(page)
    title = page.locator(".usidw-header-title").first.evaluate("(e) => e.textContent")
    assert DOMAIN in title
    screenshot("opened")
    try:
        said = session.execute(STOP).strip()
        assert DOMAIN in said and "cannot connect to the HSDS server" in said
        page.wait_for_function(
            "(d) => (document.querySelector('.usidw-status')?.textContent || '').includes(d)",
            arg=DOMAIN,
        )
        status = _status(page)
        assert status.startswith(f"Could not read this view: {DOMAIN}: cannot connect")
        assert "try again" in status
        for size in ((1024, 768), (1600, 1000)):
            page.set_viewport_size({"width": size[0], "height": size[1]})
            for theme in ("JupyterLab Light", "JupyterLab Dark"):
                set_theme(page, theme)
                page.locator(".usidw-status").first.scroll_into_view_if_needed()
                screenshot(f"stopped-{size[0]}x{size[1]}-{theme.split()[-1].lower()}")
        set_theme(page, "JupyterLab Light")
    finally:
        session.execute("srv.start()")
    session.execute('w.index = {**w.index, "Frequency": 21}')
    wait_drawn(page, not_id=first)
    page.wait_for_function("() => !document.querySelector('.usidw-status')?.textContent")
    assert session.execute("print(repr(w.message))").strip() == "''"
    screenshot("recovered")
    session.execute("w.close(); srv.stop(); import shutil; shutil.rmtree(tmp)")
    page_errors.assert_clean()
