"""``progbar.integrations.keras``: Keras's own bars drawn by progbar, and nothing else touched.

:func:`install` is :func:`progbar.install` for Keras alone (tqdm's bars stay
tqdm's): ``keras.utils.get_file``'s download bar and the ``ProgbarLogger`` of
``fit``/``evaluate``/``predict`` become progbar's, with Keras's ``verbose``.
For a callback in ``fit(callbacks=[...])`` instead, see
:func:`progbar.keras_callback`. Keras is not imported here.
"""

from __future__ import annotations

from .._compat.install import Installed, uninstall
from .._compat.install import install as install_all

__all__ = ["install", "uninstall"]


def install() -> Installed:
    """Make Keras's own bars draw through progbar until :func:`uninstall` (also ``with``)."""
    return install_all(tqdm=False, keras=True)
