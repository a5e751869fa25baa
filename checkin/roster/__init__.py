"""Attendee import from the registration list: CSV or XLSX, English or Chinese headers.

``read_roster`` turns a file into records and per-line errors without
touching a store; ``import_roster`` reads with the store's categories and
writes the good rows in one transaction.  Whole-file problems raise
``RosterError`` with a message meant for the person holding the file.
"""

from checkin.roster.importing import import_roster
from checkin.roster.reading import read_roster
from checkin.roster.result import ImportResult, Roster, RosterError, RowError

__all__ = ["ImportResult", "Roster", "RosterError", "RowError", "import_roster", "read_roster"]
