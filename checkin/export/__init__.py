"""Exports of personal data: attendee and scan rows, and the attendance file.

Each holds names, emails and phones, so every file is written owner-only
(``checkin.files.write_private``), and a field a spreadsheet would run as a
formula is written as text (``rows.neutralise_formula``).
"""
