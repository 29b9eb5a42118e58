"""Build configuration beyond pyproject.toml: the optional C speed-up of the tokenizer.

``optional=True``: where no C compiler is available (a Windows PC without Build Tools, say) the build of the
extension is skipped with a warning and dxtext uses the same loop in Python (identical tokens, slower).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("dxtext.text._speedups", ["src/dxtext/text/_speedups.c"], optional=True)])
