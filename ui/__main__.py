"""``python -m ui`` and the frozen app's entry point: the full ``checkin`` command."""

from ui.commands import main

if __name__ == "__main__":
    main()
