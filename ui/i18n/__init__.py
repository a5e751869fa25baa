"""Every window's words in the user's language: one language list, one loader, one catalog build.

``languages`` and ``marker`` import no Qt, so the command line can name the
languages and mark strings before Qt loads; ``translator`` installs the
compiled catalogs; ``catalogs`` builds them from the sources.
"""
