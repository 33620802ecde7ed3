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
    """Log a read of each named record of ``model`` in ``ids`` (a page, an export): one entry each, one
    query."""
    if not ids:
        return
    content_type = ContentType.objects.get_for_model(model)
    if connection.vendor == "postgresql":
        # One row per id from a single array parameter: building an AccessLog instance per read cost
        # more than the rest of an export of a programme's hundreds of named children.
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in ("user_id", "at", "content_type_id", "object_id", "reason"))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(AccessLog._meta.db_table)} ({columns}) "
                "SELECT %s, %s, %s, unnest(%s::bigint[]), %s",
                [user.pk, timezone.now(), content_type.pk, list(ids), reason],
            )
        return
    AccessLog.objects.bulk_create(
        [AccessLog(user=user, content_type=content_type, object_id=pk, reason=reason) for pk in ids]
    )
