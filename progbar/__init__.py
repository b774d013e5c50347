"""progbar: Keras-compatible progress bars with a steady ETA and clean logs.

This is the public API; every other module is private.
"""

from __future__ import annotations

from ._callback import ProgbarLogger, keras_callback
from ._download import reporthook, urlretrieve
from ._epoch import Epoch
from ._epochs import Epochs, epochs
from ._progbar import Progbar
from ._redirect import redirect_logging, write
from ._track import atrack, track
from ._wrapfile import wrap_file

__version__ = "0.1.0"

__all__ = (
    "Epoch",
    "Epochs",
    "Progbar",
    "ProgbarLogger",
    "__version__",
    "atrack",
    "epochs",
    "keras_callback",
    "redirect_logging",
    "reporthook",
    "track",
    "urlretrieve",
    "wrap_file",
    "write",
)
