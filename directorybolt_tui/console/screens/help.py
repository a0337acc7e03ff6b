"""`?`: every key of the console, generated from the bindings so it cannot drift."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def key_label(key: str) -> str:
    names = {"question_mark": "?", "slash": "/", "space": "space", "escape": "Esc", "enter": "Enter"}
    return ", ".join(names.get(k.strip(), k.strip()) for k in key.split(","))


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 78; max-width: 100%; height: 90%; border: thick $accent; background: $surface; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for title, keys in self._sections:
                table = Table(title=Text(title, style="bold"), show_header=False, box=None, expand=True)
                table.add_column(width=14, style="bold cyan")
                table.add_column()
                for key, desc in keys:
                    table.add_row(Text(key), Text(desc))
                yield Static(table)
            yield Static(Text("Esc / q / ? closes this help.", style="italic"))
