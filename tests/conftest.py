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
