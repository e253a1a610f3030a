"""The recommended proportionate response: nature, severity and frequency → a step on the ladder.

A recommendation, never a decision: the officer decides and records why in their own words.
"""

from dataclasses import dataclass

from decisions.models import Response, Severity
from incidents.models import UNACCEPTABLE_BEHAVIOURS, Behaviour

VIOLENCE = {Behaviour.PHYSICAL_VIOLENCE, Behaviour.THREATS}
CONTACT_PATTERNS = {
    Behaviour.EXCESSIVE_APPROACHES,
    Behaviour.HIGH_VOLUME_CONTACT,
    Behaviour.ONE_EMPLOYEE_ONLY,
    Behaviour.CHANGING_SUBSTANCE,
    Behaviour.EXCESSIVE_INFORMATION,
}


@dataclass(frozen=True)
class Frequency:
    last_30_days: int
    last_90_days: int
    last_365_days: int
    contacts_30_days: int | None = None

    @property
    def persistent(self) -> bool:
        return self.last_90_days >= 3 or self.last_365_days >= 6


@dataclass(frozen=True)
class Recommendation:
    response: Response
    reasons: list[str]


def recommend(*, behaviours: list[str], severity: int, frequency: Frequency) -> Recommendation:
    kinds = set(behaviours)
    unacceptable = kinds & set(UNACCEPTABLE_BEHAVIOURS)
    reasons = [
        f"Severity {Severity(severity).label}.",
        f"{frequency.last_30_days} incident(s) in 30 days, {frequency.last_90_days} in 90 days, "
        f"{frequency.last_365_days} in a year"
        + (" — a persistent pattern." if frequency.persistent else "."),
    ]
    if severity >= Severity.CRITICAL:
        reasons.append(
            "Physical violence or a credible threat to life: consider emergency "
            "legal action (a without-notice civil injunction) and report to the police."
        )
        step = Response.LEGAL_ACTION if frequency.persistent else Response.POLICE_REPORT
    elif severity >= Severity.SEVERE or kinds & VIOLENCE:
        reasons.append(
            "Threats or harassment put colleagues at risk: a warning flag tells "
            "colleagues and contractors how to stay safe."
        )
        step = Response.POLICE_REPORT if frequency.persistent else Response.WARNING_FLAG
    elif not unacceptable and kinds & CONTACT_PATTERNS:
        reasons.append(
            "Unreasonable demands about contact: a contact restriction manages the "
            "level or frequency of contact (policy)."
        )
        step = (
            Response.CONTACT_RESTRICTION if frequency.persistent else Response.INFORMAL_CONVERSATION
        )
    elif severity >= Severity.SERIOUS:
        step = (
            Response.ACCEPTABLE_BEHAVIOUR_AGREEMENT
            if frequency.persistent
            else Response.WARNING_LETTER
        )
        reasons.append(
            "Serious abuse: the customer is told in writing what was unacceptable "
            "and what will happen if it continues."
        )
    elif severity >= Severity.MODERATE:
        step = Response.WARNING_LETTER if frequency.persistent else Response.INFORMAL_CONVERSATION
        reasons.append(
            "A first or occasional incident is usually met with a conversation; "
            "a repeated one with a warning letter."
        )
    else:
        step = (
            Response.INFORMAL_CONVERSATION if frequency.last_90_days else Response.NO_FURTHER_ACTION
        )
        reasons.append("Low severity: a proportionate response is light.")
    return Recommendation(response=step, reasons=reasons)
