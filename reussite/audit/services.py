from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from .models import AccessLog


def record_access(user, obj, reason: str) -> AccessLog:
    """Log a read of a named record. Call it from every view that shows one."""
    return AccessLog.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        reason=reason,
    )


def record_accesses(user, model, ids: list[int], reason: str) -> None:
    """Log a read of each named record of ``model`` in ``ids`` (a page, an export): one entry each, in
    one statement whatever their number (no AccessLog instance built per entry: an export of a
    programme's hundreds of named children spent more on them than on the rest)."""
    if not ids:
        return
    content_type = ContentType.objects.get_for_model(model)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in ("user_id", "at", "content_type_id", "object_id", "reason"))
    table = quote(AccessLog._meta.db_table)
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one array parameter, one row per id
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT %s, %s, %s, unnest(%s::bigint[]), %s",
                [user.pk, now, content_type.pk, list(ids), reason],
            )
        else:
            at = connection.ops.adapt_datetimefield_value(now)
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608 (quoted model names)
                [(user.pk, at, content_type.pk, pk, reason) for pk in ids],
            )
