"""``python -m checkin``: the core commands (no windows)."""

from checkin.cli import main

if __name__ == "__main__":
    main()
