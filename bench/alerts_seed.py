"""Bench data for the alert look-up: active warning flags and contact restrictions, a token.

Tops the bench database up to `target` measures in force, in bulk SQL (one decision, in force
and started, per case that has none): of every ten, three flags on the person, two on their
household, one on their home, four contact restrictions of each kind in turn. Writes only to
a database whose name contains "bench".
"""

from typing import Any

import psycopg

from api.models import hash_token, new_raw_token

ACTIVE = """
SELECT (SELECT count(*) FROM flags_warningflag f JOIN decisions_decision d ON d.id = f.decision_id
        WHERE f.lifted_at IS NULL AND d.status = 'in_force' AND d.response = 'warning_flag'
          AND d.starts_on <= CURRENT_DATE)
     + (SELECT count(*) FROM restrictions_contactrestriction r
        JOIN decisions_decision d ON d.id = r.decision_id
        WHERE r.lifted_at IS NULL AND d.status = 'in_force'
          AND d.response = 'contact_restriction' AND d.starts_on <= CURRENT_DATE)
"""

PICK = """
CREATE TEMP TABLE bench_picked ON COMMIT DROP AS
SELECT c.id AS case_id, c.person_id, p.household_id, h.property_id,
       row_number() OVER (ORDER BY c.id) AS n
FROM cases_case c JOIN people_person p ON p.id = c.person_id
LEFT JOIN people_household h ON h.id = p.household_id
WHERE NOT EXISTS (SELECT 1 FROM decisions_decision d WHERE d.case_id = c.id)
ORDER BY c.id LIMIT %(needed)s
"""

DECISIONS = """
INSERT INTO decisions_decision (response, recommended_response, basis, restriction_kind,
  starts_on, review_on, adjustment_rationale, status, proposed_at, approved_at, approval_note,
  decided_at, approved_by_id, case_id, decided_by_id, proposed_by_id)
SELECT CASE WHEN n %% 10 < 6 THEN 'warning_flag' ELSE 'contact_restriction' END,
  CASE WHEN n %% 10 < 6 THEN 'warning_flag' ELSE 'contact_restriction' END,
  'Bench basis: reasons never leave the case.',
  CASE WHEN n %% 10 < 6 THEN '' ELSE (ARRAY['written_only', 'single_point_of_contact',
    'set_call_times', 'contact_limit', 'meetings_office_or_pairs', 'advocate_only',
    'no_social_media'])[1 + (n / 10) %% 7] END,
  CURRENT_DATE - (n %% 60)::integer, CURRENT_DATE - (n %% 60)::integer + 180, '', 'in_force',
  now(), now(), '', now(), %(approver)s, case_id, %(approver)s, %(officer)s
FROM bench_picked
"""

FLAGS = """
INSERT INTO flags_warningflag (risk_level, handling_instruction, proposed_at, lift_reason,
  case_id, decision_id, person_id, household_id, home_id, proposed_by_id)
SELECT (ARRAY['medium', 'high', 'very_high'])[1 + n %% 3],
  (ARRAY['Attend in pairs.', 'Do not enter the property; speak at the door.',
         'Meet only at the office.'])[1 + (n / 10) %% 3],
  now(), '', b.case_id, d.id,
  CASE WHEN n %% 10 < 3 OR (n %% 10 IN (3, 4) AND b.household_id IS NULL)
            OR (n %% 10 = 5 AND b.property_id IS NULL) THEN b.person_id END,
  CASE WHEN n %% 10 IN (3, 4) THEN b.household_id END,
  CASE WHEN n %% 10 = 5 THEN b.property_id END,
  %(officer)s
FROM bench_picked b JOIN decisions_decision d ON d.case_id = b.case_id
WHERE n %% 10 < 6 AND d.response = 'warning_flag'
"""

RESTRICTIONS = """
INSERT INTO restrictions_contactrestriction (kind, call_days, call_from, call_to,
  max_contacts, period_days, advocate_name, advocate_contact, meeting_place, proposed_at,
  lift_reason, case_id, decision_id, person_id, proposed_by_id, single_point_of_contact_id,
  deputy_id)
SELECT d.restriction_kind, '[0, 2, 4]'::jsonb,
  CASE WHEN d.restriction_kind = 'set_call_times' THEN time '09:30' END,
  CASE WHEN d.restriction_kind = 'set_call_times' THEN time '12:00' END,
  CASE WHEN d.restriction_kind = 'contact_limit' THEN 3 END,
  CASE WHEN d.restriction_kind = 'contact_limit' THEN 7 END,
  CASE WHEN d.restriction_kind = 'advocate_only' THEN 'Citizens Advice' ELSE '' END,
  '', '', now(), '', b.case_id, d.id, b.person_id, %(officer)s,
  CASE WHEN d.restriction_kind = 'single_point_of_contact' THEN %(officer)s END,
  CASE WHEN d.restriction_kind = 'single_point_of_contact' THEN %(deputy)s END
FROM bench_picked b JOIN decisions_decision d ON d.case_id = b.case_id
WHERE n %% 10 >= 6 AND d.response = 'contact_restriction'
"""


def _user_id(cursor: psycopg.Cursor[Any], username: str) -> int:
    row = cursor.execute("SELECT id FROM access_user WHERE username = %s", [username]).fetchone()
    assert row is not None, f"persona {username} missing: run seed_demo first"
    return int(row[0])


def top_up(connection: psycopg.Connection[Any], *, target: int) -> tuple[int, int]:
    """(measures in force before, measures added)."""
    dbname = connection.info.dbname
    assert "bench" in dbname, f"refusing to write bench data into {dbname}"
    with connection.transaction(), connection.cursor() as cursor:
        row = cursor.execute(ACTIVE).fetchone()
        before = int(row[0]) if row else 0
        needed = max(0, target - before)
        if needed:
            users = {
                "approver": _user_id(cursor, "head_of_service"),
                "officer": _user_id(cursor, "officer"),
                "deputy": _user_id(cursor, "other_officer"),
            }
            cursor.execute(PICK, {"needed": needed})
            for statement in (DECISIONS, FLAGS, RESTRICTIONS):
                cursor.execute(statement, users)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return before, needed


def make_token(connection: psycopg.Connection[Any], *, contractor_id: int | None = None) -> str:
    """A fresh token with alerts:read; the raw value, which the caller revokes after."""
    raw = new_raw_token()
    with connection.transaction():
        connection.execute(
            "INSERT INTO api_apitoken (name, prefix, token_hash, scopes, contractor_id,"
            " created_at) VALUES ('Alert benchmark', %s, %s, 'alerts:read', %s, now())",
            [raw[:12], hash_token(raw), contractor_id],
        )
    return raw


def revoke_token(connection: psycopg.Connection[Any], raw: str) -> None:
    with connection.transaction():
        connection.execute(
            "UPDATE api_apitoken SET revoked_at = now() WHERE token_hash = %s", [hash_token(raw)]
        )
