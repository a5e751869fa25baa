"""Badges as data: templates, layout, QR symbols and batch planning (no Qt here).

``ui.badges`` draws what these modules decide, to PDF, PNG or a printer.
Import from the modules (``checkin.badges.batch``...): this package file
stays empty so that ``checkin --help`` does not load the QR encoder.
"""
