"""Build configuration beyond pyproject.toml: the optional C speed-up of the tokenizer.

``optional=True``: where no C compiler is available (a Windows PC without Build Tools, say) the build of the
extension is skipped with a warning and dxtext uses the same loop in Python (identical tokens, slower).

``DXTEXT_PURE=1`` builds without it: a ``py3-none-any`` wheel that installs on every OS and Python (the offline
wheelhouse carries one for the PCs it has no compiled wheel for; see scripts/wheelhouse).
"""

import os

from setuptools import Extension, setup

pure = os.environ.get("DXTEXT_PURE") == "1"
setup(
    ext_modules=[]
    if pure
    else [Extension("dxtext.text._speedups", ["src/dxtext/text/_speedups.c"], optional=True)]
)
