"""Each demand signal in plain words, with the numbers behind it, and whether it has grown.

Policy: unreasonable demands include "an excessively high volume of contact", "insisting on
communicating with one employee and no-one else", "repeatedly changing the substance of a
complaint, or request for service" and "complaining to us about matters that are not
[our] responsibility". A signal says what was seen; an officer decides what it means.
"""

from dataclasses import dataclass, field
from math import ceil
from typing import Any

from contacts.models import SignalKind, SignalSettings, Subject

WINDOWS = (7, 30, 90)


@dataclass
class PersonFigures:
    """One person's counts over the rolling windows (inbound contacts only)."""

    person_id: int
    counts: dict[int, int]  # window in days -> contacts
    not_landlord: int = 0
    concentration_contacts: int = 0
    percentile: float = 0.0
    top_asked: tuple[int, str, int] | None = None  # colleague id, name, contacts
    top_handled: tuple[int, str, int] | None = None
    churn: dict[str, Any] | None = None  # the reference whose subject changed most


@dataclass
class Candidate:
    person_id: int
    kind: str
    score: float
    explanation: str
    figures: dict[str, Any] = field(default_factory=dict)


def ordinal(value: float) -> str:
    """99.9 -> '99.9th'; 92 -> '92nd'."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    if "." in text:
        return f"{text}th"
    number = int(text)
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def volume(figures: PersonFigures, settings: SignalSettings) -> Candidate | None:
    thresholds = {
        7: settings.volume_7_days,
        30: settings.volume_30_days,
        90: settings.volume_90_days,
    }
    over = [w for w in WINDOWS if thresholds[w] and figures.counts[w] >= thresholds[w]]
    by_percentile = figures.counts[30] >= max(settings.percentile_minimum, 1) and (
        figures.percentile >= float(settings.volume_percentile)
    )
    if not over and not by_percentile:
        return None
    parts = [f"{figures.counts[w]} contacts in {w} days (threshold {thresholds[w]})" for w in over]
    if by_percentile or figures.counts[30] >= max(settings.percentile_minimum, 1):
        parts.append(
            f"{ordinal(figures.percentile)} percentile of everyone's contacts over 30 days"
        )
    if figures.top_asked and figures.top_asked[2] >= settings.concentration_minimum:
        parts.append(
            f"{figures.top_asked[2]} asked for the same colleague ({figures.top_asked[1]})"
        )
    score = max([figures.counts[w] / thresholds[w] for w in WINDOWS if thresholds[w]] + [0.0])
    return Candidate(
        figures.person_id,
        SignalKind.VOLUME,
        max(score, 1.0),
        "; ".join(parts) + ".",
        {
            **{f"contacts_{w}": figures.counts[w] for w in WINDOWS},
            "percentile_30": round(figures.percentile, 2),
            "over": over,
            "by_percentile": by_percentile,
            "thresholds": {str(w): thresholds[w] for w in WINDOWS},
        },
    )


def concentration(figures: PersonFigures, settings: SignalSettings) -> Candidate | None:
    total = figures.concentration_contacts
    days = settings.concentration_days
    for measure, top, verb in (
        ("asked_for", figures.top_asked, "asked for"),
        ("handled", figures.top_handled, "were handled by"),
    ):
        if top is None or total <= 0 or top[2] < settings.concentration_minimum:
            continue
        share = 100.0 * top[2] / total
        if share < settings.concentration_share:
            continue
        return Candidate(
            figures.person_id,
            SignalKind.CONCENTRATION,
            top[2] / max(settings.concentration_minimum, 1),
            f"{top[2]} of {total} contacts in {days} days ({share:.0f}%) {verb} one colleague, "
            f"{top[1]} (threshold {settings.concentration_share}% and at least "
            f"{settings.concentration_minimum}).",
            {
                "colleague_id": top[0],
                "colleague": top[1],
                "measure": measure,
                "count": top[2],
                "contacts": total,
                "share": round(share, 1),
                "days": days,
            },
        )
    return None


def churn(figures: PersonFigures, settings: SignalSettings) -> Candidate | None:
    worst = figures.churn
    if not worst or worst["changes"] < max(settings.churn_changes, 1):
        return None
    path = " → ".join(Subject(s).label.lower() for s in worst["subjects"])
    others = worst.get("other_references", 0)
    more = f"; {others} other reference{'s' if others != 1 else ''} also changed" if others else ""
    return Candidate(
        figures.person_id,
        SignalKind.CHURN,
        worst["changes"] / max(settings.churn_changes, 1),
        f"The subject of {worst['reference']} changed {worst['changes']} times over "
        f"{worst['contacts']} contacts ({path}; threshold {settings.churn_changes}){more}.",
        dict(worst),
    )


def not_landlord(figures: PersonFigures, settings: SignalSettings) -> Candidate | None:
    threshold = settings.not_landlord_90_days
    if not threshold or figures.not_landlord < threshold:
        return None
    return Candidate(
        figures.person_id,
        SignalKind.NOT_LANDLORD,
        figures.not_landlord / threshold,
        f"{figures.not_landlord} contacts in 90 days about matters that are not our "
        f"responsibility (threshold {threshold}).",
        {"contacts_not_landlord_90": figures.not_landlord, "threshold": threshold},
    )


DETECTORS = (volume, concentration, churn, not_landlord)


def detect(figures: PersonFigures, settings: SignalSettings) -> list[Candidate]:
    return [c for c in (detector(figures, settings) for detector in DETECTORS) if c is not None]


def grown(new: float, old: float, percent: int) -> bool:
    """Whether a figure has grown past a dismissed one by the configured margin (at least 1)."""
    return new >= old + max(1, ceil(old * percent / 100))


def has_grown(candidate: Candidate, closed: dict[str, Any], percent: int) -> bool:
    """Whether a pattern has grown beyond what an officer dismissed or already acted on."""
    now = candidate.figures
    if candidate.kind == SignalKind.VOLUME:
        windows = [int(w) for w in now.get("over", [])]
        if now.get("by_percentile"):
            windows.append(30)
        return any(
            grown(now[f"contacts_{w}"], closed.get(f"contacts_{w}", 0), percent) for w in windows
        )
    if candidate.kind == SignalKind.CONCENTRATION:
        if now["colleague_id"] != closed.get("colleague_id"):
            return True  # a different colleague: a different pattern
        return grown(now["count"], closed.get("count", 0), percent)
    if candidate.kind == SignalKind.CHURN:
        if now["reference"] != closed.get("reference"):
            return True
        return grown(now["changes"], closed.get("changes", 0), percent)
    return grown(
        now["contacts_not_landlord_90"], closed.get("contacts_not_landlord_90", 0), percent
    )
