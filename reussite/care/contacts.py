"""Care's dated contacts in a child's file, for parcours' retention: a child who still sees a
psychologist is in contact, and their file is not anonymised (``parcours.retention.contact_source``)."""

from reussite.parcours.retention import contact_source

from .models import CareReferral, CareSession


@contact_source
def care_referrals(today):
    return CareReferral.objects.filter(referred_on__lte=today), "child_id", "referred_on"


@contact_source
def care_sessions(today):
    return CareSession.objects.filter(date__lte=today), "referral__child_id", "date"
