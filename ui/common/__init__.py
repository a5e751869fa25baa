"""Qt helpers shared by the windows: application set-up, contrast, images, fonts."""
