"""Exceptions of the reader."""

from __future__ import annotations


class NotMainDatasetError(ValueError):
    """Raised when an HDF5 object is not a USID Main dataset.

    ``problems`` lists every rule it fails, one sentence each.
    """

    def __init__(self, name: str, problems: list[str]):
        self.name = name
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{name!r} is not a USID Main dataset:\n{lines}")
