"""One demo account per role. These accounts and the provider below are demo data, not from the seeds.

Demo accounts can sign in only while demo sign-in is allowed (DEBUG on by default).
"""

from reussite.territory.models import Network, Organisation

from .models import Membership, Role, User

DEMO_PASSWORD = "demo-reussite"  # noqa: S105 - documented in the README, refused when DEBUG is off

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
