"""What each role receives about children: names, birth dates and addresses only where DESIGN.md §2
allows them, in pages, exports, the API and every other response; one access-log entry per named read."""

import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from reussite.accounts.models import Role
from reussite.audit.models import AccessLog
from reussite.parcours.models import Child
from tests.matrix import OUTSIDER, entries_by_app
from tests.parcours.factories import children_of, plan_markers

# What identifies each child in a response (the plan's wording speaks of the child too).
IDENTITY = {
    "own": ["Anatole", "Propreville", "PROPREVILLE", "03/02/2014", "2014-02-03", "allée Propre", *plan_markers("own")],
    "other_org": [
        "Bérénice",
        "Voisinville",
        "VOISINVILLE",
        "05/04/2013",
        "2013-04-05",
        "allée Voisine",
        *plan_markers("other_org"),
    ],
    "other_network": [
        "Cyprien",
        "Lointainville",
        "LOINTAINVILLE",
        "07/06/2012",
        "2012-06-07",
        "allée Lointaine",
        *plan_markers("other_network"),
    ],
    "own_unassigned": [
        "Dorothée",
        "Sansreferent",
        "SANSREFERENT",
        "09/08/2016",
        "2016-08-09",
        "allée Orpheline",
        *plan_markers("own_unassigned"),
    ],
}
# Which children each role may see named.
NAMED_FOR = {
    Role.PROGRAMME_COORDINATOR: {"own", "own_unassigned"},
    Role.REFERENT: {"own"},
}
# Which children each role sees at all (named or as a code).
VISIBLE_FOR = {
    Role.PROGRAMME_COORDINATOR: {"own", "own_unassigned"},
    Role.REFERENT: {"own"},
    Role.METROPOLE_COORDINATOR: {"own", "own_unassigned", "other_org"},
}
ROLES = [*[r.value for r in Role], OUTSIDER]


def login(client, world, role):
    client.force_login(world.outsider if role == OUTSIDER else world.user(role))


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(content))
        return "\n".join(
            " ".join("" if v is None else (v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else str(v)) for v in row)
            for row in workbook.active.iter_rows(values_only=True)
        )
    if response.get("Content-Type", "").startswith("application/pdf") and b"%%EOF" in content:
        from pypdf import PdfReader  # a rendered document (a signed form of the tests is a stub)

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8", errors="replace")


def sees_named(text, key) -> bool:
    first, last, upper = IDENTITY[key][:3]
    return first in text and (last in text or upper in text)


def assert_discloses(text, role, where):
    for key, markers in IDENTITY.items():
        named = key in NAMED_FOR.get(role, set())
        for marker in markers:
            if not named:
                assert marker not in text, f"{where}: {role} receives « {marker} » of child {key}"


@pytest.mark.parametrize("role", ROLES)
def test_caseload_pages_exports_and_api_disclose_by_role(client, world, role):
    children = children_of(world)
    login(client, world, role)
    visible = VISIBLE_FOR.get(role, set())
    named = NAMED_FOR.get(role, set())
    lists = ["parcours:child_list", "parcours:child_export_csv", "parcours:child_export_xlsx", "api:child-list"]
    for url_name in lists:
        response = client.get(reverse(url_name))
        if not visible:
            assert response.status_code == 404, url_name
            continue
        text = body_text(response)
        assert_discloses(text, role, url_name)
        for key, child in children.items():
            assert (child.code in text) == (key in visible), f"{url_name}: {role}, code of {key}"
            if key in named:  # and what must be seen is there
                assert sees_named(text, key), f"{url_name}: {role} should see {key} named"
                if url_name != "parcours:child_list":  # exports and the API also give the birth date
                    assert IDENTITY[key][3] in text or IDENTITY[key][4] in text


@pytest.mark.parametrize("role", ROLES)
def test_child_page_and_api_detail_disclose_by_role(client, world, role):
    children = children_of(world)
    login(client, world, role)
    for key, child in children.items():
        for url_name in ["parcours:child_detail", "api:child-detail"]:
            response = client.get(reverse(url_name, kwargs={"pk": child.pk}))
            if key not in VISIBLE_FOR.get(role, set()):
                assert response.status_code == 404, (url_name, key)
                assert child.code not in body_text(response)
                continue
            assert response.status_code == 200, (url_name, key)
            text = body_text(response)
            assert child.code in text
            assert_discloses(text, role, f"{url_name} {key}")
            if key in NAMED_FOR.get(role, set()):
                assert sees_named(text, key) and (IDENTITY[key][3] in text or IDENTITY[key][4] in text)
                if url_name == "parcours:child_detail":
                    assert IDENTITY[key][5] in text  # the address
                    assert all(marker in text for marker in plan_markers(key))  # the plan and its review
            elif url_name == "api:child-detail":
                data = json.loads(text)
                assert set(data) == {
                    "id",
                    "code",
                    "named",
                    "age",
                    "age_band",
                    "programme",
                    "quartier",
                    "status",
                    "intensity_profile",
                }
                assert data["named"] is False


# Where a child's data could surface: the children's pages, every API endpoint, the home page
# (its cards) and the audit pages. Other pages hold no child data at all.
WALKED_PREFIXES = ("parcours:", "api:", "home", "audit:", "documents:")


def walked_cases():
    return [
        pytest.param(entry, target, id=f"{entry.url_name}-{target}")
        for entry in entries_by_app()
        if entry.method == "get" and entry.url_name.startswith(WALKED_PREFIXES)
        for target in entry.expect
    ]


@pytest.mark.parametrize(("entry", "target"), walked_cases())
def test_no_response_names_a_child_to_a_role_that_may_not(client, world, entry, target):
    """Every page, export and endpoint where child data could surface, every target, every role."""
    children_of(world)
    url = reverse(entry.url_name, kwargs=entry.kwargs(world, target))
    for role in ROLES:
        login(client, world, role)
        response = client.get(url)
        assert_discloses(body_text(response), role, f"{entry.url_name} ({target})")


def access_count(child):
    return AccessLog.objects.filter(content_type=ContentType.objects.get_for_model(Child), object_id=child.pk).count()


def named_reads():
    """Every view showing named children: (url name, kwargs builder, children it shows named)."""

    def one(url_name, with_consent=False):
        def build(children):
            c = children["own"]
            kwargs = {"pk": c.pk}
            if with_consent:
                from django.core.files.base import ContentFile

                consent = c.consents.first()
                if not consent.evidence:
                    consent.evidence.save("f.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
                kwargs["consent_pk"] = consent.pk
            return kwargs, ["own"]

        return url_name, build

    def meeting(url_name):
        def build(children):
            from tests.parcours.matrix import meeting_kwargs

            return meeting_kwargs(children["own"]._world, "own"), ["own"]

        return url_name, build

    def plan(url_name, part=None):
        def build(children):
            from tests.parcours.matrix import plan_kwargs

            return plan_kwargs(part)(children["own"]._world, "own"), ["own"]

        return url_name, build

    def many(url_name):
        return url_name, lambda children: ({}, ["own", "own_unassigned"])

    return [
        many("parcours:child_list"),
        many("parcours:child_export_csv"),
        many("parcours:child_export_xlsx"),
        many("api:child-list"),
        one("parcours:child_detail"),
        meeting("parcours:eps_meeting_detail"),
        meeting("parcours:eps_agenda_pdf"),
        one("api:child-detail"),
        one("parcours:consent_create"),
        one("parcours:parcours_start"),
        one("parcours:parcours_exit"),
        one("parcours:referral_create"),
        one("parcours:consent_revoke", with_consent=True),
        one("parcours:consent_evidence", with_consent=True),
        plan("parcours:axis_create"),
        plan("parcours:objective_create", "axis_pk"),
        plan("parcours:action_create", "objective_pk"),
        plan("parcours:action_update", "action_pk"),
        plan("parcours:review_create"),
    ]


def test_every_named_read_writes_exactly_one_access_log_entry(client, world):
    children = children_of(world)
    children["own"]._world = world
    coordinator = world.user(Role.PROGRAMME_COORDINATOR)
    client.force_login(coordinator)
    walked = set()
    for url_name, build in named_reads():
        kwargs, shown = build(children)
        before = {key: access_count(child) for key, child in children.items()}
        response = client.get(reverse(url_name, kwargs=kwargs))
        assert response.status_code == 200, url_name
        if response.streaming:
            b"".join(response.streaming_content)
        for key, child in children.items():
            expected = before[key] + (1 if key in shown else 0)
            assert access_count(child) == expected, f"{url_name}: {key}"
        entry = AccessLog.objects.filter(object_id=children[shown[0]].pk).order_by("-pk").first()
        assert entry.user == coordinator and entry.reason
        walked.add(url_name)
    from tests.test_permission_matrix import all_url_keys

    showing_children = {n for n in all_url_keys() if n.startswith("parcours:") or n.startswith("api:child")}
    # the child form, the per-référent counts and the EPS home and forms show no child
    no_child = {
        "parcours:child_create",
        "parcours:referent_caseloads",
        "parcours:eps_home",
        "parcours:eps_member_create",
        "parcours:eps_meeting_create",
    }
    assert showing_children - no_child == walked


def test_pseudonymous_reads_are_not_logged(client, world):
    children = children_of(world)
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    client.get(reverse("parcours:child_list"))
    client.get(reverse("parcours:child_detail", kwargs={"pk": children["own"].pk}))
    assert AccessLog.objects.count() == 0


@pytest.mark.parametrize("limit", [1, 1000])
@pytest.mark.parametrize("role", [Role.PROGRAMME_COORDINATOR, Role.REFERENT, Role.METROPOLE_COORDINATOR, OUTSIDER])
def test_disclose_many_keeps_and_names_the_same_children_whether_ids_go_by_list_or_by_range(
    world, monkeypatch, role, limit
):
    # Above IN_LIST_LIMIT ids, disclosure checks read the scope's ids within their range (an export of
    # thousands of children): what is kept and what is named must not depend on it.
    from reussite.accounts import disclosure

    monkeypatch.setattr(disclosure, "IN_LIST_LIMIT", limit)
    children = children_of(world)
    key_of = {child.pk: key for key, child in children.items()}
    user = world.outsider if role == OUTSIDER else world.user(role)
    records = list(Child.objects.filter(pk__in=key_of).order_by("pk"))
    result = disclosure.disclose_many(user, records, reason="Test")
    assert {key_of[d.record.pk] for d in result} == VISIBLE_FOR.get(role, set())
    assert {key_of[d.record.pk] for d in result if d.named} == NAMED_FOR.get(role, set())
    # Only the records asked for, even when others of the scope lie within their range of ids.
    asked = [r for r in records if key_of[r.pk] != "other_org"]
    result = disclosure.disclose_many(user, asked, reason="Test")
    assert {key_of[d.record.pk] for d in result} == VISIBLE_FOR.get(role, set()) - {"other_org"}
    ends = [children["own"].pk, children["own_unassigned"].pk]  # the other two lie between them
    assert disclosure._ids_within(Child.objects.all(), ends) == set(ends)
