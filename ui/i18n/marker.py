"""The marker that tells ``lupdate`` a string is to be translated where it is shown.

Qt's own ``QT_TRANSLATE_NOOP`` is typed as returning ``object``, so every
table of marked strings would lose its ``str`` type; this one keeps it.
``lupdate`` reads calls by name, so it collects these all the same.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - the name lupdate reads
    """Mark ``source`` for translation in ``context``; returns it untranslated."""
    return source
