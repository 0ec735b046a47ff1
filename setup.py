"""The wheel's package list: every kiosk package, and the clinic's content folders inside it.

pyproject.toml holds the rest of the build configuration; it cannot both find packages and
add the mapped ones (``kiosk.content.forms`` is ``forms/``, see ``package-dir`` there).
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["kiosk", "kiosk.*"]),
        "kiosk.content.forms",
        "kiosk.content.resources",
    ]
)
