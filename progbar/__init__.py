"""progbar: Keras-compatible progress bars with a steady ETA and clean logs.

This is the public API; every other module is private.
"""

from __future__ import annotations

from ._progbar import Progbar

__version__ = "0.1.0"

__all__ = (
    "Progbar",
    "__version__",
)
