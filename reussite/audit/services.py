from django.contrib.contenttypes.models import ContentType

from .models import AccessLog


def record_access(user, obj, reason: str) -> AccessLog:
    """Log a read of a named record. Call it from every view that shows one."""
    return AccessLog.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        reason=reason,
    )


def record_accesses(user, objects, reason: str) -> None:
    """Log a read of each named record in ``objects`` (a page, an export): one entry each, one query."""
    objects = list(objects)
    if not objects:
        return
    content_type = ContentType.objects.get_for_model(type(objects[0]))
    AccessLog.objects.bulk_create(
        [AccessLog(user=user, content_type=content_type, object_id=obj.pk, reason=reason) for obj in objects]
    )
