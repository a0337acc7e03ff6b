"""An order whose address is one line (the web shop's usual body) reaches the directories as the
street, city, state, postal code and country their forms ask for."""

import dataclasses
import json
import subprocess
import sys

import pytest

from tests.foundation.helpers import REPO_ROOT, dbolt
from worker.engine.sample_profile import SAMPLE_PROFILE
from worker.sandbox.expectations import check_received
from worker.sandbox.sites import Store, build_sites

pytestmark = pytest.mark.timeout(300)

# Sites with a country select, dependent state and city selects, split address fields.
SLUGS = ("label-for", "wrapping", "split", "dependent-select")

ORDER = {
    "packageType": "starter",
    "businessData": {
        "name": SAMPLE_PROFILE.business_name,
        "email": SAMPLE_PROFILE.email,
        "phone": "(512) 555-0147",
        "website": SAMPLE_PROFILE.website,
        "contactName": SAMPLE_PROFILE.contact_name,
        "address": "1200 Congress Ave Suite 400, Austin, TX 78701",
        "description": SAMPLE_PROFILE.description,
        "categories": list(SAMPLE_PROFILE.categories),
        "hours": SAMPLE_PROFILE.hours,
        "keywords": list(SAMPLE_PROFILE.keywords),
        "socialLinks": SAMPLE_PROFILE.social_links,
    },
}


async def test_one_line_address_reaches_forms_as_its_parts(conn, db_env, tmp_path, sandbox):
    catalog = [e for e in sandbox.catalog() if e["sandbox_slug"] in SLUGS]
    catalog_file = tmp_path / "sandbox.json"
    catalog_file.write_text(json.dumps(catalog))
    assert dbolt("directories", "import", str(catalog_file), env=db_env).returncode == 0
    order_file = tmp_path / "order.json"
    order_file.write_text(json.dumps(ORDER))
    submitted = dbolt("submit", str(order_file), env=db_env)
    assert submitted.returncode == 0, submitted.stderr
    job_id = submitted.stdout.strip()

    env = {**db_env, "DBOLT_MAX_ATTEMPTS": "1", "DBOLT_STEP_TIMEOUT_SECONDS": "10"}
    worker = subprocess.run([sys.executable, "-m", "directorybolt_tui.cli.main", "worker", "--once", "--concurrency", "2"],
                            env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=240)
    assert worker.returncode == 0, worker.stderr[-3000:]

    outcomes = {r["homepage"]: (r["status"], r["reason_code"]) for r in await conn.fetch(
        """SELECT r.status, r.reason_code, d.homepage FROM job_results r JOIN directories d ON d.id = r.directory_id
           WHERE r.job_id = $1::uuid""", job_id)}
    assert outcomes == {e["homepage"]: ("success", None) for e in catalog}

    sites = build_sites(Store())
    # The sample profile carries the same address as parts: what every site must have received.
    expected = dataclasses.replace(SAMPLE_PROFILE, address=None)
    problems = {slug: check_received(sites[slug], sandbox.received(slug)[-1]["fields"], expected) for slug in SLUGS}
    assert problems == {slug: [] for slug in SLUGS}
