"""Shared fixtures: the generated catalogue (once per session) and the real USID files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import nsid_fixtures  # noqa: E402
import usid_fixtures  # noqa: E402

REAL_DATA = Path(__file__).parents[1] / ".." / "shared" / "usid_data"
REAL_NSID = Path(__file__).parents[1] / ".." / "shared" / "nsid_data"


@pytest.fixture(scope="session")
def catalogue(tmp_path_factory) -> dict[str, usid_fixtures.Case]:
    """Every catalogue case, written once into a session temporary folder."""
    return usid_fixtures.build_catalogue(tmp_path_factory.mktemp("catalogue"))


@pytest.fixture(scope="session")
def invalid_cases(tmp_path_factory) -> dict[str, usid_fixtures.InvalidCase]:
    """One file per rule of a Main dataset (plus one failing several)."""
    return usid_fixtures.build_invalid(tmp_path_factory.mktemp("invalid"))


@pytest.fixture(scope="session")
def real_data() -> Path:
    """The folder of real h5USID files (read-only); skip when it is absent."""
    folder = REAL_DATA.resolve()
    if not folder.is_dir():
        pytest.skip(f"real USID files not found at {folder}")
    return folder


@pytest.fixture
def real_file(real_data):
    """real_file(name) -> path of a real file, skipping if that file is absent."""

    def get(name: str) -> Path:
        path = real_data / name
        if not path.is_file():
            pytest.skip(f"{name} not found in {real_data}")
        return path

    return get


@pytest.fixture(scope="session")
def nsid_catalogue(tmp_path_factory) -> dict[str, nsid_fixtures.NsidCase]:
    """Every NSID fixture (nsid_fixtures.SPECS) written once by pyNSID's own writer."""
    pytest.importorskip("sidpy")
    pytest.importorskip("pyNSID")
    return nsid_fixtures.build_catalogue(tmp_path_factory.mktemp("nsid"))


@pytest.fixture(scope="session")
def nsid_bad(nsid_catalogue, tmp_path_factory) -> dict[str, nsid_fixtures.BadCase]:
    """The non-square NSID image copied and broken four ways (nsid_fixtures.BAD)."""
    return nsid_fixtures.build_bad(nsid_catalogue["nonsquare"], tmp_path_factory.mktemp("bad"))


@pytest.fixture(scope="session")
def real_nsid() -> Path:
    """The folder of real NSID files (read-only); skip when it is absent."""
    folder = REAL_NSID.resolve()
    if not folder.is_dir():
        pytest.skip(f"real NSID files not found at {folder}")
    return folder


@pytest.fixture(scope="session")
def hsds_files(tmp_path_factory):
    """A real single-node HSDS on 127.0.0.1 (tests/hsds_server.py) holding the test files,
    each loaded with ``hsload``: {name: (local file, ``hdf5://`` domain)}, and the server.
    Skips only when the ``hsds`` / ``h5pyd`` packages are not installed."""
    pytest.importorskip("hsds", reason="the HSDS tests need the hsds package (extra: test)")
    pytest.importorskip("h5pyd", reason="the HSDS tests need h5pyd (extra: hsds)")
    from hsds_server import HsdsServer, loadable

    folder = tmp_path_factory.mktemp("hsds")
    files = hsds_local_files(folder / "local")
    with HsdsServer(folder / "server") as server:
        home = server.home()
        out = {}
        for name, path in files.items():
            # hsload refuses fixed-length ASCII attributes holding UTF-8 (µm): see loadable
            domain = server.load(loadable(path, folder / f"hs-{name}"), home + name)
            out[name] = (path, "hdf5:/" + domain)
        yield server, out


def hsds_local_files(folder: Path) -> dict[str, Path]:
    """The files the HSDS tests load: a USID spectral image one spectrum per chunk, a
    4D-STEM and a band-excitation file (the package's writer, with µm units) and, where
    pyNSID is installed, an NSID spectral image."""
    from test_remote import chunked_cube, nsid_file

    from usid_widgets import datasets

    folder.mkdir(parents=True, exist_ok=True)
    out = {
        "cube.h5": folder / "cube.h5",
        "stem.h5": datasets.four_d_stem(folder / "stem.h5", scan=(20, 24), detector=16),
        "be.h5": datasets.band_excitation(folder / "be.h5", size=(24, 20), n_freq=48),
    }
    chunked_cube(out["cube.h5"])
    if nsid_file(folder / "nsid.h5"):
        out["nsid.h5"] = folder / "nsid.h5"
    return out
