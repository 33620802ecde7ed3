"""JSON exchange of a convention: round trip, and bad files refused whole with named fields."""

import json

import pytest

from reussite.accounts.models import Membership, Role
from reussite.funding import demo
from reussite.funding.exchange import (
    export_convention,
    export_queryset,
    import_convention,
)
from reussite.funding.models import Convention

pytestmark = pytest.mark.django_db


def staff_user(role=Role.FINANCE_OFFICER):
    return Membership.objects.filter(role=role, is_active=True, organisation__short_name="Dijon Métropole").first().user


def exported(reference):
    return export_convention(export_queryset().get(reference=reference))


def test_round_trip_of_the_2017_convention(demo_world):
    first = exported(demo.REF_2017)
    # Free the reference in the network (the original keeps its calls for funds).
    Convention.objects.filter(reference=demo.REF_2017).update(reference="ORIGINAL-2017")
    imported = import_convention(staff_user(), json.dumps(first))
    assert imported.reference == demo.REF_2017
    assert exported(demo.REF_2017) == first
