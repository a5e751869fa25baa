"""A USB keyboard-wedge scanner's keystrokes become codes; a person typing is not cut short."""

from __future__ import annotations

import pytest

from checkin.scanner.wedge import WedgeParser

CODE = "WS26-1234-1-KX7QF2M4ZP3HJ4TA"


def type_out(parser: WedgeParser, text: str, start: float, gap: float) -> tuple[list[str], float]:
    """Feed ``text`` one key every ``gap`` seconds; return the codes completed and the last time."""
    done: list[str] = []
    now = start
    for i, char in enumerate(text):
        now = start + i * gap
        done += parser.feed(char, now)
    return done, now


@pytest.mark.parametrize("enter", ["\r", "\n", "\t"])
def test_scanner_with_trailing_enter_gives_the_code_on_enter(enter: str) -> None:
    parser = WedgeParser()
    done, _ = type_out(parser, CODE + enter, 0.0, 0.004)
    assert done == [CODE]
    assert parser.pending == ""


def test_scanner_without_enter_completes_after_the_gap() -> None:
    parser = WedgeParser(gap_s=0.08)
    done, last = type_out(parser, CODE, 0.0, 0.004)
    assert done == []
    assert parser.flush(last + 0.05) == []  # still within the gap: more may come
    assert parser.flush(last + 0.1) == [CODE]
    assert parser.flush(last + 0.2) == []  # reported once


def test_two_scans_without_enter_are_two_codes() -> None:
    parser = WedgeParser()
    first, _ = type_out(parser, CODE, 0.0, 0.004)
    second, last = type_out(parser, CODE.replace("1234", "5678"), 1.0, 0.004)
    assert first == []
    assert second == [CODE]  # the new burst ends the old one
    assert parser.flush(last + 1.0) == [CODE.replace("1234", "5678")]


def test_slow_typing_waits_for_enter_however_long_the_pauses() -> None:
    parser = WedgeParser()
    done, last = type_out(parser, CODE, 0.0, 0.35)
    assert done == []
    assert parser.flush(last + 5.0) == []
    assert parser.pending == CODE
    assert parser.feed("\r", last + 6.0) == [CODE]


def test_backspace_corrects_a_typed_code() -> None:
    parser = WedgeParser()
    type_out(parser, "WS26-12x", 0.0, 0.3)
    parser.feed("\b", 3.0)
    done, _ = type_out(parser, "34-1-KX7QF2M4ZP3HJ4TA\r", 3.3, 0.3)
    assert done == [CODE]


def test_a_burst_of_a_few_keys_is_a_person_starting_to_type_not_a_scan() -> None:
    parser = WedgeParser(min_length=6)
    done, last = type_out(parser, "WS2", 0.0, 0.03)  # quick fingers
    assert parser.flush(last + 1.0) == []
    done, last = type_out(parser, "6-1234-1-KX7QF2M4ZP3HJ4TA\r", last + 1.5, 0.25)
    assert done == [CODE]


def test_typing_left_alone_is_dropped_after_abandon_time() -> None:
    parser = WedgeParser(abandon_s=20.0)
    type_out(parser, "WS26-12", 0.0, 0.3)
    assert parser.flush(30.0) == []
    assert parser.pending == ""
    done, _ = type_out(parser, CODE + "\r", 40.0, 0.004)
    assert done == [CODE]


def test_escape_clears_what_was_typed() -> None:
    parser = WedgeParser()
    type_out(parser, "garbage", 0.0, 0.3)
    parser.feed("\x1b", 3.0)
    done, _ = type_out(parser, CODE + "\r", 4.0, 0.004)
    assert done == [CODE]


@pytest.mark.parametrize("keys", ["\r", "\r\r\n", "   \r"])
def test_enter_on_an_empty_buffer_gives_nothing(keys: str) -> None:
    parser = WedgeParser()
    assert parser.feed_text(keys, 1.0) == []


def test_non_printable_keys_are_ignored() -> None:
    parser = WedgeParser()
    assert parser.feed_text("\x00WS26\x07-1234-1-KX7QF2M4ZP3HJ4TA\r", 0.0) == [CODE]


def test_lower_case_from_caps_lock_is_passed_on_for_the_desk_to_normalise() -> None:
    parser = WedgeParser()
    assert parser.feed_text(CODE.lower() + "\n", 0.0) == [CODE.lower()]
