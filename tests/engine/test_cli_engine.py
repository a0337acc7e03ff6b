"""The engine's CLI commands, called through tiny Typer apps built here (no database)."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from directorybolt_tui.cli import sandbox_cmd
from directorybolt_tui.cli.directory_test_cmd import test as directories_test

runner = CliRunner()


def _directories_app() -> typer.Typer:
    app = typer.Typer()
    app.command("test")(directories_test)
    app.command("noop")(lambda: None)  # keep "test" a sub-command
    return app


def _env(tmp_path) -> dict[str, str]:
    return {"DBOLT_DATA_DIR": str(tmp_path), "DBOLT_CONFIG_FILE": str(tmp_path / "none.toml")}


def test_directories_test_json(sandbox, tmp_path) -> None:
    sandbox.reset()
    res = runner.invoke(_directories_app(), ["test", sandbox.url("dl"), "--json"], env=_env(tmp_path))
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert (data["status"], data["submitted"]) == ("success", True)
    assert any(row["attribute"] == "business_name" and row["action"] == "fill" for row in data["mapping"])
    assert data["evidence"]["screenshot"] and str(tmp_path) in data["evidence"]["dir"]
    assert len(sandbox.received("dl")) == 1


def test_directories_test_dry_run_sends_nothing(sandbox, tmp_path) -> None:
    sandbox.reset()
    res = runner.invoke(_directories_app(), ["test", sandbox.url("landing"), "--dry-run", "--json"], env=_env(tmp_path))
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert (data["status"], data["reason_code"], data["submitted"]) == ("skipped", "dry_run", False)
    assert "submitting" not in data["phases"]
    assert {row["attribute"] for row in data["mapping"] if row["action"] != "skip"} >= {"business_name", "email", "phone"}
    assert sandbox.received("landing") == []
    # the human-readable form prints the mapping table and the outcome
    res = runner.invoke(_directories_app(), ["test", sandbox.url("aria"), "--dry-run"], env=_env(tmp_path))
    assert res.exit_code == 0, res.output
    assert "Outcome:" in res.stdout and "dry_run" in res.stdout
    assert sandbox.received("aria") == []


def test_directories_test_with_business_file(sandbox, tmp_path) -> None:
    sandbox.reset()
    order = {
        "packageType": "growth",
        "businessData": {
            "name": "Copper Kettle Cafe",
            "address": "400 W 2nd St, Austin, TX 78701",
            "phone": "(512) 555-0188",
            "email": "hi@copperkettle.example",
            "website": "https://copperkettle.example",
            "description": "Coffee, breakfast tacos and pastries.",
            "categories": ["Cafe"],
            "contact_name": "Ana Lee",
        },
    }
    f = tmp_path / "order.json"
    f.write_text(json.dumps(order))
    res = runner.invoke(_directories_app(), ["test", sandbox.url("split"), "--business", str(f), "--json"],
                        env=_env(tmp_path))
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["status"] == "success"
    rec = sandbox.received("split")[-1]["fields"]
    assert rec["business_name"] == "Copper Kettle Cafe"
    assert (rec["ph_a"], rec["ph_b"], rec["ph_c"]) == ("512", "555", "0188")
    assert (rec["addr1"], rec["city"], rec["st"], rec["zip"]) == ("400 W 2nd St", "Austin", "TX", "78701")
    assert rec["category"] == "food"


def test_bad_business_file_is_a_clear_error(tmp_path) -> None:
    f = tmp_path / "bad.json"
    f.write_text('{"businessData": {"email": "x@y.z"}}')
    res = runner.invoke(_directories_app(), ["test", "http://127.0.0.1:9/", "--business", str(f)], env=_env(tmp_path))
    assert res.exit_code == 2
    assert "name is required" in res.output


def test_sandbox_catalog_command(tmp_path) -> None:
    res = runner.invoke(sandbox_cmd.app, ["catalog", "--base-url", "http://127.0.0.1:9999"])
    assert res.exit_code == 0, res.output
    entries = json.loads(res.stdout)
    assert len(entries) >= 20 and entries[0]["homepage"].startswith("http://127.0.0.1:9999/d/")
    out = tmp_path / "cat.json"
    res = runner.invoke(sandbox_cmd.app, ["catalog", "--out", str(out)])
    assert res.exit_code == 0 and len(json.loads(out.read_text())) == len(entries)
