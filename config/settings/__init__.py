"""Settings package: ``dev`` (the default, no env needed), ``test`` and ``production``."""
