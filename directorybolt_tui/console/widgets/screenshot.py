"""A screenshot shown in the terminal: textual-image picks sixel / kitty graphics when the
terminal can, else unicode half blocks. Paths only (file paths or file:// URLs); nothing is fetched."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from textual.app import ComposeResult
from textual.containers import Container
from textual.widgets import Static


def local_path(url: str | None) -> Path | None:
    if not url:
        return None
    if url.startswith("file:"):
        return Path(unquote(urlsplit(url).path))
    if url.startswith("/"):
        return Path(url)
    return None


class ScreenshotView(Container):
    DEFAULT_CSS = """
    ScreenshotView { height: 1fr; }
    ScreenshotView > * { width: auto; height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static("")

    def show(self, path: Path | None) -> None:
        self.remove_children()
        if path is None:
            self.mount(Static("(no screenshot to show)"))
            return
        try:
            from textual_image.widget import Image
        except Exception:  # pragma: no cover - terminal probing failed
            from textual_image.widget import HalfcellImage as Image  # type: ignore[assignment]
        try:
            self.mount(Image(path))
        except Exception as exc:
            self.mount(Static(f"cannot show the image: {exc}"))
