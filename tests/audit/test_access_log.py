"""The access log keeps who read what, even without foreign-key constraints in the database."""

import pytest
from django.db.models import ProtectedError

from reussite.audit.models import AccessLog
from reussite.audit.services import record_accesses
from reussite.territory.models import Programme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_reader_with_entries_in_the_access_log_cannot_be_deleted(world):
    reader = UserFactory()  # nothing else refers to them: only the access log protects them
    record_accesses(reader, Programme, [world.programme.pk], "Consultation")
    with pytest.raises(ProtectedError):
        reader.delete()
    assert AccessLog.objects.filter(user=reader, object_id=world.programme.pk).count() == 1
