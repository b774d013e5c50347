"""Drop-in shapes of other libraries' APIs, built on progbar's own bar.

``tqdm_class``: :class:`~progbar._compat.tqdm_class.tqdm`, a class with tqdm's
constructor and methods for code that takes ``tqdm_class=``; ``pandas_hooks``:
``progbar.pandas()``, tqdm's ``tqdm.pandas()``. Neither imports tqdm, and
pandas is imported only when ``pandas()`` is called.
"""
