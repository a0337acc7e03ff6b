"""A DataTable whose rows are updated in place: changed cells only, rows added/removed by key.

The cursor stays on the same row (by key) and the scroll position is kept, so a refresh every
second does not disturb the person reading it. Rows can be marked (multi-select).
"""

from __future__ import annotations

from typing import Any, Sequence

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

MARK = "●"


class LiveTable(DataTable):
    DEFAULT_CSS = """
    LiveTable { height: 1fr; }
    """

    def __init__(self, columns: Sequence[tuple[str, str, int | None]], *, multi_select: bool = False, **kwargs: Any):
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._column_spec = list(columns)
        self.multi_select = multi_select
        self._mirror: dict[str, list[Any]] = {}
        self.marked: set[str] = set()

    def on_mount(self) -> None:
        if self.multi_select:
            self.add_column(" ", key="_mark", width=1)
        for key, label, width in self._column_spec:
            self.add_column(label, key=key, width=width)

    def relayout(self, columns: Sequence[tuple[str, str, int | None]]) -> None:
        """New column widths (terminal resized): rebuild the columns once; rows come back on the next sync."""
        if list(columns) == self._column_spec:
            return
        self._restore_key = self.cursor_key
        self._column_spec = list(columns)
        self.clear(columns=True)
        self._mirror.clear()
        if self.multi_select:
            self.add_column(" ", key="_mark", width=1)
        for key, label, width in self._column_spec:
            self.add_column(label, key=key, width=width)

    # --- keys ---------------------------------------------------------------------------------------
    @property
    def cursor_key(self) -> str | None:
        if self.row_count == 0:
            return None
        try:
            row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        except Exception:
            return None
        return row_key.value

    def keys_in_order(self) -> list[str]:
        return [row.key.value for row in self.ordered_rows]

    def target_keys(self) -> list[str]:
        """The marked rows (in table order) if any, else the row under the cursor."""
        if self.marked:
            return [k for k in self.keys_in_order() if k in self.marked]
        key = self.cursor_key
        return [key] if key is not None else []

    # --- marking --------------------------------------------------------------------------------------
    def toggle_mark(self, key: str | None = None) -> None:
        key = key or self.cursor_key
        if key is None or not self.multi_select:
            return
        if key in self.marked:
            self.marked.discard(key)
        else:
            self.marked.add(key)
        self._show_mark(key)

    def mark_all(self) -> None:
        keys = self.keys_in_order()
        if self.marked.issuperset(keys):
            self.marked.clear()
        else:
            self.marked.update(keys)
        for k in keys:
            self._show_mark(k)

    def _show_mark(self, key: str) -> None:
        cell = self._mark_cell(key)
        self.update_cell(key, "_mark", cell)
        if key in self._mirror:
            self._mirror[key][0] = cell  # the mirror tracks the very objects the table holds

    def _mark_cell(self, key: str) -> Text:
        return Text(MARK if key in self.marked else " ", style="bold yellow")

    # --- in-place sync -------------------------------------------------------------------------------
    def sync(self, rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Make the table show exactly `rows` (key, cells) in this order, touching only what changed."""
        cursor_key = getattr(self, "_restore_key", None) or self.cursor_key
        self._restore_key = None
        cursor_index = self.cursor_row
        wanted = {key for key, _ in rows}
        self.marked &= wanted
        col_keys = [k for k, _, _ in self._column_spec]
        with self.app.batch_update():
            for key in list(self._mirror):
                if key not in wanted:
                    del self._mirror[key]
                    try:
                        self.remove_row(key)
                    except RowDoesNotExist:
                        pass
            for key, cells in rows:
                cells = list(cells)
                if self.multi_select:
                    cells = [self._mark_cell(key), *cells]
                    keys = ["_mark", *col_keys]
                else:
                    keys = col_keys
                old = self._mirror.get(key)
                if old is None:
                    self.add_row(*cells, key=key)
                    self._mirror[key] = cells
                    continue
                for i, (ck, new) in enumerate(zip(keys, cells)):
                    if old[i] != new:
                        self.update_cell(key, ck, new)
                        old[i] = new
            order = [key for key, _ in rows]
            if self.keys_in_order() != order:
                rank = {id(self._mirror[key][0]): i for i, key in enumerate(order)}
                self.sort(key=lambda values: rank.get(id(values[0]), 0))
            if cursor_key is not None and cursor_key in wanted:
                index = self.get_row_index(cursor_key)
                if index != self.cursor_row:
                    self.move_cursor(row=index, scroll=False)
            elif self.row_count:
                self.move_cursor(row=min(cursor_index, self.row_count - 1), scroll=False)
