"""The engine on forms it was not built against (see unseen_forms.py)."""

import dataclasses
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from tests.generality.local_site import serving
from tests.generality.unseen_forms import FORMS

pytestmark = pytest.mark.timeout(120)


class Recorder:
    def __init__(self):
        self.received: dict[str, list[dict[str, str]]] = {}
        self.lock = threading.Lock()


def make_server(recorder: Recorder) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status, body, headers=()):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if body.startswith("{") else "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            slug = self.path.strip("/").split("/")[0]
            form = FORMS.get(slug)
            if form is None:
                return self._send(404, "<h1>not found</h1>")
            if self.path.endswith("/thanks"):
                return self._send(200, form["response"])
            return self._send(200, form["html"])

        def do_POST(self):
            slug = self.path.strip("/").split("/")[0]
            form = FORMS[slug]
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            fields = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
            with recorder.lock:
                recorder.received.setdefault(slug, []).append(fields)
            if "redirect" in form:
                self.send_response(303)
                self.send_header("Location", form["redirect"])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            headers = [("Retry-After", form["retry_after"])] if "retry_after" in form else []
            return self._send(form.get("status", 200), form["response"], headers)

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


@pytest.fixture(scope="module")
def site():
    recorder = Recorder()
    with serving(make_server(recorder)) as base:
        yield base, recorder


def expected_value(kind: str, profile) -> str:
    digits = re.sub(r"\D", "", profile.phone)
    return {
        "name": profile.business_name,
        "email": profile.email,
        "website": profile.website,
        "city": profile.city,
        "postal_code": profile.postal_code,
        "description": profile.description,
        "contact_name": profile.contact_name,
        "first": profile.contact_first_name,
        "last": profile.contact_last_name,
    }.get(kind, kind), digits


def plumbing_profile():
    from worker.submission import BusinessProfile

    return BusinessProfile(
        business_name="ACME Plumbing", email="owner@acme-plumbing.example", phone="+15125550142",
        website="https://acme-plumbing.example", contact_name="Jane Doe", contact_first_name="Jane",
        contact_last_name="Doe", address="123 Main St, Austin, TX 78701", street="123 Main St", city="Austin",
        region="TX", postal_code="78701", country="US",
        description="Family-run plumbing and drain repair for homes and small businesses in Austin since 1998. "
                    "Licensed, insured, and on call around the clock for emergencies of every size.",
        categories=("Plumbing", "Home Services"))


@pytest.mark.parametrize("slug", sorted(FORMS))
async def test_unseen_form(slug, site, tmp_path):
    from worker.engine.browser_submitter import submit_once

    base, recorder = site
    form = FORMS[slug]
    profile = dataclasses.replace(plumbing_profile(), **form.get("profile", {}))
    outcome = await submit_once(f"{base}/{slug}/", profile, evidence_dir=tmp_path, step_timeout=10)
    received = recorder.received.get(slug, [])
    assert len(received) == 1, (slug, outcome)
    got = received[0]
    if form["expect_status"] == "transient":
        assert outcome.transient and outcome.status != "success", outcome
        assert outcome.retry_after == 7
    else:
        assert outcome.status == form["expect_status"], (outcome.status, outcome.reason_code, outcome.message)
        if "expect_reason" in form:
            assert outcome.reason_code == form["expect_reason"], outcome
    for field, kind in form["expect"].items():
        want, digits = expected_value(kind, profile)
        if kind == "phone_digits":
            assert re.sub(r"\D", "", got.get(field, "")).endswith(digits[-10:]), (field, got)
        elif kind == "phone_national_digits":
            assert re.sub(r"\D", "", got.get(field, "")) == digits[-10:], (field, got)
        else:
            assert got.get(field) == want, (field, got.get(field), want)
    for field in form["must_be_empty"]:
        assert not got.get(field), (field, got)
    for field, limit in form.get("max_length", {}).items():
        assert 0 < len(got.get(field, "")) <= limit, (field, got.get(field))
