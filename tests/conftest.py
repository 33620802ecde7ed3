import os
import shutil

import hypothesis
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from reussite.accounts.models import Membership, Role
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.sentinels import Sentinels

# Properties are checked here, not speed (speed targets live in the benchmark): on a loaded CI
# machine, Hypothesis's deadline and "too slow" health check would fail a correct property.
hypothesis.settings.register_profile("reussite", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow])
hypothesis.settings.load_profile("reussite")

# CI sets REUSSITE_STRICT=1: what would be skipped locally (no browser, no PostgreSQL) fails instead.
STRICT = os.environ.get("REUSSITE_STRICT") == "1"
CHROMIUM = os.environ.get("REUSSITE_CHROMIUM", "/usr/bin/chromium")


def skip_or_fail(reason):
    if STRICT:
        pytest.fail(f"{reason} (REUSSITE_STRICT=1: this may not be skipped)")
    pytest.skip(reason)


def pytest_runtest_setup(item):
    """Skip (or fail, in strict mode) before any fixture runs: a skipped transactional test must
    not flush the database under the next one."""
    if item.get_closest_marker("browser") and not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)):
        skip_or_fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    if item.get_closest_marker("postgres") and not _runs_on_postgres():
        if os.environ.get("REUSSITE_EXPECT_POSTGRES") == "1":
            pytest.fail("REUSSITE_EXPECT_POSTGRES=1 but the suite does not run on PostgreSQL")
        pytest.skip("runs in the PostgreSQL pass (DATABASE_URL=postgres://...)")


def _runs_on_postgres() -> bool:
    return connection.vendor == "postgresql"


def pytest_sessionstart(session):
    if os.environ.get("REUSSITE_EXPECT_POSTGRES") == "1" and not os.environ.get("DATABASE_URL", "").startswith(
        "postgres"
    ):
        raise pytest.UsageError("REUSSITE_EXPECT_POSTGRES=1 needs DATABASE_URL=postgres://...")


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """A transactional test flushes the tables and post_migrate recreates the content types with new
    ids; the cache would still hand out the old ones (e.g. to the change history)."""
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.REUSSITE_PRIVATE_MEDIA_ROOT = tmp_path / "private"  # uploads never land in the worktree
    settings.REUSSITE_ALLOW_DEMO_USERS = True
    settings.AXES_ENABLED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DOCUMENT_PRERENDER = "off"  # no background rendering threads in tests (tests/funding_exchange)


def pass_second_factor(client, user):
    """Make ``client``'s session verified, as after the code of an authenticator app, when ``user``
    must pass a second factor (the device is created if the user has none)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reussite.accounts.second_factor import requires_second_factor

    if not requires_second_factor(type(user).objects.get(pk=user.pk)):  # a fresh copy: no cached scope
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="tests", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """``client.force_login(user)`` stands for a complete sign-in: password and, when the user's
    roles require it, second factor. The middleware stays on everywhere; tests of the second factor
    itself sign in without it (tests/accounts/test_second_factor.py)."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        pass_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def demo_world(db):
    """The demo network of the seed documents, as `manage.py load_demo` loads it."""
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


class World:
    """Two networks: 'own' with a métropole and two programmes, and an 'other' one.

    Users are created per role in the own network; objects are reachable as attributes;
    ``world.sentinels`` holds recognisable objects of each target for the permission matrix.
    """

    def __init__(self):
        self.network = NetworkFactory(name="Réseau A")
        self.metropole = OrganisationFactory(network=self.network, kind="metropole", short_name="Métropole A")
        self.carrier = OrganisationFactory(network=self.network, kind="ccas", short_name="CCAS A1")
        self.carrier2 = OrganisationFactory(network=self.network, kind="ccas", short_name="CCAS A2")
        self.provider = OrganisationFactory(network=self.network, kind="provider", short_name="Cabinet A")
        # Commune names are sentinels of the permission matrix (tests/sentinels.py).
        self.programme = ProgrammeFactory(
            network=self.network, carrier=self.carrier, commune=CommuneFactory(network=self.network, name="Azay")
        )
        self.programme2 = ProgrammeFactory(
            network=self.network, carrier=self.carrier2, commune=CommuneFactory(network=self.network, name="Brissac")
        )
        self.other_network = NetworkFactory(name="Réseau B")
        self.other_metropole = OrganisationFactory(
            network=self.other_network, kind="metropole", short_name="Métropole B"
        )
        self.other_carrier = OrganisationFactory(network=self.other_network, kind="ccas", short_name="CCAS B1")
        self.other_programme = ProgrammeFactory(
            network=self.other_network,
            carrier=self.other_carrier,
            commune=CommuneFactory(network=self.other_network, name="Cholet"),
        )
        role_org = {
            Role.METROPOLE_COORDINATOR: self.metropole,
            Role.PROGRAMME_COORDINATOR: self.carrier,
            Role.REFERENT: self.carrier,
            Role.PSYCHOLOGIST: self.provider,
            Role.FINANCE_OFFICER: self.metropole,
            Role.BOARD_SECRETARY: self.carrier,
            Role.READER: self.metropole,
        }
        self.users = {}
        for role, organisation in role_org.items():
            user = UserFactory(username=f"user-{role}")
            MembershipFactory(user=user, organisation=organisation, role=role)
            self.users[role] = user
        self.outsider = UserFactory(username="no-membership")
        # Recognisable objects of each target, built on first use (tests/sentinels.py).
        self.sentinels = Sentinels(self)

    def user(self, role) -> object:
        return self.users[role]

    @property
    def memberships(self):
        return Membership.objects.all()


@pytest.fixture
def world(db):
    return World()
