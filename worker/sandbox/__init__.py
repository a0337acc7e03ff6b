"""The sandbox directory farm: local test directories (one HTTP server, /d/<slug>/), their catalog and
expectations. ``from worker.sandbox.server import start_sandbox``."""
