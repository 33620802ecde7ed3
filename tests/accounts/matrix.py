"""Second-factor pages. ``client.force_login`` passes the second factor for the roles that need it
(tests/conftest.py): those roles have a verified device, the others have none."""

from reussite.accounts.models import NAMED_CHILD_ROLES
from tests.matrix import Entry, statuses

NAMED = {role.value: 302 for role in NAMED_CHILD_ROLES}
WITH_DEVICE_ONLY = statuses(302, **{role.value: 200 for role in NAMED_CHILD_ROLES})

ENTRIES = [
    Entry("accounts:second_factor", {"list": statuses(200)}),
    # Already verified (named-children roles) or without a device (others, sent to the enrolment).
    Entry("accounts:second_factor_verify", {"list": statuses(302)}),
    Entry("accounts:second_factor_recovery", {"list": statuses(302)}),
    # Voluntary enrolment for the others; those already enrolled change their device by a reset.
    Entry("accounts:second_factor_enrol", {"list": statuses(200, **NAMED)}),
    # Shown once, right after they are created: nothing to show here.
    Entry("accounts:recovery_codes", {"list": statuses(302)}),
    Entry("accounts:recovery_codes_renew", {"list": WITH_DEVICE_ONLY}),
    Entry("accounts:second_factor_reset", {"list": WITH_DEVICE_ONLY}),
]
