"""The dashboard's tables sort as a reader expects: numbers as numbers, Chinese names by pinyin."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.dashboard.tables import conflict_table


def conflict(attendee: int, name: str) -> dict[str, Any]:
    return {
        "attendee": attendee,
        "name": name,
        "double_entries": 1,
        "first_at": "2026-11-28T09:00:00+08:00",
        "first_gate": "North Hall",
        "first_desk": "desk-north",
    }


def test_names_sort_in_pinyin_order(qtbot: QtBot) -> None:
    table = conflict_table()
    qtbot.addWidget(table)
    names = ["周明", "何明", "陈明", "刘明", "Li Na", "郭明"]
    table.rows.set_rows([conflict(n, name) for n, name in enumerate(names, start=1)])
    table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    shown = [table.shown_text(row, 1) for row in range(table.proxy.rowCount())]
    assert shown == ["陈明", "郭明", "何明", "Li Na", "刘明", "周明"]
