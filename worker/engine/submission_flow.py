"""One submission in one browser context: open, find the form, fill, submit, classify, keep evidence.

Navigation covers: a landing page with an "add your business" link, forms rendered late by JavaScript,
forms inside iframes, multi-step wizards (fill, Next, repeat; client side or server side), submit
controls that are links or role=button, one retry with another value format after a validation error,
and an answer shown in a popup (target=_blank, window.open): read from there, kept as the final evidence.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from worker.submission import OnPhase, SubmissionOutcome, SubmissionRequest

from . import page_probe as probe
from .evidence import Evidence
from .field_mapping import FieldPlan, plan_fields, required_gaps
from .field_signals import ID_ATTR, FieldSignals, collect_signals
from .filler import apply_plan
from .outcome import Observation, classify, http_transient, parse_retry_after, shows_an_answer
from .popups import PopupWatcher
from .profile_values import ProfileValues, build_values
from .shadow_dom import SHADOW_JS
from .value_fitting import alternative_index

log = logging.getLogger(__name__)

TRACKED_TYPES = {"document", "xhr", "fetch", "script", "other"}

VISIBLE_NAMES_JS = "() => {\n" + SHADOW_JS + """
  return queryDeep(document, 'input[name], select[name], textarea[name]')
    .filter(e => e.type !== 'hidden' && e.getClientRects().length > 0).map(e => e.name);
}"""

# the title and the rendered text, the text inside open shadow roots included (a challenge page may be one component)
PAGE_TEXT_JS = "() => {\n" + SHADOW_JS + """
  return (document.title + '\\n' + renderedText(shadowRootsUnder(document))).slice(0, 5000);
}"""

# what the button's centre hit-tests to, when that is another element nobody can see (opacity ~0, visibility hidden)
COVERED_BY_INVISIBLE_JS = r"""(el) => {
  el.scrollIntoView({block: 'center', inline: 'center'});
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return null;
  const tree = el.getRootNode().elementFromPoint ? el.getRootNode() : el.ownerDocument;  // a shadow root hit-tests inside itself
  const hit = tree.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  if (!hit || hit === el || el.contains(hit) || hit.contains(el)) return null;
  for (let n = hit; n && n.nodeType === 1; n = n.parentElement) {
    const cs = getComputedStyle(n);
    if (parseFloat(cs.opacity) < 0.05 || cs.visibility === 'hidden')
      return (hit.tagName.toLowerCase() + (hit.className && typeof hit.className === 'string' ? '.' + hit.className : '')).slice(0, 80);
  }
  return null;
}"""


class _PhaseCallbackFailed(Exception):
    """The daemon's on_phase callback raised: its exception is re-raised to the caller unchanged."""


class BrowserGone(RuntimeError):
    def __init__(self, message: str, submitted: bool = False) -> None:
        super().__init__(message)
        self.submitted = submitted


@dataclass
class EngineOptions:
    step_timeout: float = 20.0
    form_wait: float = 8.0  # how long to wait for a form rendered late by JavaScript
    dry_run: bool = False
    evidence_root: Path | None = None
    evidence: bool = True
    max_steps: int = 6
    total_timeout: float = 120.0  # the whole submission, all steps included
    full_page_screenshots: bool = True


@dataclass
class FoundForm:
    frame: Any
    frame_index: int
    group: str
    fields: list[FieldSignals]
    plans: list[FieldPlan]
    score: int

    def keys(self) -> list[str]:
        return [f.key for f in self.fields]

    def identities(self, only_filled: bool = True) -> set[str]:
        out = set()
        by_key = {f.key: f for f in self.fields}
        for p in self.plans:
            if only_filled and p.action == "skip":
                continue
            f = by_key[p.key]
            out.add(f"{self.frame_index}:{f.name or f.id or f.key}:{f.value_attr if f.is_choice else ''}")
        return out


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]


def _is_browser_gone(exc: BaseException) -> bool:
    msg = str(exc)
    return any(s in msg for s in ("Target crashed", "Browser has been closed", "browser has disconnected",
                                  "Target page, context or browser has been closed", "Connection closed"))


class SubmissionRun:
    def __init__(self, context: Any, request: SubmissionRequest, on_phase: OnPhase, options: EngineOptions) -> None:
        self.ctx = context
        self.req = request
        self.on_phase = on_phase
        self.opt = options
        self.pv: ProfileValues = build_values(request.profile)
        self.page: Any = None
        self.popups: PopupWatcher | None = None
        self.result_page: Any = None  # a popup the submit opened, where the directory showed its answer
        self.inflight = 0
        self.last_net = time.monotonic()
        self.responses: list[dict[str, Any]] = []
        self.pending: dict[Any, float] = {}
        self.dialogs: list[str] = []
        self.failures: list[dict[str, Any]] = []
        self.phase_submitting = False
        self.submitted = False
        root = options.evidence_root or Path("evidence")
        self.ev = Evidence(root, request.job_id, request.result_id, request.attempt, enabled=options.evidence)
        self.mapping_log: list[dict[str, Any]] = []
        self._format_skips: dict[str, int] = {}
        self._early: SubmissionOutcome | None = None

    # ------------------------------------------------------------------ network bookkeeping
    def _on_request(self, req: Any) -> None:
        if req.resource_type in TRACKED_TYPES:
            self.inflight += 1
            self.pending[req] = time.monotonic()
        self.last_net = time.monotonic()

    def _on_failed(self, req: Any) -> None:
        try:
            self.failures.append({"t": time.monotonic(), "url": req.url, "method": req.method,
                                  "type": req.resource_type, "error": req.failure or "failed"})
        except Exception:  # noqa: BLE001
            pass
        self._on_done(req)

    def _on_done(self, req: Any) -> None:
        if req in self.pending:
            self.pending.pop(req, None)
            self.inflight = max(0, self.inflight - 1)
        self.last_net = time.monotonic()

    def _on_response(self, resp: Any) -> None:
        try:
            req = resp.request
            self.responses.append({
                "t": time.monotonic(), "url": resp.url, "status": resp.status, "method": req.method,
                "type": req.resource_type, "retry_after": resp.headers.get("retry-after"),
                "main": req.frame == self.page.main_frame if self.page else False,
                "nav": req.is_navigation_request(),
            })
        except Exception:  # noqa: BLE001
            pass

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        asyncio.ensure_future(dialog.accept())

    async def settle(self, max_s: float, quiet: float = 0.35, min_s: float = 0.2) -> bool:
        start = time.monotonic()
        while True:
            await asyncio.sleep(0.05)
            now = time.monotonic()
            if now - start >= max_s:
                return False
            if now - start < min_s:
                continue
            if self.inflight == 0 and now - self.last_net >= quiet:
                return True

    # ------------------------------------------------------------------ phases
    async def phase(self, name: str) -> None:
        if name == "filling" and self.phase_submitting:
            return
        if name == "submitting":
            if self.phase_submitting:
                return
            self.phase_submitting = True
        try:
            await self.on_phase(name)  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001
            raise _PhaseCallbackFailed() from exc

    # ------------------------------------------------------------------ main
    async def run(self) -> SubmissionOutcome:
        t0 = time.monotonic()
        try:
            outcome = await self._run()
        except _PhaseCallbackFailed as exc:
            cause = exc.__cause__
            assert cause is not None
            try:
                cause._dbolt_from_on_phase = True  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001
                pass
            raise cause
        except BrowserGone as exc:
            raise BrowserGone(str(exc), self.submitted) from exc
        except Exception as exc:  # noqa: BLE001
            if _is_browser_gone(exc):
                raise BrowserGone(str(exc), self.submitted) from exc
            log.exception("submission %s failed unexpectedly", self.req.result_id)
            name = exc.__class__.__name__
            transient = "Timeout" in name
            outcome = SubmissionOutcome(
                status="failed", reason_code="timeout" if transient else "engine_error",
                message=f"{name}: {str(exc)[:300]}", transient=transient, submitted=self.submitted,
            )
            await self._final_evidence()
        outcome.submitted = self.submitted
        outcome.evidence = {**self.ev.data, **(outcome.evidence or {})}
        outcome.evidence["elapsed_seconds"] = round(time.monotonic() - t0, 3)
        outcome.evidence["mapping"] = self.mapping_log[-1]["fields"] if self.mapping_log else []
        if self.mapping_log:
            outcome.evidence["mapping_json"] = self.ev.write_json("mapping", self.mapping_log)
        outcome.screenshot_path = outcome.screenshot_path or self.ev.best_screenshot
        shown = self.result_page or self.page
        if shown is not None and not outcome.submission_url:
            try:
                outcome.submission_url = shown.url
            except Exception:  # noqa: BLE001
                pass
        outcome.evidence["final_url"] = outcome.submission_url
        if self.popups is not None:
            await self.popups.close_all()
        return outcome

    async def _final_evidence(self, name: str = "final") -> None:
        shown = self.result_page or self.page
        if shown is None:
            return
        await self.ev.screenshot(shown, name, self.opt.full_page_screenshots)
        await self.ev.html(shown, "final")

    def _watch(self, page: Any) -> None:
        page.on("request", self._on_request)
        page.on("requestfinished", self._on_done)
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)
        page.on("dialog", self._on_dialog)

    async def _run(self) -> SubmissionOutcome:
        page = self.page = await self.ctx.new_page()
        page.set_default_timeout(self.opt.step_timeout * 1000)
        self._watch(page)
        self.popups = PopupWatcher(page, self._watch)
        await page.add_init_script(probe.MUTATION_INIT_JS)

        url = self.req.directory.submission_url or self.req.directory.homepage
        await self.phase("opening")
        early = await self._open(url)
        if early:
            await self._final_evidence()
            return early

        form = await self.find_form(self.opt.form_wait, follow_links=True)
        if form is None:
            await self._final_evidence()
            if self._early is not None:  # the "add your business" page itself failed (5xx, 429, timeout)
                return self._early
            wall = await self._bot_wall()
            if wall:
                return SubmissionOutcome(status="captcha_failed", reason_code="captcha", message=wall)
            if self.req.directory.requires_login or await self._looks_like_login():
                return SubmissionOutcome(status="requires_manual", reason_code="login_required",
                                         message="the directory needs an account before listing")
            return SubmissionOutcome(status="requires_manual", reason_code="unknown_form",
                                     message="no business listing form found")

        await self.phase("filling")
        format_skips = self._format_skips
        validation_retry_used = False
        confirm_used = False
        seen: set[str] = set()
        for step in range(self.opt.max_steps):
            widgets = await probe.captcha_widgets(form.frame)
            captcha_fields = [p for p in form.plans if p.attribute == "x_captcha" and not (p.skip_reason or "").startswith(("hidden", "honeypot"))]
            if widgets or captcha_fields:
                self._log_mapping(form, step, note="captcha")
                await self._final_evidence("captcha")
                return SubmissionOutcome(status="captcha_failed", reason_code="captcha",
                                         message="the form has a captcha: " + ", ".join(widgets or [p.label for p in captcha_fields]),
                                         evidence={"captcha": widgets or [p.label for p in captcha_fields]})
            problems = await apply_plan(form.frame, form.plans, timeout_ms=min(5000, self.opt.step_timeout * 1000), pv=self.pv)
            await self._dependent_selects(form, problems)
            await self._fix_invalid(form, format_skips)
            self._log_mapping(form, step)
            seen |= form.identities()
            gaps = required_gaps(form.plans, form.fields)
            if gaps:
                await self.ev.screenshot(page, f"filled-{step}", self.opt.full_page_screenshots)
                await self.ev.html(page, "final")
                names = ", ".join((g["label"] or g["name"] or g["key"]) for g in gaps)
                account = any(g.get("attribute") in ("x_password", "x_username") for g in gaps)
                return SubmissionOutcome(status="requires_manual",
                                         reason_code="account_required" if account else "missing_required_fields",
                                         message=f"required fields the profile has nothing for: {names}",
                                         evidence={"required_gaps": gaps})
            buttons = await probe.find_buttons(form.frame, form.keys())
            bottom = max(((f.box or {}).get("y", 0) + (f.box or {}).get("h", 0) for f in form.fields if f.usable()[0]), default=0)
            btn = probe.best_button(buttons, bottom)
            await self.ev.screenshot(page, f"filled-{step}" if step else "filled", self.opt.full_page_screenshots)
            if btn is None:
                await self.ev.html(page, "final")
                return SubmissionOutcome(status="requires_manual", reason_code="unknown_form",
                                         message="found the form but no submit control",
                                         evidence={"buttons": [b.__dict__ for b in buttons][:20]})
            self.ev.step("button", text=btn.text, kind=btn.kind, tag=btn.tag)
            if self.opt.dry_run:
                await self.ev.html(page, "final")
                return SubmissionOutcome(status="skipped", reason_code="dry_run",
                                         message=f"dry run: filled, stopped before clicking {btn.text or btn.tag!r}",
                                         evidence={"would_click": {"text": btn.text, "kind": btn.kind}})
            client_side_step = btn.kind == "next" and (btn.type == "button" or btn.tag not in ("button", "input"))
            if not client_side_step:
                await self.phase("submitting")
                self.submitted = True
            obs = await self._click_and_observe(form, btn)
            cls = classify(obs)
            self.ev.step("classified", status=cls.status, reason=cls.reason_code, signals=cls.signals,
                         observation=obs.to_json())
            hard = cls.transient or cls.status in ("captcha_failed", "skipped") or (
                cls.reason_code or "").endswith("_verification")
            nxt = None
            undecided = cls.status == "requires_manual" or (btn.kind == "next" and cls.status != "success")
            if undecided and not hard and not obs.timed_out and (obs.submit_status is None or obs.submit_status < 400):
                nxt = await self.find_form(1.0 if btn.kind == "next" else 0.5, follow_links=False)
                if nxt is not None and not (nxt.identities() - seen):
                    nxt = None  # the same fields again: not a further step
            if btn.kind == "next" and nxt is not None and not hard:
                form = nxt
                await self.phase("filling")
                continue
            if cls.validation_error and not validation_retry_used:
                attr = self._blame(obs, form)
                if attr is not None:
                    alt = alternative_index(attr[0], " ".join(obs.error_texts) + " " + obs.new_text, attr[1], self.pv)
                    if alt is not None:
                        validation_retry_used = True
                        format_skips[attr[0]] = alt
                        self.ev.step("retry_format", attribute=attr[0], format_index=alt)
                        again = await self.find_form(2.0, follow_links=False)
                        if again is not None:
                            seen = set()
                            form = again
                            continue
            if cls.status == "requires_manual" and cls.reason_code in ("unconfirmed", "unknown_form") and nxt is not None:
                form = nxt
                await self.phase("filling")
                continue
            if (cls.status == "requires_manual" and cls.reason_code == "unconfirmed" and not confirm_used
                    and nxt is None and ("url_changed" in cls.signals or "form_gone" in cls.signals)):
                confirm = await self._confirm_button()
                if confirm is not None:
                    # a preview page: "Review your listing" + "Confirm and publish"
                    confirm_used = True
                    self.ev.step("confirm_step", text=confirm[1].text)
                    await self.ev.screenshot(page, "preview", self.opt.full_page_screenshots)
                    form = FoundForm(confirm[0], form.frame_index, form.group, [], [], 0)
                    obs = await self._click_and_observe(form, confirm[1])
                    cls = classify(obs)
                    self.ev.step("classified", status=cls.status, reason=cls.reason_code, signals=cls.signals,
                                 observation=obs.to_json())
            await self._final_evidence("submitted" if self.submitted else "final")
            out = cls.to_outcome(submission_url=(self.result_page or page).url)
            out.evidence = {"signals": cls.signals, "observation": obs.to_json()}
            return out
        await self._final_evidence()
        return SubmissionOutcome(status="requires_manual", reason_code="unknown_form",
                                 message=f"gave up after {self.opt.max_steps} form steps")

    async def _open(self, url: str) -> SubmissionOutcome | None:
        try:
            resp = await self.page.goto(url, wait_until="domcontentloaded", timeout=self.opt.step_timeout * 1000)
        except Exception as exc:  # noqa: BLE001
            if _is_browser_gone(exc):
                raise BrowserGone(str(exc)) from exc
            name = exc.__class__.__name__
            if "Timeout" in name:
                return SubmissionOutcome(status="failed", reason_code="timeout", transient=True,
                                         message=f"opening {url} timed out after {self.opt.step_timeout:.0f}s")
            return SubmissionOutcome(status="failed", reason_code="network_error", transient=True,
                                     message=f"could not open {url}: {str(exc)[:200]}")
        if resp is not None:
            ra = parse_retry_after(resp.headers.get("retry-after"))
            t = http_transient(resp.status, ra, f"opening {url}")
            if t:
                return t.to_outcome()
            if resp.status in (404, 410):
                return SubmissionOutcome(status="failed", reason_code=f"http_{resp.status}",
                                         message=f"the submission page answered HTTP {resp.status}")
            if resp.status in (401, 403):
                wall = await self._bot_wall()
                if wall:
                    return SubmissionOutcome(status="captcha_failed", reason_code="captcha", message=wall)
                return SubmissionOutcome(status="requires_manual", reason_code=f"http_{resp.status}",
                                         message=f"the submission page answered HTTP {resp.status} (login or bot wall)")
        await self.settle(min(5.0, self.opt.step_timeout), quiet=0.25, min_s=0.1)
        clicked = await probe.dismiss_cookie_banner(self.page.main_frame)
        if clicked:
            self.ev.step("cookie_banner", clicked=clicked)
            await self.settle(2.0, quiet=0.2, min_s=0.1)
        return None

    async def _confirm_button(self) -> tuple[Any, probe.Button] | None:
        """On a preview page, the button that confirms the submission (never a plain link elsewhere)."""
        for frame in self.page.frames:
            try:
                buttons = await probe.find_buttons(frame, [])
            except Exception:  # noqa: BLE001
                continue
            for b in sorted(buttons, key=lambda x: -x.score):
                if b.kind != "submit" or (b.tag == "a" and b.href and not b.href.startswith(("#", "javascript:"))):
                    continue
                if re.search(r"confirm|submit|publish|finish|complete|looks good|place (?:my |the )?listing|send", b.text, re.I) \
                        and not re.search(r"another|new listing|edit|change|back", b.text, re.I):
                    return frame, b
        return None

    async def _bot_wall(self) -> str | None:
        """A captcha / bot challenge in place of the page (Cloudflare 'Just a moment...', a captcha widget)."""
        from .patterns import BOT_WALL_TEXT

        widgets = await probe.captcha_widgets(self.page.main_frame)
        try:
            text = await self.page.main_frame.evaluate(PAGE_TEXT_JS)
        except Exception:  # noqa: BLE001
            text = ""
        m = BOT_WALL_TEXT.search(text)
        if widgets or m:
            return "the directory shows a bot challenge: " + (", ".join(widgets) if widgets else m.group(0))
        return None

    async def _looks_like_login(self) -> bool:
        try:
            return await self.page.evaluate("() => !!document.querySelector('input[type=password]')")
        except Exception:  # noqa: BLE001
            return False

    # ------------------------------------------------------------------ forms
    async def _hint_keys(self, frame: Any) -> dict[str, str]:
        out: dict[str, str] = {}
        for selector, attr in (self.req.directory.field_hints or {}).items():
            try:
                keys = await frame.eval_on_selector_all(selector, f"els => els.map(e => e.getAttribute('{ID_ATTR}'))")
            except Exception:  # noqa: BLE001
                continue
            for k in keys:
                if k:
                    out[k] = attr
        return out

    async def _forms_once(self) -> FoundForm | None:
        best: FoundForm | None = None
        for idx, frame in enumerate(self.page.frames):
            try:
                sigs = await collect_signals(frame, idx)
            except Exception as exc:  # noqa: BLE001 - detached / navigating frames
                if _is_browser_gone(exc):
                    raise
                continue
            if not sigs:
                continue
            hint_keys = await self._hint_keys(frame) if self.req.directory.field_hints else {}
            groups: dict[str, list[FieldSignals]] = {}
            for s in sigs:
                groups.setdefault(s.group, []).append(s)
            for g, fs in groups.items():
                plans = plan_fields(fs, self.pv, hint_keys=hint_keys, format_skips=self._format_skips)
                attrs = {p.attribute for p in plans if p.action in ("fill", "select", "pick") and p.attribute}
                attrs |= {p.attribute for p in plans if p.action == "check" and p.attribute not in (None, "consent")}
                score = len(attrs)
                if best is None or score > best.score:
                    best = FoundForm(frame, idx, g, fs, plans, score)
        return best

    async def find_form(self, wait_s: float, follow_links: bool) -> FoundForm | None:
        start = time.monotonic()
        followed = 0
        while True:
            found = await self._forms_once()
            if found is not None and found.score >= 2:
                return found
            elapsed = time.monotonic() - start
            if follow_links and followed < 2 and (elapsed >= 1.0 or (found is None and elapsed >= 0.3)):
                link = None
                for frame in self.page.frames:
                    try:
                        link = await probe.find_add_listing_link(frame)
                    except Exception:  # noqa: BLE001
                        link = None
                    if link:
                        link["frame"] = frame
                        break
                if link:
                    followed += 1
                    self.ev.step("follow_link", text=link.get("text"), href=link.get("href"))
                    href = link.get("href") or ""
                    if href and not href.startswith(("#", "javascript:")):
                        target = urljoin(link["frame"].url, href)
                        early = await self._open(target)
                        if early:
                            self._early = early
                            return None
                    else:
                        await link["frame"].locator(link["selector"]).first.click(timeout=5000)
                        await self.settle(min(5.0, self.opt.step_timeout))
                    start = time.monotonic()
                    continue
            if elapsed >= wait_s:
                return None
            if elapsed >= 3.0 and await self._dom_quiet(2.0):
                return None
            await asyncio.sleep(0.25)

    async def _dom_quiet(self, seconds: float) -> bool:
        try:
            since = await self.page.evaluate("() => Date.now() - (window.__dboltMutAt || 0)")
        except Exception:  # noqa: BLE001
            return False
        return since >= seconds * 1000 and self.inflight == 0

    async def _dependent_selects(self, form: FoundForm, problems: list[dict[str, Any]]) -> None:
        """Selects whose options arrive after another choice (country -> states): re-read and fill them."""
        failed = {p["key"] for p in problems}
        waiting = [p for p in form.plans if p.tag == "select" and (p.key in failed or p.skip_reason == "no matching option")]
        if not waiting or not any(p.tag == "select" and p.action == "select" and p.key not in failed for p in form.plans):
            return
        names = {p.name for p in waiting if p.name}
        deadline = time.monotonic() + min(4.0, self.opt.step_timeout)
        while True:
            await asyncio.sleep(0.3)
            try:
                sigs = await collect_signals(form.frame, form.frame_index)
            except Exception:  # noqa: BLE001
                return
            fresh = [s_ for s_ in sigs if s_.group == form.group]
            plans = plan_fields(fresh, self.pv, format_skips=self._format_skips)
            redo = [p for p in plans if p.name in names and p.action == "select"]
            if redo or time.monotonic() >= deadline:
                break
        if not redo:
            return
        await apply_plan(form.frame, redo)
        by_name = {p.name: p for p in redo}
        # keep the form's view consistent with the re-read page
        form.fields = fresh
        form.plans = [by_name.get(p.name, p) if p.name in by_name else p for p in plans]
        self.ev.step("dependent_selects", names=sorted(by_name))

    async def _fix_invalid(self, form: FoundForm, format_skips: dict[str, int]) -> None:
        """A filled value the browser itself calls invalid (pattern, type): try the next formats."""
        keys = [p.key for p in form.plans if p.action == "fill"]
        if not keys:
            return
        try:
            states = await probe.validity(form.frame, keys)
        except Exception:  # noqa: BLE001
            return
        by_key = {f.key: f for f in form.fields}
        from .value_fitting import fit

        for key, valid, message in states:
            if valid:
                continue
            plan = next(p for p in form.plans if p.key == key)
            for skip in range(1, 5):
                value, why = fit(plan.attribute or "", by_key[key], self.pv, skip=skip)
                if value is None:
                    break
                await form.frame.locator(plan.selector).first.fill(value)
                ok = (await probe.validity(form.frame, [key]))[0][1]
                if ok:
                    plan.value = plan.display_value = value
                    plan.why.append(f"browser said {message!r}; used format #{skip}")
                    break

    def _log_mapping(self, form: FoundForm, step: int, note: str | None = None) -> None:
        by_key = {f.key: f for f in form.fields}
        rows = []
        for p in form.plans:
            f = by_key.get(p.key)
            rows.append({
                "field": f.name or f.id or p.key if f else p.key,
                "label": p.label,
                "type": p.type,
                "attribute": p.attribute,
                "action": p.action,
                "value": p.display_value if p.action != "skip" else None,
                "why": p.why[-3:],
                "skip_reason": p.skip_reason,
                "required": p.required,
                "signals": f.summary() if f else None,
            })
        self.mapping_log.append({"step": step, "frame": form.frame_index, "frame_url": form.frame.url,
                                 "group": form.group, "note": note, "fields": rows})

    def _blame(self, obs: Observation, form: FoundForm) -> tuple[str, FieldSignals] | None:
        by_name = {}
        for p in form.plans:
            f = next((x for x in form.fields if x.key == p.key), None)
            if f is not None and p.action == "fill" and p.attribute:
                by_name[f.name or f.id or f.key] = (p.attribute, f)
        for name in obs.invalid_fields:
            if name in by_name:
                return by_name[name]
        text = (" ".join(obs.error_texts) + " " + obs.new_text).lower()
        keywords = [("phone", r"phone|telephone|\btel\b|mobile"), ("website", r"website|\burl\b|web address"),
                    ("postal_code", r"zip|postal"), ("email", r"e-?mail"), ("region", r"state|province")]
        for attr, rx in keywords:
            if re.search(rx, text):
                for a, f in by_name.values():
                    if a == attr:
                        return a, f
        return None

    async def _wait_navigation(self, frame: Any, since: float) -> bool:
        """If the click started a navigation that has not committed yet (slow server, busy machine), wait for it."""
        deadline = time.monotonic() + self.opt.step_timeout
        waited = False
        while time.monotonic() < deadline:
            if frame.is_detached():
                return waited
            try:
                leaving = await frame.evaluate("() => window.__dboltLeaving ? Date.now() - window.__dboltLeaving : -1")
            except Exception as exc:  # noqa: BLE001 - context destroyed: the navigation is committing
                if _is_browser_gone(exc):
                    raise
                leaving = 0
            if leaving < 0:
                return waited
            if leaving > 3000 and self.inflight == 0:
                return waited  # a cancelled navigation (download, prevented unload)
            waited = True
            await asyncio.sleep(0.1)
        return waited

    async def _visible_text(self, frame: Any) -> tuple[str, dict[str, Any] | None]:
        try:
            st = await probe.page_state(frame)
            return st["text"], st
        except Exception:  # noqa: BLE001
            return "", None

    async def _click_and_observe(self, form: FoundForm, btn: probe.Button) -> Observation:
        page = self.page
        frame = form.frame
        main_text_before, _ = await self._visible_text(page.main_frame)
        frame_text_before, st_before = await self._visible_text(frame) if frame is not page.main_frame else (main_text_before, None)
        if st_before is None:
            _, st_before = await self._visible_text(frame)
        before_lines = set(_lines(main_text_before)) | set(_lines(frame_text_before))
        errors_before = set((st_before or {}).get("errors", []))
        url_before = frame.url
        n_resp = len(self.responses)
        n_dialogs = len(self.dialogs)
        t_click = time.monotonic()
        loc = frame.locator(btn.selector).first
        try:
            cover = await loc.evaluate(COVERED_BY_INVISIBLE_JS)
        except Exception as exc:  # noqa: BLE001
            if _is_browser_gone(exc):
                raise
            cover = None
        if cover:
            # an invisible element (a honeypot label with opacity 0...) lies over the button: a real click would
            # be refused until the timeout and then end in the same element click, 5 s later
            self.ev.step("click_under_invisible_cover", cover=cover)
            clicked_by_js = True
            try:
                await loc.evaluate("el => el.click()")
            except Exception as exc:  # noqa: BLE001
                if _is_browser_gone(exc):
                    raise
                clicked_by_js = False
        else:
            clicked_by_js = False
        if not clicked_by_js:
            try:
                await loc.click(timeout=min(5000, self.opt.step_timeout * 1000), no_wait_after=True)
            except Exception as exc:  # noqa: BLE001
                if _is_browser_gone(exc):
                    raise
                try:
                    await loc.evaluate("el => el.click()")
                except Exception:  # noqa: BLE001
                    pass
        settled = await self.settle(self.opt.step_timeout, quiet=0.3, min_s=0.2)
        if await self._wait_navigation(frame, t_click):
            settled = await self.settle(self.opt.step_timeout, quiet=0.25, min_s=0.1) and settled
        try:
            await page.wait_for_load_state("domcontentloaded", timeout=self.opt.step_timeout * 1000)
        except Exception:  # noqa: BLE001
            pass
        popup = self.popups.opened_since(t_click) if self.popups is not None else None
        popup_text, popup_state = "", None
        if popup is not None:
            await self.popups.loaded(popup, self.opt.step_timeout)
            settled = await self.settle(self.opt.step_timeout, quiet=0.25, min_s=0.1) and settled
            popup_text, popup_state = await self._visible_text(popup.main_frame)
        obs = Observation(url_before=url_before)
        # the frame may have been replaced (iframe navigation); fall back to the same index / main frame
        if frame.is_detached():
            frame = page.frames[form.frame_index] if form.frame_index < len(page.frames) else page.main_frame
        frame_text, st_after = await self._visible_text(frame)
        main_text = frame_text if frame is page.main_frame else (await self._visible_text(page.main_frame))[0]
        obs.url_after = frame.url
        after_lines = _lines(main_text) + ([] if frame is page.main_frame else _lines(frame_text))
        new = [ln for ln in dict.fromkeys(after_lines) if ln not in before_lines]
        if popup is not None and (not new or shows_an_answer(popup_text)):
            # the directory answered in the popup (an unrelated one, e.g. "share this", leaves the page as the answer)
            self.result_page = popup
            obs.url_after = popup.url
            self.ev.step("popup", url=popup.url)
        new += [ln for ln in dict.fromkeys(_lines(popup_text)) if ln not in new]
        new += [f"[dialog] {m}" for m in self.dialogs[n_dialogs:]]
        obs.new_text = "\n".join(new)[:4000]
        st_after = st_after or {"present": [], "invalid": [], "errors": []}
        present = set(st_after.get("present", []))
        filled_keys = {p.key for p in form.plans if p.action != "skip"}
        still_there = filled_keys & present
        obs.form_gone = not still_there
        if obs.form_gone:
            # a re-rendered page with the same form (server-side validation) is not "gone"
            try:
                new_names = set(await frame.evaluate(VISIBLE_NAMES_JS))
                old_names = {f.name for f in form.fields if f.key in filled_keys and f.name}
                if old_names and len(old_names & new_names) >= max(1, len(old_names) // 2):
                    obs.form_gone = False
            except Exception:  # noqa: BLE001
                pass
        watched = {f.name or f.id or f.key for f in form.fields if f.usable()[0]}
        obs.invalid_fields = [n for n in st_after.get("invalid", []) if n in watched]
        obs.error_texts = [e for e in st_after.get("errors", []) if e not in errors_before]
        obs.error_texts += (popup_state or {}).get("errors", [])
        obs.error_texts += [m for m in self.dialogs[n_dialogs:] if re.search(r"error|invalid|required|please|must", m, re.I)]
        widgets = await probe.captcha_widgets(frame)
        if popup is not None:
            widgets += await probe.captcha_widgets(popup.main_frame)
        obs.captcha_visible = bool(widgets)
        name = (self.req.profile.business_name or "").strip().lower()
        obs.business_name_visible = bool(name) and name in (main_text + frame_text + popup_text).lower()
        # the submission request's answer: first non-GET, else the first navigation/xhr after the click
        after = [r for r in self.responses[n_resp:] if r["t"] >= t_click]
        pick = next((r for r in after if r["method"] != "GET" and r["type"] in ("document", "xhr", "fetch")), None)
        if pick is None:
            pick = next((r for r in after if r["type"] == "document" or (r["type"] in ("xhr", "fetch"))), None)
        if pick is not None:
            obs.submit_status = pick["status"]
            obs.submit_url = pick["url"]
            obs.retry_after = parse_retry_after(pick.get("retry_after"))
            # a redirect (303 after POST) is followed by the real page: report the final document's status
            if 300 <= pick["status"] < 400:
                later = next((r for r in after if r["t"] >= pick["t"] and r["type"] == "document" and r is not pick), None)
                if later is not None:
                    obs.submit_status = later["status"]
        if not settled:
            pending = [r for r, t in self.pending.items() if t >= t_click and r.resource_type in ("document", "xhr", "fetch")]
            if pending and pick is None:
                obs.timed_out = True
        if pick is None:
            failed = [f for f in self.failures if f["t"] >= t_click and f["type"] in ("document", "xhr", "fetch")
                      and "ERR_ABORTED" not in str(f["error"])]
            if failed or obs.url_after.startswith("chrome-error://"):
                obs.network_error = (f"{failed[0]['method']} {failed[0]['url']}: {failed[0]['error']}" if failed
                                     else "the browser showed a network error page")
        return obs
