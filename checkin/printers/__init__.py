"""Badge printers the desk talks to itself: label printers' languages, their URLs, pools.

Venue badge printers are label printers on the network that take a job on
raw TCP port 9100 in their own language (ZPL, Brother QL raster, TSPL).
The badge reaches them as a 1-bit image at the printer's resolution, drawn
by the UI (``ui.badges.raster``), so that what prints is what was previewed
whatever fonts the printer has.  Nothing here imports Qt.
"""
