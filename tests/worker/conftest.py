"""Fixtures of the queue engine tests (helpers live in queue_helpers.py).

This directory has no __init__.py on purpose: as a package it would be imported under the name
`worker` (tests/ has no __init__.py either) and shadow the real worker package."""

from queue_helpers import jconn, recorder, workers  # noqa: F401  (fixtures)
