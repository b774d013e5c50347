"""Adapters that give other libraries' progress to progbar, one module per library.

Each module imports its library when it is itself imported, and ``import
progbar`` imports none of them:

- ``progbar.integrations.keras``: ``install()``, Keras's own bars alone (:func:`progbar.install`
  does Keras's and tqdm's);
- ``progbar.integrations.joblib``: ``progress()``, one bar for the tasks of ``joblib.Parallel``
  (scikit-learn's ``GridSearchCV`` and the rest of its ``n_jobs`` estimators);
- ``progbar.integrations.click``: ``progressbar()``, a drop-in for ``click.progressbar``;
- ``progbar.integrations.requests`` and ``.httpx``: a response's body with its bar;
- ``progbar.integrations.fsspec``: ``Callback``, with ``branched()`` children rolled up;
- ``progbar.integrations.boto3``: ``Callback``, for ``download_file``/``upload_file``;
- ``progbar.integrations.transformers``: ``ProgbarCallback`` and ``attach(trainer)``;
- ``progbar.integrations.lightning``: ``ProgbarProgressBar``, Lightning's progress bar.

tqdm's and Keras's own bars need no adapter: see :func:`progbar.install`.
"""
