"""`dbolt sandbox ...`: the local directory farm used by tests, the demo and the bench."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(help="The local sandbox directory farm (test sites on 127.0.0.1).", no_args_is_help=True)


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind (loopback only)."),
    port: int = typer.Option(8765, "--port", help="TCP port (0 = any free port)."),
) -> None:
    """Serve every sandbox directory under /d/<slug>/ until Ctrl-C."""
    from worker.sandbox.server import make_server

    try:
        server = make_server(host, port)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    except OSError as exc:
        typer.echo(f"error: cannot listen on {host}:{port}: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"sandbox: {len(server.sites)} directories at {server.base_url}/  (received: {server.base_url}/_received)")
    for site in server.sites.values():
        status, reason = site.expected
        url = f"{server.base_url}/d/{site.slug}/{site.entry}"
        typer.echo(f"  {url:<60} expect {status}{'/' + reason if reason else ''}")
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        typer.echo("stopping")
    finally:
        server.server_close()


@app.command("catalog")
def catalog_cmd(
    base_url: str = typer.Option("http://127.0.0.1:8765", "--base-url", help="Where the sandbox is served."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write the JSON here instead of printing it."),
) -> None:
    """Print (or write) the sandbox catalog as JSON, in the directory-import format."""
    from worker.sandbox.catalog import catalog

    text = json.dumps(catalog(base_url), indent=2)
    if out is None:
        typer.echo(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"wrote {out}")
