"""The desk kiosk: a full-screen window that volunteers run all day."""
