"""Modal dialogs: confirm, a small form (with validation), all text shown inert."""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from ..widgets.inert_text import inert

DIALOG_CSS = """
.dialog { width: 76; max-width: 100%; height: auto; max-height: 100%; border: thick $accent; background: $surface; padding: 0 1; }
.dialog .title { text-style: bold; height: 1; }
.dialog .error { color: $error; height: auto; }
.dialog Horizontal.buttons { height: 3; align-horizontal: right; }
.dialog Input { height: 1; border: none; margin: 0 0 0 0; }
.dialog Label { height: 1; margin-top: 0; color: $text-muted; }
.dialog Checkbox { height: 1; border: none; padding: 0; }
.dialog VerticalScroll { height: auto; max-height: 18; }
"""


class ConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = "ConfirmScreen { align: center middle; }" + DIALOG_CSS
    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel"), Binding("y", "dismiss(True)", "Yes")]

    def __init__(self, title: str, body: Text | str) -> None:
        super().__init__()
        self._title = title
        self._body = body if isinstance(body, Text) else Text(body)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self._title), classes="title")
            yield Static(self._body)
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", variant="primary", id="yes")
                yield Button("No (Esc)", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class Field:
    def __init__(self, name: str, label: str, value: Any = "", *, kind: str = "text", placeholder: str = "") -> None:
        self.name, self.label, self.value, self.kind, self.placeholder = name, label, value, kind, placeholder


class FormScreen(ModalScreen[dict[str, Any] | None]):
    """A form; `validate(values) -> (clean, errors)` decides whether it may close."""

    DEFAULT_CSS = "FormScreen { align: center middle; }" + DIALOG_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "submit", "Save")]

    def __init__(
        self,
        title: str,
        fields: list[Field],
        validate: Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, str]]] | None = None,
        intro: Text | str | None = None,
        submit_label: str = "Save",
    ) -> None:
        super().__init__()
        self._title = title
        self._fields = fields
        self._validate = validate
        self._intro = intro
        self._submit_label = submit_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self._title), classes="title")
            if self._intro is not None:
                yield Static(self._intro if isinstance(self._intro, Text) else inert(self._intro, 300))
            with VerticalScroll():
                for f in self._fields:
                    if f.kind == "bool":
                        yield Checkbox(f.label, value=bool(f.value), id=f"f-{f.name}")
                    else:
                        yield Label(Text(f.label))
                        yield Input(
                            value="" if f.value is None else str(f.value),
                            placeholder=f.placeholder,
                            id=f"f-{f.name}",
                        )
            yield Static("", classes="error", id="form-error")
            with Horizontal(classes="buttons"):
                yield Button(f"{self._submit_label} (ctrl+s)", variant="primary", id="submit")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        first = self.query("Input, Checkbox").first()
        if first is not None:
            first.focus()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self._fields:
            w = self.query_one(f"#f-{f.name}")
            out[f.name] = w.value
        return out

    def set_value(self, name: str, value: Any) -> None:
        self.query_one(f"#f-{name}").value = value

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        values = self.values()
        if self._validate is not None:
            clean, errors = self._validate(values)
            if errors:
                msg = Text()
                for name, err in errors.items():
                    msg.append(f"{name}: {err}\n")
                self.query_one("#form-error", Static).update(msg)
                return
            values = clean
        self.dismiss(values)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()
        else:
            self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """A question with a few answers, each on a key (Esc: none)."""

    DEFAULT_CSS = "ChoiceScreen { align: center middle; }" + DIALOG_CSS
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, body: Text | str, choices: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self._title = title
        self._body = body if isinstance(body, Text) else Text(body)
        self._choices = choices  # (key, label, value)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self._title), classes="title")
            yield Static(self._body)
            with Horizontal(classes="buttons"):
                for key, label, value in self._choices:
                    yield Button(f"{label} ({key})", id=f"choice-{value}")
                yield Button("Cancel (Esc)", id="choice-cancel")

    def on_key(self, event) -> None:
        for key, _, value in self._choices:
            if event.key == key:
                event.stop()
                self.dismiss(value)
                return

    def on_button_pressed(self, event: Button.Pressed) -> None:
        value = (event.button.id or "").removeprefix("choice-")
        self.dismiss(None if value == "cancel" else value)
