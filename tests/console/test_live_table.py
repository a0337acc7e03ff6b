"""LiveTable on its own: in-place sync keeps order, cursor and marks right."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from directorybolt_tui.console.widgets.live_table import LiveTable


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield LiveTable([("a", "A", 5), ("b", "B", 5)], multi_select=True)


def rows(*keys):
    return [(k, [Text(k), Text(k.upper())]) for k in keys]


async def test_sync_order_cursor_and_marks():
    app = TableApp()
    async with app.run_test() as pilot:
        t = app.query_one(LiveTable)
        t.sync(rows("x", "y", "z"))
        await pilot.pause()
        t.move_cursor(row=1)
        t.toggle_mark()  # mark y
        t.sync(rows("z", "y", "x", "w"))
        await pilot.pause()
        assert t.keys_in_order() == ["z", "y", "x", "w"]
        assert t.cursor_key == "y" and t.marked == {"y"}
        assert t.get_cell("y", "_mark").plain == "●"
        t.sync(rows("w", "y"))
        await pilot.pause()
        assert t.keys_in_order() == ["w", "y"] and t.cursor_key == "y"
        t.sync([("w", [Text("w"), Text("changed")]), ("y", [Text("y"), Text("Y")])])
        assert t.get_cell("w", "b").plain == "changed"
        assert t.target_keys() == ["y"]
        t.mark_all()
        assert t.target_keys() == ["w", "y"]
