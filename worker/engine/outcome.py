"""Classify what happened after the submit click.

Pure functions over an ``Observation`` (gathered by the browser code), so the rules are testable without
a browser. Precedence: captcha > HTTP 5xx/429/timeout > verification > duplicate > validation error >
success. Success needs at least two independent signals, one of them strong (visible confirmation
text, the form gone, or a redirect to a page showing the listing), and no negative signal.
Anything else is ``requires_manual`` with reason ``unconfirmed``: never a success a person would not
call one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from worker.submission import SubmissionOutcome

from .patterns import BOT_WALL_TEXT

CAPTCHA_TEXT = re.compile(
    r"captcha|i'?m not a robot|verify (?:that )?you(?:'re| are) (?:a )?human|are you (?:a )?human|"
    r"human verification|security check|prove you are human|bot (?:check|protection)|challenge",
    re.I,
)
EMAIL_VERIFY = re.compile(
    r"(?:check|confirm|verify) your (?:e-?mail|inbox)|(?:sent|emailed) (?:you )?(?:an? )?(?:confirmation|verification|activation) "
    r"(?:link|e-?mail|message|code)|(?:confirmation|verification|activation) (?:link|e-?mail) (?:has been |was )?sent|"
    r"click (?:on )?the (?:link|button) in (?:the|your|that) e-?mail|activate your (?:account|listing) (?:by|via) e-?mail|"
    r"verify your e-?mail|confirm your e-?mail|e-?mail (?:address )?verification|we(?:'ve| have) sent (?:an? )?e-?mail",
    re.I,
)
PHONE_VERIFY = re.compile(
    r"(?:sms|text message|text) (?:with )?(?:a |the )?(?:code|pin)|(?:code|pin) (?:we )?sent (?:to|by) (?:your )?(?:phone|sms|mobile|text)|"
    r"verify your (?:phone|mobile|number)|phone (?:number )?verification|we(?:'ll| will) call you|automated call|"
    r"enter the (?:\d-digit )?code (?:we )?(?:sent|texted)",
    re.I,
)
POSTCARD_VERIFY = re.compile(
    r"postcard|verification (?:code|letter) by (?:mail|post)|mail (?:you )?a (?:verification )?(?:code|letter|card)|"
    r"by (?:postal )?mail to your business address|letter to your (?:business )?address",
    re.I,
)
DUPLICATE = re.compile(
    r"already (?:been )?(?:listed|exists?|registered|submitted|in (?:our|the) (?:directory|database|system|index)|taken|in use|on file)|"
    r"duplicate (?:listing|entry|submission|business|record)|(?:listing|business|company|email|name|entry|record) (?:is |has )?already|"
    r"has already been (?:taken|submitted|added|registered)|we already have (?:a |this |your )?(?:listing|business|record|entry)|"
    r"(?:a |this )?listing (?:for|with) this .{0,30} already",
    re.I,
)
ERROR_TEXT = re.compile(
    r"\berror\b|\binvalid\b|is required|are required|required field|please (?:enter|provide|correct|fix|fill|check|select|use)|"
    r"must (?:be|contain|include|have|start|match)|not (?:a )?valid|doesn'?t look (?:right|valid)|"
    r"failed|could not be (?:submitted|saved|processed)|unable to|try again|problem with",
    re.I,
)
SUCCESS_TEXT = re.compile(
    r"thank(?:s| you)|success(?:fully)?|submitted|received|has been (?:added|created|saved|posted|published|listed)|"
    r"(?:your )?(?:listing|submission|business|site|entry) (?:is|has been|was) (?:now )?(?:live|added|created|received|submitted|published|listed|saved)|"
    r"we(?:'ll| will) review|pending (?:review|approval|moderation)|under review|awaiting (?:review|approval|moderation)|"
    r"(?:will be|to be) (?:reviewed|approved|moderated)|\bcongratulations\b|all set|you(?:'re| are) listed|got it|"
    r"\b(?:listing|submission|business|entry|site) (?:created|added|saved|submitted|received|published)\b",
    re.I,
)
# stricter, for page text outside error boxes ("Please check the details below" on a preview is no error)
ERROR_TEXT_PAGE = re.compile(
    r"\berror\b|\binvalid\b|is required|are required|required field|please (?:enter|provide|correct|fix|fill in|select an?\b|use)|"
    r"must (?:be|contain|include|have|start|match)|not (?:a )?valid|(?:submission|request) failed|"
    r"could not be (?:submitted|saved|processed)|unable to (?:submit|save|process)|please try again|problem with your",
    re.I,
)
# the listing waits behind a paid plan: a person has to decide, nothing is bought by the engine
PAYMENT_TEXT = re.compile(
    r"(?:choose|select|pick) (?:a|your) (?:plan|package|listing type)\b.{0,80}(?:pay|\$|€|£|checkout|per month|/mo)"
    r"|complete (?:the |your )?payment|proceed to (?:checkout|payment)|payment (?:is )?required"
    r"|(?:upgrade|pay) (?:now )?to (?:publish|activate|list|submit)",
    re.I | re.S,
)
PREVIEW_TEXT = re.compile(
    r"\bpreview\b|review (?:your|the) (?:listing|details|submission|information)|check (?:the|your) (?:details|information|listing)|"
    r"confirm (?:your|the) (?:listing|details|submission)|is (?:this|everything) correct|not (?:yet )?(?:submitted|published)|"
    r"before (?:submitting|publishing)",
    re.I,
)
PENDING_TEXT = re.compile(
    r"review|pending|approv|moderat|awaiting|will be (?:published|live|listed) (?:after|once|when|within)|queue",
    re.I,
)


@dataclass
class Observation:
    url_before: str = ""
    url_after: str = ""
    submit_status: int | None = None  # HTTP status of the submission request (POST / navigation / xhr)
    submit_url: str | None = None
    retry_after: float | None = None
    timed_out: bool = False
    network_error: str | None = None
    form_gone: bool = False
    new_text: str = ""  # visible text that appeared after the submit (lines not on the page before)
    error_texts: list[str] = field(default_factory=list)  # alerts / error boxes / field messages
    invalid_fields: list[str] = field(default_factory=list)  # names of fields marked invalid
    captcha_visible: bool = False
    business_name_visible: bool = False  # the business name shows on the page after the submit
    new_form_fields: int = 0  # a different form appeared (next wizard step)

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class Classification:
    status: str
    reason_code: str | None
    message: str | None
    transient: bool = False
    retry_after: float | None = None
    signals: list[str] = field(default_factory=list)
    validation_error: bool = False

    def to_outcome(self, **kw: Any) -> SubmissionOutcome:
        return SubmissionOutcome(
            status=self.status,  # type: ignore[arg-type]
            reason_code=self.reason_code,
            message=self.message,
            transient=self.transient,
            retry_after=self.retry_after,
            **kw,
        )


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    v = value.strip()
    if v.isdigit():
        return float(v)
    try:
        from email.utils import parsedate_to_datetime
        import datetime as dt

        when = parsedate_to_datetime(v)
        return max(0.0, (when - dt.datetime.now(when.tzinfo)).total_seconds())
    except (TypeError, ValueError):
        return None


def _first_sentence(text: str, rx: re.Pattern[str], limit: int = 240) -> str:
    for line in text.splitlines():
        if rx.search(line):
            return line.strip()[:limit]
    m = rx.search(text)
    if m:
        a = max(0, m.start() - 80)
        return text[a : m.end() + 120].strip()[:limit]
    return text.strip()[:limit]


def http_transient(status: int | None, retry_after: float | None, where: str) -> Classification | None:
    if status is None:
        return None
    if status == 429:
        return Classification("failed", "rate_limited", f"HTTP 429 {where}", True, retry_after, [f"http {status}"])
    if status >= 500:
        return Classification("failed", f"http_{status}", f"HTTP {status} {where}", True, retry_after, [f"http {status}"])
    return None


def shows_an_answer(text: str) -> bool:
    """The text says how a submission went (confirmation, error, duplicate, verification or captcha)."""
    return any(rx.search(text or "") for rx in (SUCCESS_TEXT, ERROR_TEXT_PAGE, DUPLICATE, EMAIL_VERIFY, PHONE_VERIFY,
                                                   POSTCARD_VERIFY, CAPTCHA_TEXT))


def classify(obs: Observation) -> Classification:
    text = obs.new_text or ""
    errors = " \n".join(obs.error_texts)
    signals: list[str] = []

    if obs.captcha_visible:
        return Classification("captcha_failed", "captcha", "the directory asked for a captcha", signals=["captcha"])
    if BOT_WALL_TEXT.search(text):
        # an anti-bot page answered the submission (whatever its HTTP status): a person has to submit it
        return Classification("captcha_failed", "bot_wall", _first_sentence(text, BOT_WALL_TEXT), signals=["bot wall"])
    t = http_transient(obs.submit_status, obs.retry_after, "answering the submission")
    if t:
        return t
    if obs.timed_out:
        return Classification("failed", "timeout", "the directory did not answer in time", True, signals=["timeout"])
    if obs.network_error:
        return Classification("failed", "network_error", obs.network_error, True, signals=["network"])

    both = f"{text}\n{errors}"
    if CAPTCHA_TEXT.search(both) and re.search(r"captcha|robot|human", both, re.I):
        return Classification("captcha_failed", "captcha", _first_sentence(both, CAPTCHA_TEXT), signals=["captcha text"])
    if EMAIL_VERIFY.search(both):
        return Classification("requires_manual", "email_verification", _first_sentence(both, EMAIL_VERIFY))
    if PHONE_VERIFY.search(both):
        return Classification("requires_manual", "phone_verification", _first_sentence(both, PHONE_VERIFY))
    if POSTCARD_VERIFY.search(both):
        return Classification("requires_manual", "postcard_verification", _first_sentence(both, POSTCARD_VERIFY))
    if DUPLICATE.search(both):
        return Classification("skipped", "already_listed", _first_sentence(both, DUPLICATE))
    if PAYMENT_TEXT.search(text) and not SUCCESS_TEXT.search(text):
        return Classification("requires_manual", "payment_required", _first_sentence(text, PAYMENT_TEXT))

    status = obs.submit_status
    has_error_text = bool(obs.error_texts and ERROR_TEXT.search(errors)) or (
        bool(ERROR_TEXT_PAGE.search(text)) and not SUCCESS_TEXT.search(text)
    )
    if obs.invalid_fields or has_error_text or (status is not None and 400 <= status < 500):
        msg = errors.strip() or _first_sentence(text, ERROR_TEXT_PAGE) if (errors.strip() or ERROR_TEXT_PAGE.search(text)) else None
        if not msg:
            msg = f"HTTP {status}" if status and status >= 400 else "fields marked invalid: " + ", ".join(obs.invalid_fields)
        reason = "validation_error"
        if status in (401, 403, 404, 405, 410) and not obs.invalid_fields and not obs.error_texts:
            reason = f"http_{status}"
        return Classification("failed", reason, msg[:500], validation_error=reason == "validation_error",
                              signals=[f"invalid: {', '.join(obs.invalid_fields)}" if obs.invalid_fields else "error text"])

    if obs.url_after and obs.url_before and obs.url_after.split("#")[0] != obs.url_before.split("#")[0]:
        signals.append("url_changed")
    if obs.form_gone:
        signals.append("form_gone")
    confirmation = SUCCESS_TEXT.search(text)
    if confirmation:
        signals.append("confirmation_text")
    if status is not None and 200 <= status < 400:
        signals.append(f"http_{status}")
    if not obs.invalid_fields:
        signals.append("no_invalid_fields")
    if obs.business_name_visible and "url_changed" in signals:
        signals.append("listing_page")

    if PREVIEW_TEXT.search(text) and not confirmation:
        return Classification("requires_manual", "unconfirmed", "the directory shows a preview to confirm",
                              signals=signals + ["preview"])
    strong = {"confirmation_text", "form_gone"} & set(signals)
    if obs.new_form_fields and not confirmation:
        return Classification("requires_manual", "unknown_form", "another form appeared after submitting", signals=signals)
    if confirmation and len([s for s in signals if s != "no_invalid_fields"]) >= 2:
        msg = _first_sentence(text, SUCCESS_TEXT)
        pending = PENDING_TEXT.search(msg) or PENDING_TEXT.search(text)
        return Classification("success", "pending_review" if pending else None, msg, signals=signals)
    if strong and "listing_page" in signals and len(signals) >= 3:
        return Classification("success", "listing_page", "redirected to a page showing the listing", signals=signals)
    return Classification(
        "requires_manual",
        "unconfirmed",
        "submitted, but the directory gave no clear confirmation" + (f" ({text[:160]})" if text else ""),
        signals=signals,
    )
