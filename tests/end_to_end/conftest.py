import pytest


@pytest.fixture
def sandbox():
    from worker.sandbox.server import start_sandbox

    server = start_sandbox()
    yield server
    server.stop()
