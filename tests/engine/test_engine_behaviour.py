"""Engine behaviour beyond one pass over the farm: duplicates, timeouts, crashes, hints, dry runs."""

from __future__ import annotations

import dataclasses
import time

import psutil

from worker.engine.sample_profile import SAMPLE_PROFILE
from worker.sandbox.expectations import check_received

OTHER = dataclasses.replace(
    SAMPLE_PROFILE,
    business_name="Blue Heron Bakery",
    email="orders@blueheron.example",
    phone="+12065550199",
    website="blueheron.example",
    contact_name="Sam Ortiz",
    contact_first_name=None,
    contact_last_name=None,
    street="88 Pike St",
    city="Seattle",
    region="Washington",
    postal_code="98101",
    address=None,
    categories=("Bakery", "Food"),
    description="Sourdough, pastries and coffee in downtown Seattle.",
)


def test_duplicate_site_answers_already_listed_on_the_second_submission(engine, sandbox) -> None:
    first, _ = engine.submit(sandbox.url("duplicate"), OTHER)
    second, _ = engine.submit(sandbox.url("duplicate"), OTHER)
    assert (first.status, first.reason_code) == ("success", None)
    assert (second.status, second.reason_code) == ("skipped", "already_listed")
    assert "already listed" in (second.message or "")


def test_another_profile_fills_other_values(engine, sandbox) -> None:
    sandbox.reset()
    out, _ = engine.submit(sandbox.url("label-for"), OTHER)
    assert out.status == "success", out.message
    rec = sandbox.received("label-for")[-1]["fields"]
    assert rec["state"] == "WA"  # full state name in the profile -> the option
    assert rec["category"] == "food"  # Bakery/Food -> "Food & Dining"
    assert rec["website"] == "https://blueheron.example"
    assert check_received(sandbox.sites["label-for"], rec, OTHER) == ["category: got 'food', want 'computers-it'"]


def test_timeout_is_transient(engine, sandbox) -> None:
    out, phases = engine.submit(sandbox.url("slow") + "?delay=4", step_timeout=1.5)
    assert out.status == "failed" and out.reason_code == "timeout" and out.transient
    assert not out.submitted and "submitting" not in phases


def test_field_hints_win_over_heuristics(engine, sandbox) -> None:
    sandbox.reset()
    # deliberately odd hint: the table site's "Your name" box (f2) gets the business name
    out, _ = engine.submit(sandbox.url("table"), hints={"input[name=f2]": "business_name"})
    assert out.status == "success"
    rec = sandbox.received("table")[-1]["fields"]
    assert rec["f2"] == SAMPLE_PROFILE.business_name
    row = next(r for r in out.evidence["mapping"] if r["field"] == "f2")
    assert "hint" in " ".join(row["why"])


def test_dry_run_submits_nothing(engine, sandbox) -> None:
    sandbox.reset()
    out, phases = engine.submit(sandbox.url("wizard"), dry_run=True)
    assert (out.status, out.reason_code) == ("skipped", "dry_run")
    assert not out.submitted and "submitting" not in phases
    assert sandbox.received("wizard") == []


def _browser_processes() -> list[psutil.Process]:
    out = []
    for p in psutil.Process().children(recursive=True):
        try:
            cmd = " ".join(p.cmdline())
        except psutil.Error:
            continue
        if "--remote-debugging-pipe" in cmd and "--type=" not in cmd:
            out.append(p)
    return out


def test_a_crashed_browser_is_a_transient_failure_and_is_restarted(engine, sandbox) -> None:
    import threading

    launches = engine.pool.launches
    procs = _browser_processes()
    assert len(procs) == 1

    def kill_soon() -> None:
        time.sleep(1.0)
        procs[0].kill()  # the Chromium this test session started

    threading.Thread(target=kill_soon, daemon=True).start()
    out, _ = engine.submit(sandbox.url("slow") + "?delay=3")
    assert out.status == "failed" and out.transient, (out.reason_code, out.message)
    assert out.reason_code in ("browser_crash", "network_error", "timeout")
    again, _ = engine.submit(sandbox.url("aria"))
    assert again.status == "success"
    assert engine.pool.launches == launches + 1


def test_a_failing_phase_callback_stops_before_the_click(engine, sandbox) -> None:
    from worker.submission import DirectoryTarget, SubmissionRequest

    sandbox.reset()

    class LeaseLost(Exception):
        pass

    async def on_phase(p: str) -> None:
        if p == "submitting":
            raise LeaseLost("lease lost")

    url = sandbox.url("aria")
    req = SubmissionRequest(99, "engine-tests", 1, SAMPLE_PROFILE, DirectoryTarget(99, "aria", url, url))
    sub = engine.submitter()
    try:
        engine.run(lambda: sub.submit(req, on_phase))
    except LeaseLost:
        pass
    else:
        raise AssertionError("the callback's exception must reach the caller")
    assert sandbox.received("aria") == []


def test_one_merged_disable_features_switch_keeps_playwrights_list() -> None:
    from worker.engine.browser_pool import EXTRA_DISABLED_FEATURES, chromium_args, playwright_disabled_features

    args = chromium_args(["--disable-features=Foo", "--lang=en-US"])
    switches = [a for a in args if a.startswith("--disable-features=")]
    assert len(switches) == 1  # Chromium keeps only the last one: a second switch would drop Playwright's list
    listed = switches[0].split("=", 1)[1].split(",")
    assert "PaintHolding" in playwright_disabled_features() and "HttpsUpgrades" in playwright_disabled_features()
    assert set(playwright_disabled_features()) | set(EXTRA_DISABLED_FEATURES) | {"Foo"} == set(listed)
    assert args[-1] == "--lang=en-US"


def test_a_context_costs_one_renderer_and_no_hidden_browser_ui(engine) -> None:
    """Per-context waste measured on the bench: a WebUI omnibox popup renderer and a spare renderer."""

    async def targets() -> list[str]:
        cdp = await engine.pool.browser.new_browser_cdp_session()
        try:
            async with engine.pool.context() as ctx:
                page = await ctx.new_page()
                await page.goto("data:text/html,<p>hi</p>")
                infos = (await cdp.send("Target.getTargets", {"filter": [{}]}))["targetInfos"]
                return [f"{t['type']} {t['url']}" for t in infos]
        finally:
            await cdp.detach()

    found = engine.run(targets)
    assert found and not [t for t in found if t.startswith("browser_ui") or "top-chrome" in t], found


def test_a_button_under_an_invisible_honeypot_label_is_clicked_without_waiting(engine, sandbox) -> None:
    # the honeypots site has an opacity:0 label lying over its submit button
    out, _ = engine.submit(sandbox.url("honeypots"))
    assert out.status == "success", (out.reason_code, out.message)
    steps = [s["step"] for s in out.evidence["steps"]]
    assert "click_under_invisible_cover" in steps, steps
    assert out.evidence["elapsed_seconds"] < 5.0  # not a 5 s refused real click first
