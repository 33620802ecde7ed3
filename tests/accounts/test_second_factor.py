"""Second factor: who is asked, verification, recovery codes, enrolment, throttling, demo, tokens.

These tests sign in with the password form (or ``unverified_login``): ``client.force_login`` would
pass the second factor for them (tests/conftest.py).
"""

import datetime
import re
from base64 import b32decode
from urllib.parse import quote, unquote

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.urls import resolve, reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.views import APIView

from reussite.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from reussite.accounts.models import NAMED_CHILD_ROLES, Role, User
from reussite.accounts.second_factor import current_code
from reussite.audit.models import SignInEvent
from tests.factories import MembershipFactory, UserFactory
from tests.matrix import entries_by_app

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"
VERIFY = reverse("accounts:second_factor_verify")
ENROL = reverse("accounts:second_factor_enrol")
RECOVERY = reverse("accounts:second_factor_recovery")
NAMED_ROLES = sorted(role.value for role in NAMED_CHILD_ROLES)
OTHER_ROLES = sorted(role.value for role in Role if role not in NAMED_CHILD_ROLES)


def sign_in(client, username, password=PASSWORD):
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    assert client.session.get(SESSION_KEY), "the password was refused"
    return response


def unverified_login(client, user):
    client.force_login(user)
    session = client.session
    session.pop(DEVICE_ID_SESSION_KEY, None)
    session.save()


def enrolled(user, **fields) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True, **fields)


def recovery_codes_for(user, *codes) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="codes", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return device


def events(user):
    return list(SignInEvent.objects.filter(user=user).order_by("at", "pk").values_list("kind", flat=True))


def page_text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- who is asked, and what an unverified session reaches ------------------------------------------


def _every_url(world):
    """(url name, url, method) of every view of the matrix, with the kwargs of its first target."""
    for entry in entries_by_app():
        target = next(iter(entry.expect))
        yield entry.url_name, reverse(entry.url_name, kwargs=entry.kwargs(world, target)), entry.method


OPEN = {
    "accounts:logout",
    "accounts:second_factor_verify",
    "accounts:second_factor_recovery",
    "accounts:second_factor_enrol",
    "api:schema",
    "api:docs",
}


@pytest.mark.parametrize("role", NAMED_ROLES)
def test_roles_seeing_named_children_are_stopped_before_every_page(client, world, role):
    user = world.user(role)
    enrolled(user)
    sign_in(client, user.username)
    checked = 0
    for name, url, method in _every_url(world):
        if name in OPEN:
            continue
        response = getattr(client, method)(url)
        if issubclass(getattr(resolve(url).func, "cls", type), APIView):
            assert response.status_code == 403, name
            assert response.json() == {
                "detail": "Second facteur requis : validez votre connexion dans l'application web."
            }, name
        else:
            assert response.status_code == 302, name
            assert response.url == f"{VERIFY}?next={_quoted(url)}", name
        checked += 1
    assert checked > 30  # the walk really went through the application's views
    assert client.get(reverse("home")).status_code == 302
    assert client.get(reverse("accounts:login")).url.startswith(VERIFY)


def _quoted(url):
    return quote(url, safe="")


def test_without_a_device_they_are_sent_to_the_enrolment(client, world):
    sign_in(client, world.user(Role.REFERENT).username)
    response = client.get(reverse("territory:youth_counts"))
    assert response.url == f"{ENROL}?next=%2Fterritoires%2Feffectifs%2F"
    # The verification page itself sends them there too.
    assert client.get(VERIFY).url.startswith(ENROL)


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_are_not_asked(client, world, role):
    sign_in(client, world.user(role).username)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Bonjour" in page_text(response)
    assert not TOTPDevice.objects.filter(user=world.user(role)).exists()


def test_staff_are_asked_even_without_a_role(client):
    UserFactory(username="admin", is_staff=True)
    sign_in(client, "admin")
    assert client.get("/admin/").url.startswith(ENROL)
    assert client.get(reverse("home")).url.startswith(ENROL)


def test_a_role_granted_during_the_session_is_asked_at_the_next_page(client, world):
    user = world.user(Role.FINANCE_OFFICER)
    sign_in(client, user.username)
    assert client.get(reverse("home")).status_code == 200
    MembershipFactory(user=user, organisation=world.carrier, role=Role.REFERENT)
    assert client.get(reverse("home")).url.startswith(ENROL)


def test_an_unverified_session_shows_no_navigation(client, world):
    user = world.user(Role.PROGRAMME_COORDINATOR)
    enrolled(user)
    sign_in(client, user.username)
    text = page_text(client.get(VERIFY))
    assert "Navigation principale" not in text
    assert "Se déconnecter" in text


def test_htmx_requests_get_a_full_page_redirect(client, world):
    user = world.user(Role.PROGRAMME_COORDINATOR)
    enrolled(user)
    sign_in(client, user.username)
    response = client.get(reverse("territory:youth_counts"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith(VERIFY)


# --- verification ----------------------------------------------------------------------------------


def test_password_then_code_then_the_page_asked_for(client, world):
    user = world.user(Role.PROGRAMME_COORDINATOR)
    device = enrolled(user)
    response = sign_in(client, user.username)
    # The sign-in goes to the home page, which asks for the code first.
    response = client.get(response.url)
    assert response.url == f"{VERIFY}?next=%2F"
    page = client.get(response.url)
    text = page_text(page)
    assert '<label for="id_code">Code de vérification</label>' in text
    assert 'autocomplete="one-time-code"' in text and 'inputmode="numeric"' in text
    assert '<input type="hidden" name="next" value="/">' in text
    response = client.post(VERIFY, {"code": current_code(device), "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200
    assert client.get(reverse("territory:youth_counts")).status_code == 200
    assert events(user) == ["login", "otp"]


def test_a_wrong_code_is_refused_in_french_naming_the_field(client, world):
    user = world.user(Role.PSYCHOLOGIST)
    device = enrolled(user)
    sign_in(client, user.username)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    text = page_text(response)
    assert 'role="alert"' in text
    assert "Code de vérification : ce code n&#x27;est pas valide ou a déjà servi." in text
    assert 'aria-invalid="true"' in text and 'aria-describedby="id_code_help id_code_error"' in text
    assert client.get(reverse("home")).status_code == 302  # still not verified
    assert events(user) == ["login", "otp_failed"]
    # The journal keeps who and what happened, nothing typed.
    assert {f.name for f in SignInEvent._meta.concrete_fields} == {"id", "user", "kind", "at"}


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Code de vérification : ce champ est obligatoire."),
        ("12345", "Code de vérification : saisissez les 6 chiffres affichés par votre application."),
        ("abcdef", "Code de vérification : saisissez les 6 chiffres affichés par votre application."),
    ],
)
def test_malformed_codes_are_refused_without_counting_as_attempts(client, world, code, message):
    user = world.user(Role.REFERENT)
    device = enrolled(user)
    sign_in(client, user.username)
    assert message in page_text(client.post(VERIFY, {"code": code}))
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_code_is_accepted_once(client, world):
    user = world.user(Role.REFERENT)
    device = enrolled(user)
    code = current_code(device)
    sign_in(client, user.username)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    sign_in(client, user.username)
    response = client.post(VERIFY, {"code": code})
    assert "ce code n&#x27;est pas valide ou a déjà servi" in page_text(response)


def test_the_next_page_must_be_on_this_site(client, world):
    user = world.user(Role.REFERENT)
    device = enrolled(user)
    sign_in(client, user.username)
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://example.org/"})
    assert response.url == reverse("home")


def test_throttling_refuses_even_the_right_code_until_the_wait_is_over(client, world):
    user = world.user(Role.PROGRAMME_COORDINATOR)
    device = enrolled(user)
    sign_in(client, user.username)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    client.post(VERIFY, {"code": wrong})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Five failures in a row: the next attempt must wait 16 s.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )
    response = client.post(VERIFY, {"code": current_code(device)})
    text = page_text(response)
    assert re.search(r"Code de vérification : trop d&#x27;essais infructueux\. Réessayez dans 1[0-7] secondes\.", text)
    assert client.get(reverse("home")).status_code == 302
    # Once the wait is over, the right code passes and the count starts again.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=17)
    )
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    assert events(user) == ["login", "otp_failed", "otp_failed", "otp"]


# --- recovery codes --------------------------------------------------------------------------------


def test_a_recovery_code_works_once(client, world):
    user = world.user(Role.REFERENT)
    enrolled(user)
    recovery_codes_for(user, "abcd2345", "efgh6723")
    sign_in(client, user.username)
    page = page_text(client.get(RECOVERY))
    assert '<label for="id_code">Code de secours</label>' in page
    response = client.post(RECOVERY, {"code": "ABCD-2345"}, follow=True)  # typed in capitals, with a dash
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Code de secours accepté : il ne servira plus. Il vous en reste 1." in page_text(response)
    client.post(reverse("accounts:logout"))
    sign_in(client, user.username)
    response = client.post(RECOVERY, {"code": "abcd2345"})
    assert "Code de secours : ce code n&#x27;est pas valide ou a déjà servi." in page_text(response)
    assert client.get(reverse("home")).status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 1


def test_a_recovery_code_is_checked_for_its_form(client, world):
    user = world.user(Role.REFERENT)
    enrolled(user)
    sign_in(client, user.username)
    response = client.post(RECOVERY, {"code": "123"})
    assert "Code de secours : saisissez l&#x27;un de vos codes de secours (8 lettres et chiffres)." in page_text(
        response
    )


# --- enrolment -------------------------------------------------------------------------------------


def test_enrolment_qr_code_secret_first_code_then_ten_recovery_codes_shown_once(client, world):
    user = world.user(Role.PROGRAMME_COORDINATOR)
    sign_in(client, user.username)
    page = client.get(f"{ENROL}?next=/territoires/effectifs/")
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    text = page_text(page)
    pending = TOTPDevice.objects.get(user=user, confirmed=False)
    assert (
        '<svg role="img" class="qr-code"' in text and "<title>Code QR à scanner avec votre application</title>" in text
    )
    secret = re.search(r'<p class="otp-secret" id="secret"><code>([A-Z2-7 ]+)</code>', text).group(1)
    assert b32decode(secret.replace(" ", "")).hex() == pending.key
    # Reloading keeps the same key (the QR code already scanned stays valid).
    client.get(ENROL)
    assert TOTPDevice.objects.get(user=user, confirmed=False).pk == pending.pk

    wrong = f"{(int(current_code(pending)) + 1) % 1_000_000:06d}"
    assert "Code de vérification : ce code n&#x27;est pas valide" in page_text(client.post(ENROL, {"code": wrong}))
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    # A failure makes the next attempt wait a second (throttling): let it pass.
    TOTPDevice.objects.filter(pk=pending.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=2)
    )

    key = b32decode(secret.replace(" ", ""))
    code = f"{totp(key):06d}"  # what any authenticator app computes from the secret
    response = client.post(ENROL, {"code": code, "next": "/territoires/effectifs/"})
    assert response.url == reverse("accounts:recovery_codes") + "?next=%2Fterritoires%2Feffectifs%2F"
    codes_page = client.get(response.url)
    text = page_text(codes_page)
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", text)
    assert len(codes) == len(set(codes)) == 10
    assert sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == sorted(codes)
    download = unquote(re.search(r'href="data:text/plain;charset=utf-8,([^"]+)" download=', text).group(1))
    assert all(code in download for code in codes)
    assert '<a href="/territoires/effectifs/">J\'ai conservé mes codes, continuer</a>' in text
    # Shown once.
    again = client.get(reverse("accounts:recovery_codes"), follow=True)
    assert not set(re.findall(r"[a-z2-7]{8}", page_text(again))) & set(codes)
    assert "ne sont affichés qu&#x27;une fois" in page_text(again)
    # The session is verified, the device confirmed.
    assert client.get("/territoires/effectifs/").status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed
    assert events(user) == ["login", "otp_failed", "otp_enrol"]


def test_an_unverified_session_cannot_enrol_another_device(client, world):
    """With the password alone, nobody may replace the device already registered."""
    user = world.user(Role.PROGRAMME_COORDINATOR)
    device = enrolled(user)
    sign_in(client, user.username)
    response = client.get(ENROL)
    assert response.url.startswith(VERIFY)
    client.post(ENROL, {"code": "123456"})
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def test_voluntary_enrolment_makes_later_sign_ins_ask(client, world):
    user = world.user(Role.FINANCE_OFFICER)
    sign_in(client, user.username)
    overview = page_text(client.get(reverse("accounts:second_factor")))
    assert "Il est facultatif pour votre compte" in overview
    client.get(ENROL)
    pending = TOTPDevice.objects.get(user=user)
    client.post(ENROL, {"code": current_code(pending)})
    client.post(reverse("accounts:logout"))
    sign_in(client, user.username)
    assert client.get(reverse("home")).url.startswith(VERIFY)


# --- renewing the codes and resetting the device ---------------------------------------------------


def test_renewing_recovery_codes_needs_a_code_and_retires_the_old_ones(client, world):
    user = world.user(Role.REFERENT)
    device = enrolled(user)
    recovery_codes_for(user, "abcd2345")
    client.force_login(user)  # verified
    url = reverse("accounts:recovery_codes_renew")
    response = client.post(url, {"code": "zzzz2345"})
    assert "Code de l&#x27;application ou code de secours : ce code n&#x27;est pas valide" in page_text(response)
    assert StaticToken.objects.filter(token="abcd2345").exists()
    response = client.post(url, {"code": current_code(device)})
    assert response.url == reverse("accounts:recovery_codes")
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page_text(client.get(response.url)))
    assert len(codes) == 10
    assert not StaticToken.objects.filter(token="abcd2345").exists()
    assert events(user)[-2:] == ["otp", "otp_codes"]


def test_reset_needs_a_code_then_asks_for_a_new_enrolment(client, world):
    user = world.user(Role.PSYCHOLOGIST)
    enrolled(user)
    recovery_codes_for(user, "abcd2345")
    client.force_login(user)
    url = reverse("accounts:second_factor_reset")
    assert "Réinitialiser le second facteur" in page_text(client.get(url))
    response = client.post(url, {"code": "abcd2345"})  # a recovery code will do: the phone may be lost
    assert response.url == ENROL
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert client.get(reverse("home")).url.startswith(ENROL)
    assert events(user)[-2:] == ["otp", "otp_reset"]


def test_reset_with_a_wrong_code_changes_nothing(client, world):
    user = world.user(Role.PSYCHOLOGIST)
    device = enrolled(user)
    client.force_login(user)
    response = client.post(reverse("accounts:second_factor_reset"), {"code": ""})
    assert "Code de l&#x27;application ou code de secours : ce champ est obligatoire." in page_text(response)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:second_factor_reset"), {"code": wrong})
    assert "ce code n&#x27;est pas valide" in page_text(response)
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    assert client.get(reverse("home")).status_code == 200


# --- demo accounts ---------------------------------------------------------------------------------


def test_demo_accounts_with_named_children_have_the_documented_secret(client, demo_world):
    key = b32decode(DEMO_TOTP_SECRET).hex()
    with_device = set(TOTPDevice.objects.filter(key=key, confirmed=True).values_list("user__username", flat=True))
    # The README's accounts, and every other demo account with a named-child role (parcours' référents).
    named_role_demo_users = set(
        User.objects.filter(is_demo=True, memberships__role__in=NAMED_CHILD_ROLES).values_list("username", flat=True)
    )
    assert {"coordination.dijon", "referent.dijon", "psychologue"} <= with_device == named_role_demo_users
    devices_before = TOTPDevice.objects.count()
    # A demo account that another app's demo creates gets it too; loading again changes nothing else.
    other = UserFactory(username="referent.chenove", is_demo=True)
    MembershipFactory(user=other, role=Role.REFERENT)
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (
        TOTPDevice.objects.filter(key=key, confirmed=True).count() == TOTPDevice.objects.count() == devices_before + 1
    )
    assert TOTPDevice.objects.filter(user=other).exists()
    # A code computed from the README's secret, as an authenticator app would.
    sign_in(client, "referent.dijon", DEMO_PASSWORD)
    response = client.post(VERIFY, {"code": f"{totp(b32decode(DEMO_TOTP_SECRET)):06d}"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_the_demo_code_is_shown_only_while_demo_sign_in_is_allowed(client, demo_world, settings):
    user = User.objects.get(username="coordination.dijon")
    code = current_code(TOTPDevice.objects.get(user=user))
    sign_in(client, "coordination.dijon", DEMO_PASSWORD)
    text = page_text(client.get(VERIFY))
    assert f'Compte de démonstration</strong> — code actuel : <span class="otp-code">{code}</span>' in text
    settings.REUSSITE_ALLOW_DEMO_USERS = False
    assert "Compte de démonstration" not in page_text(client.get(VERIFY))
    assert code not in page_text(client.get(VERIFY))
    # And without demo sign-in, the password itself is refused.
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": "coordination.dijon", "password": DEMO_PASSWORD})
    assert not client.session.get(SESSION_KEY)


def test_a_real_account_never_shows_its_code(client, world):
    user = world.user(Role.REFERENT)
    device = enrolled(user)
    sign_in(client, user.username)
    text = page_text(client.get(VERIFY))
    assert "Compte de démonstration" not in text and current_code(device) not in text


# --- API -------------------------------------------------------------------------------------------


def test_tokens_are_refused_for_accounts_that_must_pass_a_second_factor(client, world):
    me = reverse("api:me")
    for role in NAMED_ROLES:
        token = Token.objects.create(user=world.user(role))
        response = client.get(me, headers={"Authorization": f"Token {token.key}"})
        assert response.status_code == 403, role  # DRF answers 403 when sessions are tried first
        assert "jetons d'API ne sont pas acceptés" in response.json()["detail"]
        assert world.user(role).username not in response.content.decode()
    token = Token.objects.create(user=world.user(Role.FINANCE_OFFICER))
    response = client.get(me, headers={"Authorization": f"Token {token.key}"})
    assert response.status_code == 200 and response.json()["username"] == world.user(Role.FINANCE_OFFICER).username


def test_a_token_stops_working_when_a_named_children_role_is_granted(client, world):
    user = world.user(Role.READER)
    token = Token.objects.create(user=user)
    assert client.get(reverse("api:me"), headers={"Authorization": f"Token {token.key}"}).status_code == 200
    MembershipFactory(user=user, organisation=world.carrier, role=Role.PROGRAMME_COORDINATOR)
    assert client.get(reverse("api:me"), headers={"Authorization": f"Token {token.key}"}).status_code == 403


def test_demo_tokens_follow_demo_sign_in(client, settings):
    token = Token.objects.create(user=UserFactory(username="demo", is_demo=True))
    assert client.get(reverse("api:me"), headers={"Authorization": f"Token {token.key}"}).status_code == 200
    settings.REUSSITE_ALLOW_DEMO_USERS = False
    assert client.get(reverse("api:me"), headers={"Authorization": f"Token {token.key}"}).status_code == 403


def test_a_verified_session_uses_the_api(client, world):
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    assert client.get(reverse("api:me")).status_code == 200
    unverified_login(client, world.user(Role.PROGRAMME_COORDINATOR))
    assert client.get(reverse("api:me")).status_code == 403


def test_the_journal_shows_second_factor_events_in_french(client, world):
    referent = world.user(Role.REFERENT)
    device = enrolled(referent)
    sign_in(client, referent.username)
    client.post(VERIFY, {"code": f"{(int(current_code(device)) + 1) % 1_000_000:06d}"})
    client.post(reverse("accounts:logout"))
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    text = page_text(client.get(reverse("audit:sign_in_events"), {"type": "otp_failed"}))
    assert f"<td>{referent.username}</td><td>Échec du second facteur</td>" in text
    assert '<option value="otp">Second facteur validé</option>' in text
