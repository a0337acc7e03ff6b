"""The engine on category controls that keep several values (pages in multi_value_forms.py): each profile category
that an offered option matches well is chosen, up to the widget's limit, never a poor match; a suggestion the
widget did not take is reported in the mapping, not claimed."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from tests.generality.local_site import serving
from tests.generality.multi_value_forms import PAGES

pytestmark = pytest.mark.timeout(120)


def three_category_profile():
    from worker.submission import BusinessProfile

    return BusinessProfile(
        business_name="Bright Byte Studio", email="hi@brightbyte.example", phone="+15125550188",
        website="https://brightbyte.example", city="Austin", region="TX", postal_code="78701", country="US",
        street="500 W 2nd St", description="A small studio building websites and custom software for local shops.",
        categories=("Web Design", "Software", "Marketing"))


@pytest.fixture(scope="module")
def site():
    received: dict[str, list[dict[str, list[str]]]] = {}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, body: str) -> None:
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            page = PAGES.get(self.path.strip("/").split("/")[0])
            self._send(page["html"] if page else "<h1>not found</h1>")

        def do_POST(self):
            slug = self.path.strip("/").split("/")[0]
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            with lock:
                received.setdefault(slug, []).append(parse_qs(body, keep_blank_values=True))
            self._send(PAGES[slug]["response"])

    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as base:
        yield base, received


async def submit(site, slug: str, tmp_path):
    from worker.engine.browser_submitter import submit_once

    base, received = site
    before = len(received.get(slug, []))
    profile = three_category_profile()
    outcome = await submit_once(f"{base}/{slug}/", profile, evidence_dir=tmp_path, step_timeout=10)
    got = received.get(slug, [])[before:]
    assert len(got) == 1, (slug, outcome.status, outcome.message, json.dumps(outcome.evidence.get("mapping"), indent=1)[:3000])
    return outcome, got[0], profile


@pytest.mark.parametrize("slug", sorted(PAGES))
async def test_multi_value_form(slug, site, tmp_path):
    page = PAGES[slug]
    outcome, got, profile = await submit(site, slug, tmp_path)
    assert outcome.status == page["expect_status"], (outcome.status, outcome.reason_code, outcome.message)
    plain = {"name": profile.business_name, "email": profile.email}
    for field, want in page["expect"].items():
        if isinstance(want, list):
            assert sorted(got.get(field, [])) == sorted(want), (field, got)
        else:
            assert got.get(field) == [plain.get(want, want)], (field, got)
    for field in page["must_be_empty"]:
        assert not any(got.get(field, [])), (field, got)


async def test_a_suggestion_the_widget_did_not_take_is_reported(site, tmp_path):
    outcome, _got, _profile = await submit(site, "suggestion_not_taken", tmp_path)
    row = next(r for r in outcome.evidence["mapping"] if r["field"] == "category_text")
    assert row["attribute"] == "categories" and row["action"] == "skip", row
    assert "did not take" in (row["skip_reason"] or ""), row


@pytest.mark.parametrize("text, limit, several", [
    ("Choose up to 3 categories", 3, True), ("Select a maximum of two", 2, True), ("Pick one category", 1, False),
    ("Describe your business (up to 500 characters)", None, False), ("Select all that apply", None, True),
    ("Categories", None, False),
])
def test_limit_and_several_from_the_texts(text, limit, several):
    from worker.engine.field_mapping import item_limit, takes_several
    from worker.engine.field_signals import FieldSignals

    f = FieldSignals(key="k", tag="input", type="text", help=text)
    assert (item_limit(f), takes_several(f)) == (limit, several)
