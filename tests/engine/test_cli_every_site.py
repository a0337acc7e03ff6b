"""`dbolt directories test` against every sandbox site: the outcome class the site expects, and with
--dry-run a filled form that is never sent. The command runs as staff run it, four at once."""

from __future__ import annotations

import asyncio
import json
import os
import sys

import pytest

from tests.foundation.helpers import REPO_ROOT
from worker.sandbox.sites import Store, build_sites

SITES = build_sites(Store())

pytestmark = pytest.mark.timeout(600)


async def _run_all(urls: dict[str, str], tmp_path, *extra: str) -> dict[str, dict]:
    env = {**os.environ, "DBOLT_DATA_DIR": str(tmp_path), "DBOLT_CONFIG_FILE": str(tmp_path / "none.toml")}
    gate = asyncio.Semaphore(4)

    async def one(slug: str, url: str) -> tuple[str, dict]:
        async with gate:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "directorybolt_tui.cli.main", "directories", "test", url, "--json", *extra,
                cwd=REPO_ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
            out, err = await proc.communicate()
        assert proc.returncode == 0, (slug, err.decode()[-2000:])
        return slug, json.loads(out)

    return dict(await asyncio.gather(*(one(s, u) for s, u in urls.items())))


def test_every_site_gets_its_expected_outcome_class(sandbox, tmp_path) -> None:
    sandbox.reset()
    outcomes = asyncio.run(_run_all({slug: sandbox.url(slug) for slug in SITES}, tmp_path))
    got = {slug: d["status"] for slug, d in outcomes.items()}
    assert got == {slug: site.expected[0] for slug, site in SITES.items()}


def test_dry_run_on_every_site_sends_nothing(sandbox, tmp_path) -> None:
    sandbox.reset()
    outcomes = asyncio.run(_run_all({slug: sandbox.url(slug) for slug in SITES}, tmp_path, "--dry-run"))
    assert {slug: items for slug, items in sandbox.received_all().items() if items} == {}
    assert {slug for slug, d in outcomes.items() if d["submitted"]} == set()
    # every site whose form the engine can fill stops just before the click
    fillable = {slug for slug, site in SITES.items() if site.expected[0] == "success"}
    assert {slug: (d["status"], d["reason_code"]) for slug, d in outcomes.items() if slug in fillable} == {
        slug: ("skipped", "dry_run") for slug in fillable}
