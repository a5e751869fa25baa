"""One plain English line per verdict, for the CLI and logs.

The kiosk does not use these: it turns the status code into words in the
volunteer's language through Qt's translations.
"""

from __future__ import annotations

from checkin.model import Status, Verdict

_TEMPLATES: dict[Status, str] = {
    Status.ENTERED: "Welcome, {who}",
    Status.EXITED: "Goodbye, {who}",
    Status.ALREADY_INSIDE: "{who} is already inside: entered {seen}",
    Status.ATTENTION: "Welcome, {who}: attention {why}",
    Status.NEARLY_FULL: "Welcome, {who}: venue nearly full ({inside}/{capacity} inside)",
    Status.UNKNOWN: "Unknown code: no attendee with this badge or ticket",
    Status.FORGED: "Forged or damaged badge: the code does not verify",
    Status.WRONG_EVENT: "Badge of another event ({detail})",
    Status.REVOKED: "Revoked badge of {who}: this is version {scanned}, the current one is {current}",
    Status.BLOCKED: "{who} may not enter: registration {detail}",
    Status.NOT_ALLOWED: "{who} ({category}) may not use this gate; use {allowed}",
    Status.CLOSED: "Gate closed now; open {detail}",
    Status.FULL: "Venue full ({inside}/{capacity} inside): no entry for {who}",
    Status.NOT_INSIDE: "{who} is not inside: exit not recorded",
    Status.NOT_A_BADGE: "Not a badge",
    Status.REPEAT: "Same badge scanned again ({previous})",
    Status.NOT_RECORDED: "Cannot record: {detail}",
}


def verdict_message(verdict: Verdict) -> str:
    person = verdict.attendee
    who = "unknown"
    if person is not None:
        who = person.name + (f" ({person.name_alt})" if person.name_alt else "")
    seen = verdict.first_seen
    why = f"({person.category}{': ' + person.note if person.note else ''})" if person else ""
    return _TEMPLATES[verdict.status].format(
        who=who,
        seen=f"{seen.at} at {seen.gate} ({seen.desk})" if seen else "earlier",
        why=why,
        inside=verdict.inside,
        capacity=verdict.capacity,
        detail=verdict.detail or "unknown",
        scanned=verdict.scanned_version,
        current=verdict.current_version,
        category=person.category if person else "",
        allowed=", ".join(verdict.allowed_gates) or "no gate",
        previous=verdict.previous.value if verdict.previous else "",
    )
