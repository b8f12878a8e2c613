"""qikit's version, in one place (read by project files, exports and the façade)."""

__version__ = "0.1.0"
