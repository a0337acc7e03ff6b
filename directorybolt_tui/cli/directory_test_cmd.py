"""`dbolt directories test URL`: run the submission engine against one URL, without any database."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, Optional

import typer


def test(
    url: str = typer.Argument(..., help="The directory's submission (or landing) page."),
    business: Optional[Path] = typer.Option(
        None, "--business", help="Business JSON in the order format {packageType, businessData}; default: a built-in sample."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Fill the form but never click submit (sends nothing)."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object instead of text."),
) -> None:
    """Run the engine once against URL and print the field mapping, the outcome and the evidence paths."""
    from directorybolt_tui.config import Settings
    from worker.engine.browser_submitter import submit_once
    from worker.engine.profile_from_json import ProfileError, load_profile
    from worker.engine.sample_profile import SAMPLE_PROFILE

    if business is not None:
        try:
            profile = load_profile(business)
        except (OSError, ProfileError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
    else:
        profile = SAMPLE_PROFILE
    settings = Settings()
    phases: list[str] = []

    async def on_phase(p: str) -> None:
        phases.append(p)

    try:
        outcome = asyncio.run(submit_once(url, profile, dry_run=dry_run, settings=settings, job_id="directory-test",
                                          on_phase=on_phase))
    except Exception as exc:  # noqa: BLE001 - no browser, bad URL...
        typer.echo(f"error: {exc.__class__.__name__}: {exc}", err=True)
        raise typer.Exit(1) from exc
    ev = outcome.evidence or {}
    result: dict[str, Any] = {
        "url": url,
        "business": profile.business_name,
        "dry_run": dry_run,
        "status": outcome.status,
        "reason_code": outcome.reason_code,
        "message": outcome.message,
        "transient": outcome.transient,
        "retry_after": outcome.retry_after,
        "submitted": outcome.submitted,
        "final_url": outcome.submission_url,
        "phases": phases,
        "mapping": ev.get("mapping", []),
        "evidence": {
            "dir": ev.get("dir"),
            "screenshot": outcome.screenshot_path,
            "screenshots": ev.get("screenshots", {}),
            "html": ev.get("html_final"),
            "mapping": ev.get("mapping_json"),
        },
        "signals": ev.get("signals", []),
        "elapsed_seconds": ev.get("elapsed_seconds"),
    }
    if json_out:
        typer.echo(json.dumps(result, indent=2, default=str))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"Field mapping - {url}", show_lines=False)
    for col in ("field", "label", "attribute", "action", "value", "why"):
        table.add_column(col, overflow="fold")
    for row in result["mapping"]:
        why = row.get("skip_reason") or "; ".join((row.get("why") or [])[-2:])
        value = row.get("value")
        table.add_row(str(row.get("field") or ""), str(row.get("label") or "")[:40], str(row.get("attribute") or "-"),
                      row.get("action") or "", "" if value is None else str(value)[:60], why[:90])
    console.print(table)
    console.print(f"[bold]Outcome:[/bold] {outcome.status}" + (f" ({outcome.reason_code})" if outcome.reason_code else "")
                  + (" [transient]" if outcome.transient else ""))
    if outcome.message:
        console.print(f"  {outcome.message}")
    console.print(f"  submitted: {outcome.submitted}   final URL: {outcome.submission_url}")
    if result["signals"]:
        console.print(f"  signals: {', '.join(result['signals'])}")
    console.print("[bold]Evidence:[/bold]")
    for name, path in result["evidence"]["screenshots"].items():
        console.print(f"  screenshot {name}: {path}")
    for key in ("html", "mapping"):
        if result["evidence"][key]:
            console.print(f"  {key}: {result['evidence'][key]}")
