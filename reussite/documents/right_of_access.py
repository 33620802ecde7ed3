"""Right of access (GDPR art. 15): everything the platform holds about a child and their household,
gathered across domains (parcours, care, audit) for the programme coordination to hand to the family.

Every part is read through scoping; the child through the disclosure layer (the export is one
access-log entry, « Droit d'accès »).
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from reussite.accounts.disclosure import require_named
from reussite.accounts.scoping import CHANGE, VIEW, get_scope, get_scoped_or_404, scoped
from reussite.audit.models import AccessLog
from reussite.care.models import CareReferral, CareSession
from reussite.parcours.models import (
    Axis,
    Child,
    Consent,
    EpsAgendaItem,
    ParcoursPeriod,
    Referral,
    Review,
)
from reussite.territory.scoping import coordinated_programme_ids

REASON = "Droit d'accès : dossier remis à la famille"


@dataclass
class AccessFile:
    child: Child
    guardians: list
    referrals: list
    consents: list
    periods: list
    axes: list
    reviews: list
    eps_items: list
    care_referrals: list
    care_sessions: list
    accesses: list = field(default_factory=list)


def gather(user, pk) -> AccessFile:
    """The whole file of child ``pk``, for the programme coordination only (404 for anyone else)."""
    child = get_scoped_or_404(user, Child.objects.select_related("programme"), CHANGE, pk=pk)
    if child.programme_id not in coordinated_programme_ids(get_scope(user)):
        raise Http404  # a référent follows the child; the coordination answers the family's request
    child = require_named(
        user,
        Child.objects.select_related("programme__commune", "household__quartier", "school", "referent", "exit_reason"),
        reason=REASON,
        pk=pk,
    ).record
    referrals = (
        scoped(user, Referral, VIEW).filter(child=child).prefetch_related("reasons").select_related("recorded_by")
    )
    care = scoped(user, CareReferral, VIEW).filter(child=child).select_related("psychologist")
    return AccessFile(
        child=child,
        guardians=list(child.household.guardians.all()),
        referrals=list(referrals.order_by("date", "pk")),
        consents=list(scoped(user, Consent, VIEW).filter(child=child).select_related("guardian").order_by("given_on")),
        periods=list(scoped(user, ParcoursPeriod, VIEW).filter(child=child).select_related("exit_reason")),
        axes=list(scoped(user, Axis, VIEW).filter(child=child).prefetch_related("objectives__actions")),
        reviews=list(
            scoped(user, Review, VIEW).filter(child=child).prefetch_related("results__objective").order_by("date")
        ),
        eps_items=list(
            scoped(user, EpsAgendaItem, VIEW).filter(child=child).select_related("meeting").order_by("meeting__date")
        ),
        care_referrals=list(care.order_by("referred_on")),
        care_sessions=list(
            scoped(user, CareSession, VIEW)
            .filter(referral__child=child)
            .select_related("referral__psychologist")
            .order_by("date")
        ),
        accesses=list(
            scoped(user, AccessLog)
            .filter(content_type=ContentType.objects.get_for_model(Child), object_id=child.pk)
            .select_related("user")
            .order_by("at")
        ),
    )
