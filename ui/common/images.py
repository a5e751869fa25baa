"""Camera pictures (numpy arrays, as OpenCV gives them) as QImages."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PySide6.QtGui import QImage


def to_qimage(picture: npt.NDArray[np.uint8]) -> QImage:
    """A deep copy, so the QImage outlives the array (which the camera thread reuses).

    Grey (H x W) and BGR (H x W x 3) are what frame sources produce.
    """
    array = np.ascontiguousarray(picture)
    if array.ndim == 2:
        height, width = array.shape
        image = QImage(array.data, width, height, array.strides[0], QImage.Format.Format_Grayscale8)
    elif array.ndim == 3 and array.shape[2] == 3:
        height, width, _ = array.shape
        image = QImage(array.data, width, height, array.strides[0], QImage.Format.Format_BGR888)
    else:
        raise ValueError(f"cannot show a picture of shape {array.shape}")
    return image.copy()
