"""The one error a broken form file raises: it names the file and the key."""

from __future__ import annotations


class FormError(Exception):
    """A form file is malformed; ``file`` and ``key`` say where."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file = file
        self.key = key
        self.problem = problem
        super().__init__(f"{file}: {key}: {problem}" if key else f"{file}: {problem}")
