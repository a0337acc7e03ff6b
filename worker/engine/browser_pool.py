"""One Chromium per worker process, a fresh context per submission, at most N at once.

Browser lookup order: settings.browser_ws (remote, Playwright ``connect``) when set, settings.browser_path
(DBOLT_BROWSER_PATH), Playwright's own Chromium when it is installed, a system chromium/chrome.
A crashed (disconnected) browser is relaunched on the next acquire; the submission that saw the crash
is reported by the caller as a transient failure (``BrowserCrashed``).
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator

log = logging.getLogger(__name__)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--no-default-browser-check",
    # The GPU process only composites in software here (--disable-gpu); as a thread of the browser
    # process it saves a process and its IPC: 1.27 -> 1.07-1.12 CPU s per submission under load
    # (the whole process tree, headless shell, /tmp profiling run of 24 sandbox submissions).
    "--in-process-gpu",
    # no --disable-features here: Chromium keeps only the last one, so it is built by chromium_args()
]

# Chromium features switched off on top of Playwright's own list. Measured on the sandbox bench
# (`dbolt bench submit`, all processes): 2.1 -> 1.0 CPU seconds per submission.
EXTRA_DISABLED_FEATURES = [
    # every new context opens a window whose omnibox popup is a WebUI page in its own renderer
    # (chrome://omnibox-popup.top-chrome/): ~0.6 s CPU per submission for a popup nobody sees
    "WebUIOmniboxPopup",
    "WebUIOmniboxAimPopup",
    "WebUIOmniboxFullPopup",
    "PreloadTopChromeWebUI",
    # a spare renderer kept warm for the next navigation: it belongs to one context, so with a fresh
    # context per submission it is thrown away unused (~3 renderers launched per submission instead of 1)
    "SpareRendererForSitePerProcess",
    # background services with no use in automation (no behaviour of the page depends on them)
    "Translate",
    "OptimizationHints",
    "MediaRouter",
    "DialMediaRouteProvider",
    "AutofillServerCommunication",
]

# Playwright's own list (playwright 1.65, chromiumSwitches.ts): used when it cannot be read from the driver
_PLAYWRIGHT_DISABLED_FALLBACK = [
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect", "TcpPortRandomizationWin", "OptimizationHints", "NetworkTimeServiceQuerying",
    "AimEnabled", "PreconnectToSearch", "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion",
]
_pw_disabled_cache: list[str] | None = None


def playwright_disabled_features() -> list[str]:
    """The features Playwright disables itself (read from its driver bundle; a known list otherwise).

    Chromium honours only the last --disable-features switch, so ours has to repeat Playwright's."""
    global _pw_disabled_cache
    if _pw_disabled_cache is not None:
        return _pw_disabled_cache
    found: list[str] = []
    try:
        from playwright._impl._driver import compute_driver_executable

        lib = Path(compute_driver_executable()[1]).parent / "lib"
        for cand in [lib / "coreBundle.js", lib / "server" / "chromium" / "chromiumSwitches.js"]:
            if not cand.exists():
                continue
            m = re.search(r"disabledFeatures\s*=\s*\[(.*?)\]", cand.read_text(encoding="utf-8", errors="replace"), re.S)
            if m:
                body = re.sub(r"//[^\n]*", "", m.group(1))
                found = re.findall(r"[\"']([A-Za-z0-9_]+)[\"']", body)
                break
    except Exception:  # noqa: BLE001 - private module layout changed: use the known list
        found = []
    _pw_disabled_cache = found or list(_PLAYWRIGHT_DISABLED_FALLBACK)
    return _pw_disabled_cache


def chromium_args(extra: list[str] | None = None) -> list[str]:
    """CHROMIUM_ARGS + one merged --disable-features (Playwright's, ours, and any in ``extra``) + ``extra``."""
    extra = list(extra or [])
    features = playwright_disabled_features() + EXTRA_DISABLED_FEATURES
    rest = []
    for a in extra:
        if a.startswith("--disable-features="):
            features += [f for f in a.split("=", 1)[1].split(",") if f]
        else:
            rest.append(a)
    merged = ",".join(dict.fromkeys(features))
    return CHROMIUM_ARGS + [f"--disable-features={merged}"] + rest

SYSTEM_BROWSERS = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/snap/bin/chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)
SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
# Chromium's old headless mode as its own binary (what Playwright itself runs for headless): no
# browser UI behind each context, about half the CPU per submission of the full browser.
HEADLESS_SHELLS = (
    # the binary itself first: Debian's /usr/bin wrapper does not exec, so the browser would run as
    # a child of a shell that neither a kill nor a crash check reaches
    "/usr/lib/chromium/chromium-headless-shell",
    "/usr/bin/chromium-headless-shell",
    "/usr/bin/chrome-headless-shell",
)
HEADLESS_SHELL_NAMES = ("chromium-headless-shell", "chrome-headless-shell", "headless_shell")


class BrowserCrashed(RuntimeError):
    """The browser died during a submission."""


class NoBrowserFound(RuntimeError):
    pass


def _first_installed(paths: tuple[str, ...], names: tuple[str, ...]) -> str | None:
    for cand in paths:
        if Path(cand).exists():
            return cand
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def find_local_browser(explicit: str | Path | None, playwright_path: str | None,
                       headless: bool = True) -> tuple[str | None, str]:
    """(executable or None for Playwright's bundled one, how it was found)."""
    if explicit:
        p = Path(explicit).expanduser()
        if not p.exists():
            raise NoBrowserFound(f"DBOLT_BROWSER_PATH {p} does not exist")
        return str(p), "settings.browser_path"
    if playwright_path and Path(playwright_path).exists():
        return None, "playwright"
    if headless:
        found = _first_installed(HEADLESS_SHELLS, HEADLESS_SHELL_NAMES)
        if found:
            return found, "system headless shell"
    found = _first_installed(SYSTEM_BROWSERS, SYSTEM_NAMES)
    if found:
        return found, "system"
    raise NoBrowserFound(
        "no Chromium found: set DBOLT_BROWSER_PATH, install chromium, run `playwright install chromium`, "
        "or point DBOLT_BROWSER_WS at a remote browser"
    )


class BrowserPool:
    def __init__(
        self,
        settings: Any | None = None,
        *,
        concurrency: int | None = None,
        headless: bool | None = None,
        browser_path: str | Path | None = None,
        browser_ws: str | None = None,
        extra_args: list[str] | None = None,
        playwright: Any | None = None,
    ) -> None:
        if settings is None:
            from directorybolt_tui.config import get_settings

            settings = get_settings()
        self.settings = settings
        self.concurrency = concurrency or getattr(settings, "worker_concurrency", 4)
        self.headless = settings.browser_headless if headless is None else headless
        self.browser_path = browser_path if browser_path is not None else getattr(settings, "browser_path", None)
        ws = browser_ws
        if ws is None and getattr(settings, "browser_ws", None) is not None:
            ws = settings.browser_ws.get_secret_value() or None
        self.browser_ws = ws
        self.extra_args = extra_args or []
        self._pw_cm: Any = None
        self._pw: Any = playwright  # a running Playwright shared with others: used, never stopped here
        self._browser: Any = None
        self._lock = asyncio.Lock()
        self._sem = asyncio.Semaphore(self.concurrency)
        self.launches = 0
        self.crashes = 0
        self.source = ""
        self.active = 0

    async def start(self) -> None:
        if self._pw is None:
            from playwright.async_api import async_playwright

            self._pw_cm = async_playwright()
            self._pw = await self._pw_cm.start()
        await self._ensure_browser()

    async def _launch(self) -> Any:
        chromium = self._pw.chromium
        if self.browser_ws:
            self.source = "remote"
            return await chromium.connect(self.browser_ws)
        try:
            own = chromium.executable_path
        except Exception:  # noqa: BLE001
            own = None
        exe, how = find_local_browser(self.browser_path, own, self.headless)
        self.source = how if exe is None else f"{how}:{exe}"
        kwargs: dict[str, Any] = {"headless": self.headless, "args": chromium_args(self.extra_args)}
        if exe:
            kwargs["executable_path"] = exe
        return await chromium.launch(**kwargs)

    async def _ensure_browser(self) -> Any:
        async with self._lock:
            if self._browser is not None and self._browser.is_connected():
                return self._browser
            if self._browser is not None:
                self.crashes += 1
                log.warning("browser disconnected; relaunching")
                try:
                    await self._browser.close()
                except Exception:  # noqa: BLE001
                    pass
            self._browser = await self._launch()
            self.launches += 1
            return self._browser

    @property
    def browser(self) -> Any:
        return self._browser

    @asynccontextmanager
    async def context(self, **context_kwargs: Any) -> AsyncIterator[Any]:
        """A fresh browser context, released (closed) afterwards; waits for a free slot."""
        async with self._sem:
            if self._pw is None:
                await self.start()
            browser = await self._ensure_browser()
            try:
                ctx = await browser.new_context(**context_kwargs)
            except Exception as exc:  # noqa: BLE001
                if not browser.is_connected():
                    raise BrowserCrashed(str(exc)) from exc
                raise
            self.active += 1
            try:
                yield ctx
            except Exception as exc:
                if not browser.is_connected():
                    raise BrowserCrashed(f"browser crashed: {exc}") from exc
                raise
            finally:
                self.active -= 1
                try:
                    await ctx.close()
                except Exception:  # noqa: BLE001
                    pass

    async def close(self) -> None:
        if self._browser is not None:
            try:
                await self._browser.close()
            except Exception:  # noqa: BLE001
                pass
            self._browser = None
        if self._pw_cm is not None:
            try:
                await self._pw_cm.__aexit__(None, None, None)
            except Exception:  # noqa: BLE001
                pass
            self._pw_cm = None
            self._pw = None

    async def __aenter__(self) -> "BrowserPool":
        await self.start()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

