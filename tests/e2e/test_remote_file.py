"""A remote file in a real browser (issue 19): the kernel serves a band-excitation file with
``tests/range_server.py`` on 127.0.0.1 and opens ``explorer(url)``. The title names the URL;
a connection dropped while a view reads is said in the status line with the URL and what
happened, and the next step reads again and clears it."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import set_theme, wait_drawn

pytest.importorskip("fsspec")
pytest.importorskip("aiohttp")

HEATMAP = ".usidw-heatmap"
TESTS = Path(__file__).parents[1]

CELL = f"""
import sys, uuid
sys.path.insert(0, {str(TESTS)!r})
from range_server import RangeServer
from usid_widgets import datasets, explorer
from usid_widgets.reader.remote import remote_of

path = datasets.band_excitation(f"be-{{uuid.uuid4().hex[:8]}}.h5", size=(24, 20), n_freq=48)
srv = RangeServer({{"be.h5": path}})
w = explorer(srv.url("be.h5"))
w
"""

DROP = """
w.md.blocks.clear()
remote_of(w.file).clear()
srv.drop(1)
w.index = {**w.index, "Frequency": 20}
print(w.message)
"""


def _status(page) -> str:
    return page.locator(".usidw-status").first.evaluate("(e) => e.textContent.trim()")


def test_remote_file_in_the_browser(open_notebook, page, page_errors, screenshot):
    session = open_notebook([CELL])
    session.run_all()
    first = wait_drawn(page)
    url = session.execute("print(srv.url('be.h5'))").strip()
    title = page.locator(".usidw-header-title").first.evaluate("(e) => e.textContent")
    assert url in title
    said = session.execute(DROP).strip()
    assert url in said and "dropped mid-read" in said
    page.wait_for_function(
        "(url) => (document.querySelector('.usidw-status')?.textContent || '').includes(url)",
        arg=url,
    )
    status = _status(page)
    assert status.startswith("Could not read this view: the connection was dropped mid-read")
    assert "try again" in status
    for size in ((1024, 768), (1600, 1000)):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        for theme in ("JupyterLab Light", "JupyterLab Dark"):
            set_theme(page, theme)
            page.locator(".usidw-status").first.scroll_into_view_if_needed()
            screenshot(f"dropped-{size[0]}x{size[1]}-{theme.split()[-1].lower()}")
    set_theme(page, "JupyterLab Light")
    session.execute('w.index = {**w.index, "Frequency": 21}')
    wait_drawn(page, not_id=first)
    page.wait_for_function("() => !document.querySelector('.usidw-status')?.textContent")
    assert session.execute("print(repr(w.message))").strip() == "''"
    screenshot("recovered")
    session.execute("w.close(); srv.close(); import os; os.remove(path)")
    page_errors.assert_clean()
