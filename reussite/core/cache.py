"""A database cache whose expired entries are deleted at every write.

Django's database cache deletes expired rows only when the table is full; the sign-in lock-out
counters (django-axes) must not outlive their cool-off, so this one purges them at every read and
write (axes reads its counters at each sign-in attempt).
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils import timezone


class ExpiringDatabaseCache(DatabaseCache):
    def get_many(self, keys, version=None):
        self.delete_expired()
        return super().get_many(keys, version)

    def delete_expired(self):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        expires = connection.ops.quote_name("expires")
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE {expires} < %s",  # noqa: S608 - quoted table name, value bound
                [connection.ops.adapt_datetimefield_value(timezone.now())],
            )

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        self.delete_expired()
        return super()._base_set(mode, key, value, timeout)
