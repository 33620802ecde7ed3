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
