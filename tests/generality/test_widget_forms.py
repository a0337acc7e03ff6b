"""The engine on forms built from widgets rather than plain controls: web components with open shadow roots,
rich-text editors, suggestion widgets and answers shown in a popup (pages in *_forms.py beside this file).
Each page records what its server received; the values must be the profile's and the outcome the expected one."""

from __future__ import annotations

import html as html_lib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.generality import (popup_forms, rich_text_forms, shadow_dom_forms, shadow_link_captcha_forms,
                               typeahead_forms)
from tests.generality.local_site import serving
from tests.generality.test_unseen_forms import plumbing_profile

pytestmark = pytest.mark.timeout(120)

PAGES: dict[str, dict] = {
    **shadow_dom_forms.PAGES, **rich_text_forms.PAGES, **typeahead_forms.PAGES, **popup_forms.PAGES,
    **shadow_link_captcha_forms.PAGES,
}


class Recorder:
    def __init__(self) -> None:
        self.received: dict[str, list[dict[str, str]]] = {}
        self.lock = threading.Lock()


def make_server(recorder: Recorder) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status: int, body: str) -> None:
            data = body.encode()
            self.send_response(status)
            kind = "application/json" if body[:1] in "[{" else "text/html; charset=utf-8"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlsplit(self.path)
            parts = url.path.strip("/").split("/")
            page = PAGES.get(parts[0])
            if page is None:
                return self._send(404, "<h1>not found</h1>")
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if len(parts) == 3 and parts[1] == "api":
                time.sleep(page.get("api_delay", 0))  # a slow search endpoint
                return self._send(200, json.dumps(page["api"][parts[2]](query.get("q", ""))))
            if len(parts) == 2 and parts[1] in page.get("pages", {}):
                return self._send(200, page["pages"][parts[1]].format(ref=html_lib.escape(query.get("ref", ""))))
            return self._send(200, page["html"])

        def do_POST(self):
            slug = self.path.strip("/").split("/")[0]
            page = PAGES[slug]
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            if (self.headers.get("Content-Type") or "").startswith("application/json"):
                fields = {k: str(v) for k, v in json.loads(body).items()}
            else:
                fields = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
            with recorder.lock:
                recorder.received.setdefault(slug, []).append(fields)
            return self._send(200, page["response"])

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


@pytest.fixture(scope="module")
def site():
    recorder = Recorder()
    with serving(make_server(recorder)) as base:
        yield base, recorder


def profile_for(name: str):
    from worker.engine.sample_profile import SAMPLE_PROFILE

    return SAMPLE_PROFILE if name == "sample" else plumbing_profile()


def text_of_html(value: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", value))).strip()


def check_received(got: dict[str, str], page: dict, profile) -> None:
    digits = re.sub(r"\D", "", profile.phone)
    plain = {"name": profile.business_name, "email": profile.email, "website": profile.website, "city": profile.city,
             "postal_code": profile.postal_code, "street": profile.street, "description": profile.description}
    for field, kind in page["expect"].items():
        value = got.get(field, "")
        if kind == "phone_digits":
            assert re.sub(r"\D", "", value).endswith(digits[-10:]), (field, got)
        elif kind == "description_html":
            assert text_of_html(value) == profile.description, (field, value)
        else:
            assert value == plain.get(kind, kind), (field, value, plain.get(kind, kind))
    for field in page["must_be_empty"]:
        assert not got.get(field), (field, got)


@pytest.mark.parametrize("slug", sorted(PAGES))
async def test_widget_form(slug, site, tmp_path):
    from worker.engine.browser_submitter import submit_once

    base, recorder = site
    page = PAGES[slug]
    profile = profile_for(page["profile"])
    before = len(recorder.received.get(slug, []))
    outcome = await submit_once(f"{base}/{slug}/", profile, evidence_dir=tmp_path, step_timeout=10)
    received = recorder.received.get(slug, [])[before:]
    if page.get("expect_posts", 1) == 0:  # e.g. a captcha: stopped before submitting, whatever the server would say
        assert received == [], (slug, outcome.status, received)
        assert (outcome.status, outcome.submitted) == (page["expect_status"], False), (outcome.status, outcome.message)
        return
    assert len(received) == 1, (slug, outcome.status, outcome.reason_code, outcome.message,
                                json.dumps(outcome.evidence.get("mapping"), indent=1)[:3000])
    assert outcome.status == page["expect_status"], (outcome.status, outcome.reason_code, outcome.message)
    if "expect_reason" in page:
        assert outcome.reason_code == page["expect_reason"], outcome
    check_received(received[0], page, profile)
    if "final_text" in page:
        # the final evidence is the page that shows the answer: the popup when the answer is there
        final_html = Path(outcome.evidence["html_final"]).read_text(encoding="utf-8")
        assert page["final_text"] in final_html, final_html[:500]
        assert outcome.screenshot_path and outcome.screenshot_path.endswith("submitted.jpg")
        assert Path(outcome.screenshot_path).exists()
        answered_in_popup = outcome.evidence["final_url"] != f"{base}/{slug}/"
        assert answered_in_popup == (page["answer_in"] == "popup"), outcome.evidence["final_url"]


async def test_no_garbage_left_in_a_combobox_nothing_matches(site, tmp_path):
    """The category combobox offers nothing close to "Technology": the mapping says so, nothing is typed."""
    from worker.engine.browser_submitter import submit_once

    base, recorder = site
    outcome = await submit_once(f"{base}/combobox_nomatch/", profile_for("sample"), evidence_dir=tmp_path,
                                step_timeout=10)
    row = next(r for r in outcome.evidence["mapping"] if r["field"] == "category_name")
    assert row["attribute"] == "categories" and row["action"] == "skip", row
    assert row["skip_reason"], row


async def test_a_popup_is_closed_when_the_submission_ends(site, tmp_path):
    from worker.engine.browser_pool import BrowserPool
    from worker.engine.submission_flow import EngineOptions, SubmissionRun
    from worker.submission import DirectoryTarget, SubmissionRequest

    base, _ = site
    url = f"{base}/popup_window_open/"

    async def no_phase(_phase: str) -> None:
        return None

    request = SubmissionRequest(77, "popup-test", 1, profile_for("sample"), DirectoryTarget(77, "popup", url, url))
    async with BrowserPool(concurrency=1) as pool:
        async with pool.context(viewport={"width": 1280, "height": 900}) as ctx:
            run = SubmissionRun(ctx, request, no_phase, EngineOptions(step_timeout=10, evidence_root=tmp_path))
            outcome = await run.run()
            assert outcome.status == "success", outcome.message
            assert [p for p in ctx.pages if p is not run.page] == []
