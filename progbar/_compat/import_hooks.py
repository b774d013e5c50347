"""Run a function right after a named module is imported (or now, if it already was).

``install()`` must reach libraries the program has not imported yet without importing
them itself (Keras takes seconds to import, and a program may never use it). A finder
at the front of ``sys.meta_path`` asks the other finders for the module's spec and
wraps its loader, so that the patch runs the moment the module's code has run, before
any other module can bind names from it.
"""

from __future__ import annotations

import sys

from .. import _hints as t

__all__ = ["PostImport", "when_imported"]

Callback = t.Callable[[t.Any], None]


class _Loader:
    """A loader that runs the real one, then the callbacks waiting for the module."""

    def __init__(self, loader: t.Any, callbacks: list[Callback]) -> None:
        self.loader = loader
        self.callbacks = callbacks

    def create_module(self, spec: t.Any) -> t.Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: t.Any) -> None:
        module.__loader__ = self.loader  # the module's own loader stays visible to it
        if module.__spec__ is not None:
            module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        for callback in list(self.callbacks):
            callback(module)

    def __getattr__(self, name: str) -> t.Any:  # get_resource_reader, is_package...
        return getattr(self.loader, name)


class PostImport:
    """The meta-path finder: module name -> callbacks, emptied by :meth:`remove`."""

    def __init__(self) -> None:
        self.waiting: dict[str, list[Callback]] = {}
        self.finding: set[str] = set()  # names being looked up by the other finders

    def find_spec(self, name: str, path: t.Any = None, target: t.Any = None) -> t.Any:
        callbacks = self.waiting.get(name)
        if not callbacks or name in self.finding:
            return None
        self.finding.add(name)
        try:
            from importlib.util import find_spec

            spec = find_spec(name)
        finally:
            self.finding.discard(name)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _Loader(spec.loader, callbacks)  # type: ignore[assignment]
        return spec

    def remove(self) -> None:
        """Forget every callback and leave ``sys.meta_path``."""
        self.waiting.clear()
        if self in sys.meta_path:
            sys.meta_path.remove(self)


def when_imported(finder: PostImport, name: str, callback: Callback) -> None:
    """Call ``callback(module)`` now if ``name`` is imported, else right after its import."""
    module = sys.modules.get(name)
    if module is not None:
        callback(module)
        return
    finder.waiting.setdefault(name, []).append(callback)
    if finder not in sys.meta_path:
        sys.meta_path.insert(0, finder)
