"""The organizer dashboard: live headcounts, charts, desk health and the day report."""
