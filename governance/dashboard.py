"""The dashboard's sections, built from the figures: the same tables feed the page, the board
pack's PDF and its CSV files."""

from datetime import date, timedelta

from appeals.models import Appeal
from decisions.models import RestrictionKind, Severity
from flags.models import RiskLevel
from governance import figures
from governance.periods import Period
from governance.tables import Chart, Section, Table, counted, percentage
from incidents.models import UNACCEPTABLE_BEHAVIOURS, Behaviour, Channel
from interventions.models import LegalAction, MediationReferral
from reviews.models import Review
from support.models import SupportOffer


def duration_text(value: timedelta | None) -> str:
    if value is None:
        return "–"
    hours = value.total_seconds() / 3600
    if hours < 48:
        return f"{hours:.1f} hours"
    return f"{hours / 24:.1f} days"


def month_and_channel_tables(period: Period) -> tuple[Table, Table, int]:
    """One GROUP BY month and channel gives both tables (and the total)."""
    by_month_channel = figures.incidents_by_month_and_channel(period)
    months = period.months()
    month_counts = [
        sum(n for (m, _), n in by_month_channel.items() if m == month) for month in months
    ]
    channel_counts = [
        (label, sum(n for (_, c), n in by_month_channel.items() if c == value))
        for value, label in Channel.choices
    ]
    month_table = counted(
        "incidents_by_month",
        "Incidents by month",
        "Month",
        [(f"{m:%B %Y}", n) for m, n in zip(months, month_counts, strict=True)],
    )
    month_table.chart = Chart(
        "incidents_by_month",
        "Incidents by month",
        "Month",
        "Incidents",
        [f"{m:%b %y}" for m in months],
        [float(n) for n in month_counts],
    )
    channel_table = counted(
        "incidents_by_channel", "Incidents by channel", "Channel", channel_counts
    )
    channel_table.chart = Chart(
        "incidents_by_channel",
        "Incidents by channel",
        "Incidents",
        "Channel",
        [label for label, _ in channel_counts],
        [float(n) for _, n in channel_counts],
        horizontal=True,
    )
    return month_table, channel_table, sum(month_counts)


def incidents_section(period: Period) -> Section:
    month_table, channel_table, total = month_and_channel_tables(period)
    behaviour_table = behaviour_counts(figures.incidents_by_behaviour(period))
    return Section(
        "incidents",
        "Incidents",
        f"Incidents that happened in the period, by when they happened. {figures.KEPT_EXPLAINED}",
        [month_table, behaviour_table, severity_table(period), channel_table],
        facts=[("Incidents in the period", total)],
    )


def behaviour_counts(behaviours: dict[str, int]) -> Table:
    pairs = [(label, behaviours.get(value, 0)) for value, label in Behaviour.choices]
    kinds = [
        "Unacceptable behaviour" if value in UNACCEPTABLE_BEHAVIOURS else "Unreasonable demand"
        for value in Behaviour.values
    ]
    table = Table(
        "incidents_by_behaviour",
        "Incidents by behaviour",
        ["Behaviour", "Kind", "Number"],
        [[label, kind, n] for (label, n), kind in zip(pairs, kinds, strict=True)],
        note="An incident can show more than one behaviour, so these add up to more than the "
        "number of incidents.",
        numeric_from=2,
    )
    table.chart = Chart(
        "incidents_by_behaviour",
        "Incidents by behaviour",
        "Incidents",
        "Behaviour",
        [_short(label) for label, _ in pairs],
        [float(n) for _, n in pairs],
        horizontal=True,
    )
    return table


def _short(label: str) -> str:
    return label if len(label) <= 38 else label[:36].rstrip(" ,") + "…"


def severity_table(period: Period) -> Table:
    by_severity = figures.incidents_by_severity(period)
    pairs = [(label, by_severity.get(value, 0)) for value, label in Severity.choices]
    pairs.append(("Not yet assessed", by_severity.get(0, 0)))
    table = counted(
        "incidents_by_severity",
        "Incidents by severity",
        "Severity",
        pairs,
        note=figures.SEVERITY_EXPLAINED,
    )
    table.chart = Chart(
        "incidents_by_severity",
        "Incidents by severity",
        "Severity",
        "Incidents",
        [label for label, _ in pairs],
        [float(n) for _, n in pairs],
    )
    return table


def action_section(period: Period) -> Section:
    found = figures.time_to_first_action(period)
    table = Table(
        "time_to_first_action",
        "Time from report to first action",
        ["Measure", "Value"],
        [
            ["Incidents acted on", found.actioned],
            ["Incidents on a case not yet acted on", found.waiting],
            ["Median time to first action", duration_text(found.median)],
            ["90th percentile time to first action", duration_text(found.p90)],
        ],
        note=figures.FIRST_ACTION_EXPLAINED,
    )
    return Section("action", "Time to first action", figures.FIRST_ACTION_EXPLAINED, [table])


def support_section(period: Period) -> Section:
    found = figures.colleague_support(period)
    summary = Table(
        "colleagues_affected",
        "Colleagues affected and support",
        ["Measure", "Number"],
        [
            ["Times a colleague was affected", found["affected"]],
            ["Different colleagues affected", found["colleagues"]],
            ["Line manager told", found["manager_told"]],
            ["Support recorded", found["recorded"]],
            ["Support completed", found["completed"]],
        ],
    )
    offers = Table(
        "support_offered",
        "Support offered and taken up",
        ["Support", "Offered", "Taken up"],
        [
            [label, found[f"offered_{value}"], found[f"accepted_{value}"]]
            for value, label in SupportOffer.choices
        ],
    )
    return Section(
        "support",
        "Colleagues affected and support offered",
        "Colleagues affected by incidents in the period and the support their line managers "
        "recorded. Figures only: who was affected is seen by them, their line manager and the "
        "Head of Customer and Community Support.",
        [summary, offers],
    )


def measures_section(period: Period, today: date) -> Section:
    found = figures.measures(period)
    flags = found["flags_by_risk"]
    restrictions = found["restrictions_by_kind"]
    flag_table = counted(
        "active_flags",
        f"Warning flags in force on {today:%-d %B %Y}",
        "Risk level",
        [(label, flags.get(value, 0)) for value, label in RiskLevel.choices],
    )
    restriction_table = counted(
        "active_restrictions",
        f"Contact restrictions in force on {today:%-d %B %Y}",
        "Kind",
        [(label, restrictions.get(value, 0)) for value, label in RestrictionKind.choices],
    )
    movement = Table(
        "measures_started_lifted",
        "Measures started and lifted in the period",
        ["Measure", "Started", "Lifted"],
        [
            [
                label,
                found["started"].get(value, 0),
                found["lifted"].get(value, 0),
            ]
            for value, label in (
                ("warning_flag", "Warning flags"),
                ("contact_restriction", "Contact restrictions"),
            )
        ],
    )
    return Section(
        "measures",
        "Warning flags and contact restrictions",
        "What is in force today, and what started or was lifted in the period.",
        [flag_table, restriction_table, movement],
        facts=[
            ("Warning flags in force", sum(flags.values())),
            ("Contact restrictions in force", sum(restrictions.values())),
        ],
    )


def reviews_section(period: Period, today: date) -> Section:
    found = figures.reviews(period, today=today)
    due = Table(
        "reviews_due",
        f"Reviews due on {today:%-d %B %Y}",
        ["Reviews", "Number"],
        [
            [f"Due in the next {found['window']} days", found["due_soon"]],
            ["Overdue", found["overdue"]],
        ],
    )
    recorded = counted(
        "reviews_recorded",
        "Reviews recorded in the period, by outcome",
        "Outcome",
        [(label, found.get(f"recorded_{value}", 0)) for value, label in Review.Outcome.choices],
    )
    return Section(
        "reviews",
        "Reviews",
        "Policy: every change to how we work with a customer is reviewed after 3 to 12 months.",
        [due, recorded],
        facts=[("Reviews overdue", found["overdue"])],
    )


def appeals_section(period: Period, today: date) -> Section:
    found = figures.appeals(period, today=today)
    pairs = [("Not yet decided", found.get("open", 0))] + [
        (label, found.get(value, 0)) for value, label in Appeal.Outcome.choices
    ]
    table = counted("appeals", "Appeals received in the period, by outcome", "Outcome", pairs)
    table.rows.append(["Total received", sum(n for _, n in pairs)])
    overdue = found["open_overdue_now"]
    return Section(
        "appeals",
        "Appeals",
        f"Appeals received in the period. Undecided appeals past their due date today: {overdue}.",
        [table],
        facts=[("Appeals received", sum(n for _, n in pairs))],
    )


def referrals_section(period: Period) -> Section:
    found = figures.referrals(period)
    table = Table(
        "referrals",
        "Contributing-needs checks and referrals",
        ["Measure", "Number", "Share of checks"],
        [
            [label, found[key], percentage(found[key], found["checks"])]
            for key, label in (
                ("checks", "Contributing-needs checks recorded"),
                ("needs_found", "Needs found"),
                ("offered", "Referral offered"),
                ("agreed", "Referral agreed"),
                ("declined", "Referral declined"),
                ("made", "Referral made"),
            )
        ],
    )
    return Section(
        "referrals",
        "Referrals offered and accepted",
        "Policy: we find out whether other issues contribute to the behaviour and offer a "
        "referral to an agency if the customer agrees.",
        [table],
    )


def interventions_section(period: Period) -> Section:
    found = figures.interventions(period)
    mediation = counted(
        "mediation",
        "Mediation referrals made in the period, by outcome",
        "Outcome",
        [(label, found["mediation"].get(v, 0)) for v, label in MediationReferral.Outcome.choices],
        note=f"The customer agreed to mediation in {found['mediation_agreed']['agreed']}.",
    )
    legal = counted(
        "legal_actions",
        "Legal actions recorded in the period, by kind",
        "Kind",
        [(label, found["legal"].get(v, 0)) for v, label in LegalAction.Kind.choices],
    )
    disclosures = found["disclosures"]
    police = Table(
        "police_and_disclosures",
        "Police reports and disclosures",
        ["Measure", "Number"],
        [
            ["Reports to the police", found["police"]["reports"]],
            ["Disclosures proposed", disclosures["proposed"]],
            ["Disclosures approved", disclosures["approved"]],
            ["Disclosures shared", disclosures["shared"]],
        ],
        note="Disclosures to the police and partners under the Crime and Disorder Act 1998 "
        "s.115 or another gateway, from the information-sharing log.",
    )
    return Section(
        "interventions",
        "Mediation, legal action, police and partners",
        "Other responses made in the period.",
        [mediation, legal, police],
    )


def build_sections(period: Period, *, today: date) -> list[Section]:
    from governance.demand import demand_section

    return [
        incidents_section(period),
        action_section(period),
        support_section(period),
        measures_section(period, today),
        reviews_section(period, today),
        appeals_section(period, today),
        referrals_section(period),
        interventions_section(period),
        demand_section(period),
    ]


def summary_facts(sections: list[Section]) -> list[tuple[str, object]]:
    return [fact for section in sections for fact in section.facts]


def chart_table(period: Period, slug: str) -> Table | None:
    """One chart's table alone: a chart image asks for just its own figures."""
    if slug == "incidents_by_severity":
        return severity_table(period)
    if slug == "incidents_by_behaviour":
        return behaviour_counts(figures.incidents_by_behaviour(period))
    if slug in ("incidents_by_month", "incidents_by_channel"):
        month_table, channel_table, _ = month_and_channel_tables(period)
        return month_table if slug == "incidents_by_month" else channel_table
    return None
