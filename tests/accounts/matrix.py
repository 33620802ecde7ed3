"""Second-factor pages. ``client.force_login`` passes the second factor for the roles that need it
(tests/conftest.py): those roles have a verified device, the others have none."""

from reussite.accounts.models import NAMED_CHILD_ROLES, Role, User
from tests.factories import MembershipFactory, UserFactory
from tests.matrix import Entry, Seen, only, statuses

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

COORDINATION = only([Role.METROPOLE_COORDINATOR], no=403)
OWN_NETWORK = {"own": COORDINATION, "other_org": COORDINATION, "other_network": only([], no=403)}
MEMBERSHIP = {
    "own": only([Role.METROPOLE_COORDINATOR], yes=302),
    "other_org": only([Role.METROPOLE_COORDINATOR], yes=302),
    "other_network": only([]),
}


def _membership(world, target):
    """A pending invitation of the target's organisation (a new person each time)."""
    organisation = world.sentinels.organisation(target)
    number = User.objects.count()
    user = UserFactory(username=f"invite-{target}-{number}", email=f"invite-{target}-{number}@example.org")
    user.set_unusable_password()
    user.save()
    return MembershipFactory(user=user, organisation=organisation, role=Role.REFERENT)


ENTRIES += [
    Entry("accounts:member_list", {"list": COORDINATION}, content=[Seen("account", OWN_NETWORK)]),
    # The invitation form offers the organisations of the coordinator's network only.
    Entry("accounts:invite", {"list": COORDINATION}, content=[Seen("organisation", OWN_NETWORK)]),
    Entry(
        "accounts:membership_end",
        MEMBERSHIP,
        lambda w, t: {"pk": _membership(w, t).pk},
        method="post",
    ),
    Entry(
        "accounts:invitation_resend",
        MEMBERSHIP,
        lambda w, t: {"pk": _membership(w, t).pk},
        method="post",
    ),
    # Staff only (none of the roles is staff).
    Entry("accounts:network_create", {"list": statuses(403)}),
    # Reachable without signing in: a wrong token shows the French "link no longer valid" page.
    Entry(
        "accounts:invitation",
        {"list": statuses(200)},
        lambda w, t: {"uidb64": "MQ", "token": "abc-def"},
        anonymous=200,
    ),
    Entry("accounts:invitation_done", {"list": statuses(200)}, anonymous=200),
]
