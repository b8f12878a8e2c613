"""The data files of :mod:`qikit.datasets` (CSV files and ``datapackage.json``).

This folder is installed as the package ``qikit.datasets.data`` (see
``[tool.setuptools.package-dir]`` in ``pyproject.toml``), so that
``importlib.resources`` finds the files in a checkout, in an editable install and in an
installed wheel alike. ``generate.py`` builds every file; ``README.md`` documents them.
"""
