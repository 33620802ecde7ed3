"""One demo account per role. These accounts and the provider below are demo data, not from the seeds.

Demo accounts can sign in only while demo sign-in is allowed (DEBUG on by default). Those whose
role sees named children come with an enrolled second factor whose secret is public (README), so a
visitor can try the real verification; their verification page also shows the current code while
demo sign-in is allowed.
"""

from base64 import b32decode

from django_otp.plugins.otp_totp.models import TOTPDevice

from reussite.territory.models import Network, Organisation

from .models import Membership, Role, User
from .second_factor import AUTHENTICATOR_NAME, requires_second_factor

DEMO_PASSWORD = "demo-reussite"  # noqa: S105 - documented in the README, refused when DEBUG is off
# Base32, as typed into an authenticator app; documented in the README, useless when demo sign-in is off.
DEMO_TOTP_SECRET = "DEMOREUSSITEDEMOREUSSITEDEMO2345"  # noqa: S105

# username, first name, last name, organisation short name, role
DEMO_USERS = [
    ("coordination.metropole", "Camille", "Démo", "Dijon Métropole", Role.METROPOLE_COORDINATOR),
    ("coordination.dijon", "Dominique", "Démo", "CCAS de Dijon", Role.PROGRAMME_COORDINATOR),
    ("referent.dijon", "Alex", "Démo", "CCAS de Dijon", Role.REFERENT),
    ("psychologue", "Sacha", "Démo", "Cabinet de psychologie (démo)", Role.PSYCHOLOGIST),
    ("finances.metropole", "Claude", "Démo", "Dijon Métropole", Role.FINANCE_OFFICER),
    ("secretariat.ccas-dijon", "Morgan", "Démo", "CCAS de Dijon", Role.BOARD_SECRETARY),
    ("elu.metropole", "Lou", "Démo", "Dijon Métropole", Role.READER),
]


def load():
    network = Network.objects.get(name="Réseau PRE de Dijon Métropole")
    Organisation.objects.update_or_create(
        short_name="Cabinet de psychologie (démo)",
        defaults={
            "network": network,
            "kind": Organisation.Kind.PROVIDER,
            "name": "Cabinet de psychologie (donnée de démonstration)",
            "is_demo": True,
        },
    )
    for username, first_name, last_name, org_short_name, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "is_demo": True},
        )
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user, organisation=Organisation.objects.get(short_name=org_short_name), role=role
        )


def finish():
    """After every app's demo: each demo account that must pass a second factor (the ones above and
    those other apps created) gets the public demo secret."""
    for user in User.objects.filter(is_demo=True).order_by("pk"):
        if requires_second_factor(user):
            give_demo_second_factor(user)


def give_demo_second_factor(user) -> TOTPDevice:
    """Enrol a demo account with the public demo secret (idempotent; for other apps' demo accounts too)."""
    if not user.is_demo:
        raise ValueError("The public demo secret is for demo accounts only.")
    key = b32decode(DEMO_TOTP_SECRET).hex()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        TOTPDevice.objects.filter(user=user).delete()
        return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, key=key, confirmed=True)
    if device.key != key:
        device.key = key
        device.save(update_fields=["key"])
    return device
