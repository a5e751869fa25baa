"""Event check-in: the core library (no Qt here; windows live in ``ui``)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("checkin")
except PackageNotFoundError:  # running from a source tree or a frozen app
    __version__ = "0.1.0"
