"""The ``progbar`` command line: the pipe, and how a command ends like ``cat``."""
