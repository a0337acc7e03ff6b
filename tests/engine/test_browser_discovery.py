"""Which Chromium the pool launches: the documented order, with the headless shell for headless runs."""

from __future__ import annotations

import pytest

from worker.engine import browser_pool as bp


@pytest.fixture
def fake_browsers(tmp_path, monkeypatch):
    shell = tmp_path / "chromium-headless-shell"
    full = tmp_path / "chromium"
    for f in (shell, full):
        f.write_text("#!/bin/sh\n")
        f.chmod(0o755)
    monkeypatch.setattr(bp, "HEADLESS_SHELLS", (str(shell),))
    monkeypatch.setattr(bp, "SYSTEM_BROWSERS", (str(full),))
    monkeypatch.setattr(bp, "HEADLESS_SHELL_NAMES", ())
    monkeypatch.setattr(bp, "SYSTEM_NAMES", ())
    return shell, full


def test_order_explicit_then_playwright_then_headless_shell_then_full_browser(fake_browsers, tmp_path):
    shell, full = fake_browsers
    explicit = tmp_path / "my-chrome"
    explicit.write_text("")
    playwright_own = tmp_path / "pw-chrome"
    playwright_own.write_text("")
    assert bp.find_local_browser(explicit, str(playwright_own)) == (str(explicit), "settings.browser_path")
    assert bp.find_local_browser(None, str(playwright_own)) == (None, "playwright")
    assert bp.find_local_browser(None, str(tmp_path / "not-downloaded")) == (str(shell), "system headless shell")
    # A visible browser cannot be the headless shell.
    assert bp.find_local_browser(None, None, headless=False) == (str(full), "system")
    shell.unlink()
    assert bp.find_local_browser(None, None) == (str(full), "system")
    full.unlink()
    with pytest.raises(bp.NoBrowserFound, match="DBOLT_BROWSER_PATH"):
        bp.find_local_browser(None, None)
    with pytest.raises(bp.NoBrowserFound, match="does not exist"):
        bp.find_local_browser(tmp_path / "missing", None)
