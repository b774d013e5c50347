"""The pure core: bar state, estimator, formatting and layout.

No module here reads a clock, writes to a stream or looks at the
environment: every input is an argument, so each is tested with plain values.
"""
