"""What every tab shares: a header line with counts, a filter (`/`), sorting, a LiveTable."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

import asyncpg
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static

from ...db.console.queries import Row, TabData
from ..widgets.inert_text import neutralize
from ..widgets.live_table import LiveTable

if TYPE_CHECKING:
    from ..app import ConsoleApp


class BaseTab(Vertical):
    DEFAULT_CSS = """
    BaseTab { height: 1fr; }
    BaseTab > .tab-header { height: 1; padding: 0 1; background: $boost; }
    BaseTab > Input.filter { display: none; height: 1; border: none; padding: 0 1; }
    BaseTab > Input.filter.-shown { display: block; }
    """
    tab_id: ClassVar[str] = ""
    title: ClassVar[str] = ""
    kinds: ClassVar[frozenset[str]] = frozenset({"jobs"})
    columns: ClassVar[list[tuple[str, str, int | None]]] = []
    multi_select: ClassVar[bool] = False
    # action name -> SQL function it needs (used to hide/refuse actions the role may not do)
    action_functions: ClassVar[dict[str, str]] = {}
    # (title, help, action) for the command palette
    commands: ClassVar[list[tuple[str, str, str]]] = []
    BINDINGS: ClassVar[list[Binding]] = []

    def __init__(self) -> None:
        super().__init__(id=f"tab-{self.tab_id}")
        self.data: TabData | None = None
        self.rows_by_key: dict[str, Row] = {}
        self.filter_text = ""
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.stale = True
        self.loaded_at: float | None = None
        self.now: datetime | None = None
        self.terminal_width = 80
        self.pages = 1  # keyset pages shown (tabs with "more")

    def w(self, key: str) -> int:
        """Current width of a column (cut values to it)."""
        for k, _, width in self.scaled_columns():
            if k == key:
                return width or 20
        return 20

    FIXED_COLUMNS: ClassVar[frozenset[str]] = frozenset(
        {"progress", "status", "waiting", "heartbeat", "health", "elapsed", "finished_at", "created_at"})

    def scaled_columns(self) -> list[tuple[str, str, int | None]]:
        """Text columns (12+ wide) share the room beyond what the base layout needs; others stay."""
        flex = [k for k, _, w in self.columns if w is not None and w >= 12 and k not in self.FIXED_COLUMNS]
        base = sum((w or 10) + 2 for _, _, w in self.columns) + (3 if self.multi_select else 0) + 2
        extra = max(0, self.terminal_width - base)
        flex_total = sum(w for k, _, w in self.columns if k in flex) or 1
        out = []
        for k, label, width in self.columns:
            if k in flex and width is not None:
                width = width + int(extra * width / flex_total)
            out.append((k, label, width))
        return out

    def set_terminal_width(self, width: int) -> None:
        width = max(width, 80)
        if width != self.terminal_width:
            self.terminal_width = width
            self.table.relayout(self.scaled_columns())
            self.render_rows()

    @property
    def console(self) -> "ConsoleApp":
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(Text(self.title), classes="tab-header")
        yield Input(placeholder="filter (Enter keeps it, Esc clears)", classes="filter")
        yield LiveTable(self.columns, multi_select=self.multi_select, id=f"table-{self.tab_id}")

    @property
    def table(self) -> LiveTable:
        return self.query_one(LiveTable)

    # --- data ------------------------------------------------------------------------------------------
    async def fetch(self, conn: asyncpg.Connection, now: datetime) -> TabData:
        raise NotImplementedError

    def row_key(self, row: Row) -> str:
        return str(row["id"])

    def cells(self, row: Row, now: datetime) -> list[Any]:
        raise NotImplementedError

    def sort_value(self, row: Row, column: str) -> Any:
        return row.get(column)

    def search_text(self, row: Row) -> str:
        return " ".join(neutralize(v) for v in row.values() if isinstance(v, (str, int))).lower()

    def apply(self, data: TabData, now: datetime) -> None:
        self.data = data
        self.now = now
        self.rows_by_key = {self.row_key(r): r for r in data.rows}
        self.render_rows()

    def visible_rows(self) -> list[Row]:
        rows = list(self.data.rows) if self.data else []
        if self.filter_text:
            needle = self.filter_text.lower()
            rows = [r for r in rows if needle in self.search_text(r)]
        if self.sort_column:
            col = self.sort_column

            def key(r: Row) -> tuple:
                v = self.sort_value(r, col)
                return (v is None, v if v is not None else 0)

            try:
                rows.sort(key=key, reverse=self.sort_reverse)
            except TypeError:
                rows.sort(key=lambda r: str(self.sort_value(r, col)), reverse=self.sort_reverse)
        return rows

    def render_rows(self) -> None:
        if self.data is None or self.now is None:
            return
        rows = self.visible_rows()
        self.table.sync([(self.row_key(r), self.cells(r, self.now)) for r in rows])
        self.update_header(len(rows))

    def header_extra(self) -> str:
        return ""

    def update_header(self, shown: int) -> None:
        data = self.data
        t = Text(self.title, style="bold")
        if data is not None:
            if data.total is not None:
                total = f"{data.total:,}{'+' if data.total_capped else ''}"
                t.append(f"  {shown:,} shown of {total}")
            else:
                t.append(f"  {shown:,} shown")
        if self.table.marked:
            t.append(f"  {len(self.table.marked)} marked", style="yellow")
        if self.filter_text:
            t.append("  filter: ")
            t.append(neutralize(self.filter_text)[:20], style="italic")
        if self.sort_column:
            label = next((lbl for k, lbl, _ in self.columns if k == self.sort_column), self.sort_column)
            t.append(f"  sort: {label} {'▼' if self.sort_reverse else '▲'}")
        if self.pages > 1:
            t.append(f"  {self.pages} pages")
        extra = self.header_extra()
        if extra:
            t.append(f"  {extra}")
        self.query_one(".tab-header", Static).update(t)

    # --- filter and sort -----------------------------------------------------------------------------
    def start_filter(self) -> None:
        box = self.query_one(Input)
        box.add_class("-shown")
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.render_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            event.input.remove_class("-shown")
        self.table.focus()

    def clear_filter(self) -> None:
        box = self.query_one(Input)
        box.value = ""
        box.remove_class("-shown")
        self.filter_text = ""
        self.render_rows()
        self.table.focus()

    def on_key(self, event: Any) -> None:
        if event.key == "escape" and self.query_one(Input).has_focus:
            event.stop()
            self.clear_filter()

    def cycle_sort(self, reverse: bool = False) -> None:
        keys = [k for k, _, _ in self.columns]
        if reverse:
            self.sort_reverse = not self.sort_reverse
            if self.sort_column is None:
                self.sort_column = keys[0]
        else:
            i = keys.index(self.sort_column) + 1 if self.sort_column in keys else 0
            self.sort_column = keys[i] if i < len(keys) else None
            self.sort_reverse = False
        self.render_rows()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = event.column_key.value
        if key == "_mark":
            return
        if self.sort_column == key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = key, False
        self.render_rows()

    # --- actions ---------------------------------------------------------------------------------------
    # actions that change something outside the console without an SQL API function (hidden when read-only)
    side_effect_actions: ClassVar[frozenset[str]] = frozenset()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.side_effect_actions and self.console.caps.read_only:
            return False
        function = self.action_functions.get(action)
        if function is None:
            return True
        return self.console.caps.can(function)

    def allowed(self, action: str) -> bool:
        """True when the role may run `action`; else tells the user why and returns False."""
        function = self.action_functions.get(action)
        if function is None:
            return True
        caps = self.console.caps
        if caps.can(function):
            return True
        self.console.notify(caps.why_not(function), title="Not allowed", severity="error")
        return False

    def current_row(self) -> Row | None:
        key = self.table.cursor_key
        return self.rows_by_key.get(key) if key else None

    def target_rows(self) -> list[Row]:
        return [self.rows_by_key[k] for k in self.table.target_keys() if k in self.rows_by_key]

    def copy_text(self) -> str | None:
        row = self.current_row()
        return str(row["id"]) if row else None

    MAX_PAGES: ClassVar[int] = 25

    def action_more(self) -> None:
        if self.pages >= self.MAX_PAGES:
            self.console.notify(f"at most {self.MAX_PAGES} pages; filter instead", severity="warning")
            return
        self.pages += 1
        self.console.request_refresh_of(self)
