"""The alert change log read as a feed: in id order, with no gaps and no repeats.

Ids come from a sequence when a row is inserted, but transactions commit in their own order:
on PostgreSQL a row with id 7 can commit while the transaction holding id 6 is still open.
A reader that handed out 7 and moved its cursor past it would never see 6. So the feed hands
out only ids below the oldest uncommitted one: it takes a SHARE lock on the log, which waits
for every transaction that has inserted into it to finish and holds new inserts back while
the page is read (one indexed query, so a writer waits at most that long). If the lock is not
had within a moment (a long transaction is writing), the page is empty and the cursor stays:
the client simply asks again. SQLite lets one writer at a time hold the database from its
first write to its commit, so ids there are already in commit order.
"""

from django.db import OperationalError, connection, transaction
from django.db.models import QuerySet

from alerts.models import AlertChange

LOCK_WAIT = "2s"
MAX_PAGE = 500


def settled_page(changes: QuerySet[AlertChange], *, after: int, limit: int) -> list[AlertChange]:
    """Up to `limit` changes with id above `after`, all committed, none skipped later."""
    limit = max(1, min(limit, MAX_PAGE))
    page = changes.filter(id__gt=after).order_by("id")[:limit]
    if connection.vendor != "postgresql":
        return list(page)
    table = connection.ops.quote_name(AlertChange._meta.db_table)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'")
            cursor.execute(f"LOCK TABLE {table} IN SHARE MODE")
            return list(page)
    except OperationalError:
        # The lock was not had in time: nothing is handed out, so nothing can be skipped.
        return []
