"""Type text into a rich-text editor: a contenteditable element (Quill, ProseMirror, CKEditor 5...) or an
iframe whose body is editable (TinyMCE, CKEditor 4).

The text goes in as typed text (Playwright selects the editor's content and inserts the text, so the editor and
the site's script get real beforeinput/input events and keep their hidden copy in sync); setting innerHTML
would bypass them. The hidden field an editor keeps in sync is never filled directly.
"""

from __future__ import annotations

from typing import Any

from .field_mapping import FieldPlan

TEXT_JS = "(el) => el.innerText || ''"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _editable(frame: Any, plan: FieldPlan) -> Any:
    if plan.tag == "iframe":
        return frame.frame_locator(plan.selector).locator("body")
    return frame.locator(plan.selector).first


async def _insert(frame: Any, editor: Any, lines: list[str], timeout_ms: float, select_all: bool) -> None:
    keyboard = frame.page.keyboard
    if select_all:
        await editor.click(timeout=timeout_ms)
        await keyboard.press("ControlOrMeta+a")
        await keyboard.press("Delete")
        await keyboard.insert_text(lines[0])
    else:
        await editor.fill(lines[0], timeout=timeout_ms)
    for line in lines[1:]:
        await keyboard.press("Enter")  # a new paragraph, as a person would make one
        if line:
            await keyboard.insert_text(line)


async def type_into_editor(frame: Any, plan: FieldPlan, timeout_ms: float = 5000) -> None:
    """Replace the editor's content with ``plan.value``; raises when the editor does not show the text."""
    text = str(plan.value)
    lines = text.replace("\r\n", "\n").split("\n")
    editor = _editable(frame, plan)
    want = _flat(text)[:60]
    await _insert(frame, editor, lines, timeout_ms, select_all=False)
    if _flat(await editor.evaluate(TEXT_JS)).startswith(want):
        return
    # some editors swallow the first insertion while they initialise, or keep a placeholder node: once more, by keyboard
    await _insert(frame, editor, lines, timeout_ms, select_all=True)
    shown = _flat(await editor.evaluate(TEXT_JS))
    if not shown.startswith(want):
        raise RuntimeError(f"the editor shows {shown[:60]!r} after typing")
