"""Scanning: frame sources, decoders, the newest-frame pipeline, USB wedge scanners.

No Qt in here: the pipeline is plain threads and callbacks, so the kiosk, the
CLI (``checkin decode``) and the benches share it.  One concept per module:

- ``frames``: the ``Frame`` every part passes around;
- ``sources``: camera, video file, image folder (``synthetic``: a made-up camera);
- ``feed``: keeping a source going, its ``camera_lost`` state and retries;
- ``decoders``: zxing-cpp, pyzbar, OpenCV behind one interface;
- ``strategy``: cheap first, harder work where there is reason, in a budget;
- ``pipeline``: newest frame only, each code read once, counters;
- ``wedge``: keystrokes from a USB scanner into codes;
- ``files``: decoding pictures and videos on disk;
- ``render`` and ``corpus``: badges drawn into camera-like frames, for tests and benches.

Import from the modules: importing this package loads nothing heavy, so the
pure-Python parts (``wedge``) stay cheap for whoever needs only them.
"""
