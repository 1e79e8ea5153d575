"""Django's database cache with an atomic incr, so that counters in it (rate limits) count every hit.

Django's DatabaseCache.incr reads the value and writes it back: two workers incrementing at once both
write the same number. Here the read and the write run in one transaction that holds the row: on
PostgreSQL a row lock (SELECT … FOR UPDATE), on SQLite the database's write lock, which every transaction
takes at BEGIN (transaction_mode IMMEDIATE in settings). Redis's INCR is atomic already.
"""

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction


class DatabaseCache(DjangoDatabaseCache):
    def _cull(self, db, cursor, now, num):
        """Only expired entries go. Django's culling also deletes a third of the live ones, and a rate
        limit's counter deleted early starts again at one: filling the table with anything resets every
        limit. The table stays bounded by the entries' lifetimes (a day at most)."""
        connection = connections[db]
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(self._table)} WHERE {connection.ops.quote_name('expires')} < %s",  # noqa: S608
            [connection.ops.adapt_datetimefield_value(now)],
        )

    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        with transaction.atomic(using=db):
            self._lock(db, self.make_and_validate_key(key, version=version))
            return super().incr(key, delta, version=version)

    def _lock(self, db: str, key: str) -> None:
        connection = connections[db]
        if not connection.features.has_select_for_update:
            return  # SQLite: the transaction holds the write lock from its start
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {quote(self._table)} WHERE {quote('cache_key')} = %s FOR UPDATE",  # noqa: S608
                [key],
            )
