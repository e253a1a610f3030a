"""The triggers that keep `alerts_alertline` (the alert look-up's projection) in step with
the live tables, on PostgreSQL.

Why triggers rather than refreshing from the actions: the answer depends on rows written by
the flags, restrictions, decisions and people apps, by the housing-system import, by
administrators renaming a colleague, and by any bulk correction in SQL. A trigger runs in the
writer's own transaction whoever the writer is, so the projection commits (or rolls back)
with the change: a look-up that starts after the commit reads the new rows.

Each trigger recomputes the rows of the people and homes a changed row touches from the live
SQL (`alerts.sql.person_lines`, `home_lines`, without the start-date test, which the look-up
applies). Writers first take one transaction-level advisory lock, so two transactions that
touch the same person (one lifting their household's flag, one moving them into that
household) recompute one after the other, each from what the other committed; without it
each would read the other's old rows and leave a stale line. Changes of measures and of
who lives where are rare, so the queue is short. It assumes READ COMMITTED (Django's
default): each statement inside the trigger sees what was committed before it.

`install(cursor)` (re)creates the functions and triggers; `rebuild(cursor)` refills the
table from scratch (`manage.py rebuild_alerts`).
"""

from typing import Any

from alerts.sql import HOME_HELPERS, LINE_COLUMNS, PERSON_SUBJECT, home_lines, person_lines

LOCK_KEY = 7_241_102  # alerts.changes uses 7_241_101

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION alerts_refresh_person(person bigint) RETURNS void
LANGUAGE plpgsql AS $body$
BEGIN
  IF person IS NULL THEN RETURN; END IF;
  DELETE FROM alerts_alertline WHERE subject = 'person' AND subject_id = person;
  INSERT INTO alerts_alertline (subject, subject_id, {LINE_COLUMNS})
  WITH subject AS ({PERSON_SUBJECT} WHERE p.id = person)
  SELECT 'person', person, lines.* FROM (
{person_lines("")}
  ) AS lines
  WHERE EXISTS (SELECT 1 FROM subject);
END
$body$;

CREATE OR REPLACE FUNCTION alerts_refresh_home(home bigint) RETURNS void
LANGUAGE plpgsql AS $body$
BEGIN
  IF home IS NULL THEN RETURN; END IF;
  DELETE FROM alerts_alertline WHERE subject = 'home' AND subject_id = home;
  INSERT INTO alerts_alertline (subject, subject_id, {LINE_COLUMNS})
  WITH subject AS (SELECT p.id FROM people_property p WHERE p.id = home),
  {HOME_HELPERS}
  SELECT 'home', home, lines.* FROM (
{home_lines("")}
  ) AS lines;
END
$body$;

-- A person's lines and their home's (a home lists its residents' flags and restrictions).
CREATE OR REPLACE FUNCTION alerts_refresh_person_and_home(person bigint) RETURNS void
LANGUAGE plpgsql AS $body$
BEGIN
  PERFORM alerts_refresh_person(person);
  PERFORM alerts_refresh_home((SELECT h.property_id FROM people_person p
    JOIN people_household h ON h.id = p.household_id WHERE p.id = person));
END
$body$;

-- Everyone in a household (their household's flags) and the household's home.
CREATE OR REPLACE FUNCTION alerts_refresh_household(household bigint) RETURNS void
LANGUAGE plpgsql AS $body$
BEGIN
  IF household IS NULL THEN RETURN; END IF;
  PERFORM alerts_refresh_person(p.id) FROM people_person p WHERE p.household_id = household;
  PERFORM alerts_refresh_home((SELECT property_id FROM people_household WHERE id = household));
END
$body$;

-- A home and everyone living there (their home's flags).
CREATE OR REPLACE FUNCTION alerts_refresh_home_and_residents(home bigint) RETURNS void
LANGUAGE plpgsql AS $body$
BEGIN
  IF home IS NULL THEN RETURN; END IF;
  PERFORM alerts_refresh_home(home);
  PERFORM alerts_refresh_person(p.id) FROM people_person p
    JOIN people_household h ON h.id = p.household_id WHERE h.property_id = home;
END
$body$;

CREATE OR REPLACE FUNCTION alerts_lock() RETURNS void LANGUAGE sql AS $body$
  SELECT pg_advisory_xact_lock({LOCK_KEY});
$body$;

CREATE OR REPLACE FUNCTION alerts_refresh_flag_subjects(
  person bigint, household bigint, home bigint) RETURNS void
LANGUAGE plpgsql AS $body$
BEGIN
  PERFORM alerts_refresh_person_and_home(person);
  PERFORM alerts_refresh_household(household);
  PERFORM alerts_refresh_home_and_residents(home);
END
$body$;

CREATE OR REPLACE FUNCTION alerts_flag_changed() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
  PERFORM alerts_lock();
  IF TG_OP <> 'INSERT' THEN
    PERFORM alerts_refresh_flag_subjects(OLD.person_id, OLD.household_id, OLD.home_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM alerts_refresh_flag_subjects(NEW.person_id, NEW.household_id, NEW.home_id);
  END IF;
  RETURN NULL;
END
$body$;

CREATE OR REPLACE FUNCTION alerts_restriction_changed() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
  PERFORM alerts_lock();
  IF TG_OP <> 'INSERT' THEN PERFORM alerts_refresh_person_and_home(OLD.person_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM alerts_refresh_person_and_home(NEW.person_id); END IF;
  RETURN NULL;
END
$body$;

CREATE OR REPLACE FUNCTION alerts_decision_changed() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
  PERFORM alerts_lock();
  PERFORM alerts_refresh_flag_subjects(f.person_id, f.household_id, f.home_id)
    FROM flags_warningflag f WHERE f.decision_id = NEW.id;
  PERFORM alerts_refresh_person_and_home(r.person_id)
    FROM restrictions_contactrestriction r WHERE r.decision_id = NEW.id;
  RETURN NULL;
END
$body$;

-- A home lists its residents' own measures (by name): only then does a person's change touch
-- it. A new person has no measures yet; their household's and home's flags still reach them.
CREATE OR REPLACE FUNCTION alerts_person_changed() RETURNS trigger
LANGUAGE plpgsql AS $body$
DECLARE
  person bigint := COALESCE(NEW.id, OLD.id);
BEGIN
  PERFORM alerts_lock();
  IF TG_OP = 'DELETE' THEN
    DELETE FROM alerts_alertline WHERE subject = 'person' AND subject_id = OLD.id;
  ELSIF TG_OP = 'INSERT' OR OLD.household_id IS DISTINCT FROM NEW.household_id THEN
    PERFORM alerts_refresh_person(NEW.id);
  END IF;
  IF TG_OP <> 'INSERT' AND (
    EXISTS (SELECT 1 FROM flags_warningflag WHERE person_id = person)
    OR EXISTS (SELECT 1 FROM restrictions_contactrestriction WHERE person_id = person)) THEN
    PERFORM alerts_refresh_home(h.property_id) FROM people_household h
      WHERE h.id IN (OLD.household_id, NEW.household_id);
  END IF;
  RETURN NULL;
END
$body$;

-- A household's home changes what its members' homes show; its name only shows on its home
-- beside its own flags.
CREATE OR REPLACE FUNCTION alerts_household_changed() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
  PERFORM alerts_lock();
  IF TG_OP = 'UPDATE' AND OLD.property_id IS DISTINCT FROM NEW.property_id THEN
    PERFORM alerts_refresh_household(NEW.id);
  ELSIF TG_OP = 'UPDATE' THEN
    IF EXISTS (SELECT 1 FROM flags_warningflag WHERE household_id = NEW.id) THEN
      PERFORM alerts_refresh_home(NEW.property_id);
    END IF;
    RETURN NULL;
  END IF;
  PERFORM alerts_refresh_home(OLD.property_id);
  RETURN NULL;
END
$body$;

CREATE OR REPLACE FUNCTION alerts_property_deleted() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
  PERFORM alerts_lock();
  DELETE FROM alerts_alertline WHERE subject = 'home' AND subject_id = OLD.id;
  RETURN NULL;
END
$body$;

-- A single point of contact's or deputy's name is in the instruction text.
CREATE OR REPLACE FUNCTION alerts_user_renamed() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
  PERFORM alerts_lock();
  PERFORM alerts_refresh_person_and_home(r.person_id)
    FROM restrictions_contactrestriction r
    WHERE r.single_point_of_contact_id = NEW.id OR r.deputy_id = NEW.id;
  RETURN NULL;
END
$body$;
"""  # noqa: S608 (built from constants only; the values are the trigger's rows)

# (trigger, table, when it fires, function). Updates fire only when a column the answer
# reads changes, so the housing-system import's routine updates cost nothing here.
TRIGGERS = [
    ("alerts_flag", "flags_warningflag", "INSERT OR UPDATE OR DELETE", "alerts_flag_changed"),
    (
        "alerts_restriction",
        "restrictions_contactrestriction",
        "INSERT OR UPDATE OR DELETE",
        "alerts_restriction_changed",
    ),
    (
        "alerts_decision",
        "decisions_decision",
        "UPDATE OF response, status, starts_on, review_on",
        "alerts_decision_changed",
    ),
    ("alerts_person_added", "people_person", "INSERT OR DELETE", "alerts_person_changed"),
    (
        "alerts_person_moved",
        "people_person",
        "UPDATE OF household_id, first_name, last_name",
        "alerts_person_changed",
    ),
    # A new household has no members and no flags yet: nothing to do until they arrive.
    ("alerts_household_gone", "people_household", "DELETE", "alerts_household_changed"),
    (
        "alerts_household_moved",
        "people_household",
        "UPDATE OF property_id, name",
        "alerts_household_changed",
    ),
    ("alerts_property_deleted", "people_property", "DELETE", "alerts_property_deleted"),
    (
        "alerts_user_renamed",
        "access_user",
        "UPDATE OF first_name, last_name, username",
        "alerts_user_renamed",
    ),
]

# A row rewritten with the same values changes nothing in the answer.
CHANGED = {
    "alerts_decision": "(OLD.response, OLD.status, OLD.starts_on, OLD.review_on) IS DISTINCT "
    "FROM (NEW.response, NEW.status, NEW.starts_on, NEW.review_on)",
    "alerts_person_moved": "(OLD.household_id, OLD.first_name, OLD.last_name) IS DISTINCT FROM "
    "(NEW.household_id, NEW.first_name, NEW.last_name)",
    "alerts_household_moved": "(OLD.property_id, OLD.name) IS DISTINCT FROM "
    "(NEW.property_id, NEW.name)",
    "alerts_user_renamed": "(OLD.first_name, OLD.last_name, OLD.username) IS DISTINCT FROM "
    "(NEW.first_name, NEW.last_name, NEW.username)",
}

# Only people and homes that some flag or restriction reaches can have lines.
REBUILD = """
TRUNCATE alerts_alertline;
SELECT alerts_refresh_person(id) FROM (
  SELECT person_id AS id FROM flags_warningflag
  UNION SELECT person_id FROM restrictions_contactrestriction
  UNION SELECT p.id FROM people_person p JOIN flags_warningflag f ON f.household_id = p.household_id
  UNION SELECT p.id FROM people_person p JOIN people_household h ON h.id = p.household_id
    JOIN flags_warningflag f ON f.home_id = h.property_id
) AS reached WHERE id IS NOT NULL;
SELECT alerts_refresh_home(id) FROM (
  SELECT home_id AS id FROM flags_warningflag
  UNION SELECT h.property_id FROM people_household h JOIN flags_warningflag f
    ON f.household_id = h.id
  UNION SELECT h.property_id FROM people_household h JOIN people_person p ON p.household_id = h.id
    WHERE p.id IN (SELECT person_id FROM flags_warningflag
                   UNION SELECT person_id FROM restrictions_contactrestriction)
) AS reached WHERE id IS NOT NULL;
"""


def trigger_sql(name: str, table: str, events: str, function: str) -> str:
    when = f" WHEN ({CHANGED[name]})" if name in CHANGED else ""
    return (
        f"DROP TRIGGER IF EXISTS {name} ON {table};\n"
        f"CREATE TRIGGER {name} AFTER {events} ON {table} FOR EACH ROW{when} "
        f"EXECUTE FUNCTION {function}();"
    )


def install(cursor: Any) -> None:
    cursor.execute(FUNCTIONS)
    for trigger in TRIGGERS:
        cursor.execute(trigger_sql(*trigger))


def uninstall(cursor: Any) -> None:
    for name, table, _, _ in TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")


def rebuild(cursor: Any) -> None:
    """Refill the projection from the live tables (after installing, or to prove a point)."""
    cursor.execute(f"SELECT pg_advisory_xact_lock({LOCK_KEY})")
    cursor.execute(REBUILD)
