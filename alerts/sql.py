"""The alert look-up in SQL: the live statements over the source tables, and the statements
the hot path runs over the projection (`alerts_alertline`) that triggers keep from them.

Measured on the bench database (200,000 people, 20,000 measures in force), the live
statement per kind is a dozen index probes through CTEs and sub-plans; pgbench answered it
about 5,000 times a second against about 21,000 for a single keyed probe. So the hot path
reads a projection instead: one probe for the token, one for the person or home by its
unique reference (with a contractor's active job checked there, as before), one for its
lines. The projection is recomputed from the live SQL below by triggers in the writer's own
transaction (`alerts.triggers`), so it is never stale; the invariant test compares the two
statements for every person and home after each kind of change.

Each statement checks the token too (hash, not revoked, has alerts:read, and for a
contractor's token an active job at the home), so the hot path costs one round trip.
Its first two columns say whether the token passed and whether the subject was found;
then one row per instruction (or one row of NULLs when there are none), in the columns of
`alerts.models.AlertLine` from `measure` on. (The projected statements give no row at all
when the token fails.)
"""

TOKEN = """token AS (
  SELECT contractor_id FROM api_apitoken
  WHERE token_hash = %(token_hash)s AND revoked_at IS NULL
    AND position(' ' || %(scope)s::text || ' ' IN ' ' || scopes || ' ') > 0
)"""

# The projection keeps measures that start later, so "in force today" is a query-time test.
STARTED = " AND d.starts_on <= CURRENT_DATE"

# In force: not lifted, its decision imposes this measure and is in force (and, live, has
# started: flags.models.active_flag_conditions, restrictions.models.active_restriction_conditions).
FLAG = """SELECT 'flag'::text, f.id, f.handling_instruction::text, {applies_to}, f.risk_level::text,
  d.starts_on, d.review_on, NULL::text, NULL::jsonb, NULL::time, NULL::time, NULL::integer,
  NULL::integer, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text,
  NULL::text, NULL::text, NULL::text
FROM flags_warningflag f JOIN decisions_decision d ON d.id = f.decision_id{join}
WHERE {where} AND f.lifted_at IS NULL AND d.response = 'warning_flag'
  AND d.status = 'in_force'{started}"""

RESTRICTION = """SELECT 'restriction'::text, r.id, NULL::text, {applies_to}, NULL::text,
  d.starts_on, d.review_on, r.kind::text, r.call_days, r.call_from, r.call_to,
  r.max_contacts::integer, r.period_days::integer, r.advocate_name::text,
  r.advocate_contact::text, r.meeting_place::text, s.first_name::text, s.last_name::text,
  s.username::text, u.first_name::text, u.last_name::text, u.username::text
FROM restrictions_contactrestriction r JOIN decisions_decision d ON d.id = r.decision_id{join}
  LEFT JOIN access_user s ON s.id = r.single_point_of_contact_id
  LEFT JOIN access_user u ON u.id = r.deputy_id
WHERE {where} AND r.lifted_at IS NULL AND d.response = 'contact_restriction'
  AND d.status = 'in_force'{started}"""

# The projection's columns, in the order of the SELECTs above.
LINE_COLUMNS = """measure, measure_id, text, applies_to, risk_level, starts_on, review_on,
  restriction_kind, call_days, call_from, call_to, max_contacts, period_days, advocate_name,
  advocate_contact, meeting_place, contact_first_name, contact_last_name, contact_username,
  deputy_first_name, deputy_last_name, deputy_username"""

# Needs `subject` (id, household_id, property_id): the person's own flags and restrictions,
# their household's, their home's (flags.instructions.for_people).
PERSON_SUBJECT = """SELECT p.id, p.household_id, h.property_id
  FROM people_person p LEFT JOIN people_household h ON h.id = p.household_id"""


def person_lines(started: str) -> str:
    flag, restriction = (
        FLAG.replace("{started}", started),
        RESTRICTION.replace("{started}", started),
    )
    return "\nUNION ALL\n".join(
        [
            flag.format(
                applies_to="'this person'", join="", where="f.person_id = (SELECT id FROM subject)"
            ),
            flag.format(
                applies_to="'their household'",
                join="",
                where="f.household_id = (SELECT household_id FROM subject)",
            ),
            flag.format(
                applies_to="'their home'",
                join="",
                where="f.home_id = (SELECT property_id FROM subject)",
            ),
            restriction.format(
                applies_to="'this person'", join="", where="r.person_id = (SELECT id FROM subject)"
            ),
        ]
    )


# Needs `subject` (id): flags on the home, on each household there and on each resident, and
# the residents' restrictions (flags.instructions.for_homes).
HOME_HELPERS = """households AS (
  SELECT h.id, h.name FROM people_household h WHERE h.property_id = (SELECT id FROM subject)
),
residents AS (
  SELECT r.id, r.first_name || ' ' || r.last_name AS name
  FROM people_person r WHERE r.household_id IN (SELECT id FROM households)
)"""


def home_lines(started: str) -> str:
    flag, restriction = (
        FLAG.replace("{started}", started),
        RESTRICTION.replace("{started}", started),
    )
    return "\nUNION ALL\n".join(
        [
            flag.format(
                applies_to="'this home'", join="", where="f.home_id = (SELECT id FROM subject)"
            ),
            flag.format(
                applies_to="hh.name::text",
                join=" JOIN households hh ON hh.id = f.household_id",
                where="true",
            ),
            flag.format(
                applies_to="rr.name::text",
                join=" JOIN residents rr ON rr.id = f.person_id",
                where="true",
            ),
            restriction.format(
                applies_to="rr.name::text",
                join=" JOIN residents rr ON rr.id = r.person_id",
                where="true",
            ),
        ]
    )


RESULT = """SELECT (SELECT count(*) FROM token), (SELECT count(*) FROM subject), lines.*
FROM (SELECT 1) AS one LEFT JOIN lines ON true"""

PERSON_BY_REFERENCE = """subject AS (
  SELECT p.id FROM people_person p
  WHERE p.external_reference = %(reference)s
    AND EXISTS (SELECT 1 FROM token WHERE contractor_id IS NULL)
)"""

# A contractor's token sees a home only where its firm has an active job.
HOME_BY_REFERENCE = """subject AS (
  SELECT p.id FROM people_property p, token t
  WHERE p.{column} = %(reference)s AND (
    t.contractor_id IS NULL OR EXISTS (
      SELECT 1 FROM contractors_job j
      WHERE j.contractor_id = t.contractor_id AND j.home_id = p.id
        AND j.starts_on <= CURRENT_DATE AND (j.ends_on IS NULL OR j.ends_on >= CURRENT_DATE)))
)"""

# Live: what the projection must equal (the invariant test, and the triggers' source).
LIVE_PERSON = f"""WITH {TOKEN},
{PERSON_BY_REFERENCE.replace("SELECT p.id FROM people_person p", PERSON_SUBJECT)},
lines AS (
{person_lines(STARTED)}
)
{RESULT}"""  # noqa: S608

LIVE_HOME = f"""WITH {TOKEN},
{HOME_BY_REFERENCE},
{HOME_HELPERS},
lines AS (
{home_lines(STARTED)}
)
{RESULT}"""  # noqa: S608

# Projected: the hot path's statements, plain joins from the token's row (no CTEs: their
# sub-plans cost more than the probes). No row at all: the token failed. Otherwise the
# second column says whether the subject was found, and each row is one line or NULLs.
PROJECTED = """SELECT true, s.id IS NOT NULL, {columns}
FROM api_apitoken t
LEFT JOIN {subject} s ON s.{column} = %(reference)s AND {visible}
LEFT JOIN alerts_alertline l
  ON l.subject = '{line_subject}' AND l.subject_id = s.id AND l.starts_on <= CURRENT_DATE
WHERE t.token_hash = %(token_hash)s AND t.revoked_at IS NULL
  AND position(' ' || %(scope)s::text || ' ' IN ' ' || t.scopes || ' ') > 0"""

COLUMNS = ", ".join("l." + name.strip() for name in LINE_COLUMNS.split(","))

# Contractors never look people up; they see a home only where their firm has an active job.
PERSON_VISIBLE = "t.contractor_id IS NULL"
HOME_VISIBLE = """(t.contractor_id IS NULL OR EXISTS (
    SELECT 1 FROM contractors_job j
    WHERE j.contractor_id = t.contractor_id AND j.home_id = s.id
      AND j.starts_on <= CURRENT_DATE AND (j.ends_on IS NULL OR j.ends_on >= CURRENT_DATE)))"""


def _projected(subject: str, column: str, visible: str, line_subject: str) -> str:
    return PROJECTED.format(
        columns=COLUMNS, subject=subject, column=column, visible=visible, line_subject=line_subject
    )


STATEMENTS = {
    "person": _projected("people_person", "external_reference", PERSON_VISIBLE, "person"),
    "property": _projected("people_property", "external_reference", HOME_VISIBLE, "home"),
    "uprn": _projected("people_property", "uprn", HOME_VISIBLE, "home"),
}

LIVE_STATEMENTS = {
    "person": LIVE_PERSON,
    "property": LIVE_HOME.replace("{column}", "external_reference"),
    "uprn": LIVE_HOME.replace("{column}", "uprn"),
}


def numbered(statement: str) -> str:
    """A statement with libpq's numbered parameters, for the hot path's own prepared
    statements: $1 the token's hash, $2 the reference, $3 the scope."""
    for number, name in enumerate(("token_hash", "reference", "scope"), start=1):
        statement = statement.replace(f"%({name})s", f"${number}")
    return statement


NUMBERED = {kind: numbered(statement) for kind, statement in STATEMENTS.items()}
