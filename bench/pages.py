"""What the benchmark measures: pages of every kind, for each role of network 1, resolved in-process.

A page is measured for a role only when that role may open it (answer 200 in the in-process pass);
the objects of detail pages are the first the role may see (through the app's own scoping).
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .world import ROLE_USERS

BACKEND = "reussite.accounts.backends.ReussiteBackend"


@dataclass(frozen=True)
class Page:
    name: str
    kind: str  # "list", "detail", "api", "export", "dashboard", "survey", "pdf"
    url_name: str
    target: str = ""  # model whose first visible object is the detail target
    kwargs: tuple = ()  # further URL arguments: ("year", None) is the last complete year
    query: str = ""  # query string (an export of a list: ``format=csv``)

    @property
    def limit(self) -> int:
        """Target ratio of p95 to the bare view (dashboards and the State survey are allowed more); a
        PDF is held to an absolute time instead (the issue's « a PDF ≤ 1 s », ``TARGET_PDF_MS``)."""
        return 30 if self.kind in ("dashboard", "survey") else 10


PAGES = [
    Page("Accueil", "dashboard", "home"),
    Page("Conventions", "list", "funding:convention_list"),
    Page("Convention", "detail", "funding:convention_detail", "Convention"),
    Page("Appels de fonds", "list", "funding:call_list"),
    Page("Appels de fonds en retard", "list", "funding:overdue_list"),
    Page("Appel de fonds", "detail", "funding:call_detail", "CallForFunds"),
    Page("Export JSON d'une convention", "export", "funding_exchange:convention_json", "Convention"),
    Page("Instances", "list", "governance:body_list"),
    Page("Instance (registre)", "detail", "governance:body_detail", "Body"),
    Page("Séances d'une instance", "list", "governance:sitting_list", "Body"),
    Page("Séance", "detail", "governance:sitting_detail", "Sitting"),
    Page("Délibération", "detail", "governance:deliberation_detail", "Deliberation"),
    Page("Organisations", "list", "territory:organisation_list"),
    Page("Organisation", "detail", "territory:organisation_detail", "Organisation"),
    Page("Programmes", "list", "territory:programme_list"),
    Page("Programme", "detail", "territory:programme_detail", "Programme"),
    Page("Quartiers", "list", "territory:territory_list"),
    Page("Jeunes identifiés", "list", "territory:youth_counts"),
    Page("Historique des modifications", "list", "audit:change_history"),
    Page("API conventions", "api", "api:convention-list"),
    Page("API parties", "api", "api:convention-party-list"),
    Page("API lignes budgétaires", "api", "api:budget-line-list"),
    Page("API financements annuels", "api", "api:funding-year-list"),
    Page("API parts", "api", "api:funding-share-list"),
    Page("API appels de fonds", "api", "api:call-for-funds-list"),
    Page("API paiements", "api", "api:payment-list"),
    Page("API instances", "api", "api:governance-body-list"),
    Page("API membres", "api", "api:governance-member-list"),
    Page("API séances", "api", "api:governance-sitting-list"),
    Page("API délibérations", "api", "api:governance-deliberation-list"),
    Page("API organisations", "api", "api:organisation-list"),
    Page("API programmes", "api", "api:programme-list"),
    Page("API effectifs", "api", "api:youth-count-list"),
    # Children's domains (référent, psychologist and programme coordination; the métropole by code).
    Page("Enfants", "list", "parcours:child_list"),
    Page("Enfant", "detail", "parcours:child_detail", "Child"),
    Page("Export CSV des enfants", "export", "parcours:child_export_csv"),
    Page("Portefeuilles des référents", "list", "parcours:referent_caseloads"),
    Page("EPS", "list", "parcours:eps_home"),
    Page("Réunion de l'EPS", "detail", "parcours:eps_meeting_detail", "EpsMeeting"),
    Page("Calendrier", "list", "coordination:calendar"),
    Page("Événement", "detail", "coordination:event_detail", "Event"),
    Page("Présences aux événements", "dashboard", "coordination:attendance_report"),
    Page("Satisfaction", "dashboard", "coordination:feedback_report"),
    Page("Bibliothèque", "list", "coordination:library"),
    Page("API enfants", "api", "api:child-list"),
    Page("API événements", "api", "api:coordination-event-list"),
    Page("API heures de psychologues", "api", "api:hour-allocation-list"),
    Page("API factures de psychologues", "api", "api:care-invoice-list"),
    # Psychological support (métropole coordination and finance, programme coordination, psychologist).
    Page("Soutien psychologique", "dashboard", "care:dashboard"),
    Page("Export CSV du soutien psychologique", "export", "care:dashboard", query="format=csv"),
    Page("Heures d'un territoire", "detail", "care:allocation_detail", "HourAllocation"),
    Page("Orientations vers un psychologue", "list", "care:referral_list"),
    Page("Export CSV des orientations", "export", "care:referral_list", query="format=csv"),
    Page("Orientation vers un psychologue", "detail", "care:referral_detail", "CareReferral"),
    Page("Séances de psychologues", "list", "care:session_list"),
    Page("Export CSV des séances", "export", "care:session_list", query="format=csv"),
    Page("Factures de psychologues", "list", "care:invoice_list"),
    Page("Export CSV des factures", "export", "care:invoice_list", query="format=csv"),
    Page("Facture de psychologue", "detail", "care:invoice_detail", "CareInvoice"),
    Page("API orientations vers un psychologue", "api", "api:care-referral-list"),
    Page("API séances de psychologues", "api", "api:care-session-list"),
    Page("Tableau de bord (indicateurs de l'année)", "dashboard", "reporting:dashboard"),
    # One indicator set of a year (the survey's, as JSON), computed over the network's year like the
    # survey page: held to the survey's 30×, not a list's 10× (docs/reporting.md, "Reporting at scale").
    Page("API indicateurs", "survey", "api:indicators-list"),
    Page("Enquête de l'État (réseau)", "survey", "reporting:survey_network", kwargs=(("year", None),)),
    Page(
        "Enquête de l'État (réseau), XLSX",
        "survey",
        "reporting:survey_network_export",
        kwargs=(("year", None), ("fmt", "xlsx")),
    ),
    Page("Enquête de l'État (programme)", "survey", "reporting:survey_programme", "Programme", (("year", None),)),
    Page(
        "Enquête de l'État (programme), XLSX",
        "survey",
        "reporting:survey_programme_export",
        "Programme",
        (("year", None), ("fmt", "xlsx")),
    ),
    Page(
        "Enquête de l'État (programme), CSV",
        "survey",
        "reporting:survey_programme_export",
        "Programme",
        (("year", None), ("fmt", "csv")),
    ),
    Page("Rapport d'activité (PDF)", "pdf", "reporting:report_pdf", kwargs=(("year", None),)),
]


def _model(label):
    from django.apps import apps

    for app in ("funding", "governance", "territory", "parcours", "coordination", "care"):
        try:
            return apps.get_model(app, label)
        except LookupError:
            continue
    raise LookupError(label)


def role_users():
    from reussite.accounts.models import User

    users = {u.username: u for u in User.objects.filter(username__in=ROLE_USERS)}
    return {ROLE_USERS[name][0]: users[name] for name in ROLE_USERS}


def url_for(page: Page, user) -> str | None:
    from reussite.accounts.scoping import scoped

    kwargs = {name: value or datetime.date.today().year - 1 for name, value in page.kwargs}
    suffix = f"?{page.query}" if page.query else ""
    if not page.target:
        return reverse(page.url_name, kwargs=kwargs or None) + suffix
    first = scoped(user, _model(page.target)).order_by("pk").values_list("pk", flat=True).first()
    return reverse(page.url_name, kwargs={"pk": first, **kwargs}) + suffix if first is not None else None


def client_for(user) -> Client:
    """A signed-in session of ``user``, past the second factor where their role requires it: the code
    of their authenticator (whose key the world set, bench/world.py) typed on the verification page."""
    from reussite.accounts import second_factor

    client = Client()
    client.force_login(user, backend=BACKEND)
    device = second_factor.authenticator_of(user)
    if device is not None:
        response = client.post(reverse("accounts:second_factor_verify"), {"code": second_factor.current_code(device)})
        if response.status_code != 302:
            raise SystemExit(f"Second facteur refusé pour {user.username} (réessayez dans 30 secondes).")
    return client


def resolve_and_count() -> tuple[list[dict], dict[str, str]]:
    """Every (page, role) the role may open, with its URL and its query count. Returns also the session
    cookie of each role, for the load driver."""
    measured, cookies = [], {}
    for role, user in role_users().items():
        client = client_for(user)
        cookies[role] = client.cookies["sessionid"].value
        for page in PAGES:
            url = url_for(page, user)
            if url is None:
                continue
            client.get(url)  # warm caches (content types, templates) before counting
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            if response.status_code != 200:
                continue
            measured.append(
                {
                    "name": page.name,
                    "kind": page.kind,
                    "limit": page.limit,
                    "url": url,
                    "role": role,
                    "queries": len(queries.captured_queries),
                }
            )
    return measured, cookies


def time_documents(repeat: int = 3) -> list[dict]:
    """Render time of each kind of document (best of ``repeat``, in-process, through the views)."""
    from reussite.accounts.scoping import scoped
    from reussite.care.models import CareInvoice
    from reussite.funding.models import CallForFunds, Convention
    from reussite.governance.models import Deliberation

    users = role_users()
    finance = users["finance_officer"]
    secretary = users["board_secretary"]
    convention = scoped(finance, Convention).order_by("pk").first()
    call = scoped(finance, CallForFunds).order_by("pk").first()
    deliberation = scoped(secretary, Deliberation).filter(number__isnull=False).order_by("pk").first()
    invoice = scoped(finance, CareInvoice).exclude(status=CareInvoice.Status.DRAFT).order_by("pk").first()
    finance_client, secretary_client = client_for(finance), client_for(secretary)
    jobs = [
        ("PDF d'une convention", finance_client, reverse("funding_exchange:convention_pdf", args=[convention.pk])),
        ("DOCX d'une convention", finance_client, reverse("funding_exchange:convention_docx", args=[convention.pk])),
        ("PDF d'un appel de fonds", finance_client, reverse("funding:call_pdf", args=[call.pk])),
        (
            "Extrait PDF/A d'une délibération",
            secretary_client,
            reverse("governance:deliberation_extract", args=[deliberation.pk]),
        ),
        ("PDF d'une facture de psychologue", finance_client, reverse("care:invoice_pdf", args=[invoice.pk])),
        (
            "Export JSON d'une convention (8 ans)",
            finance_client,
            reverse("funding_exchange:convention_json", args=[convention.pk]),
        ),
    ]
    from django.core.cache import cache
    from weasyprint import HTML

    cache.clear()  # the benchmark's own cache directory (REUSSITE_CACHE_DIR set by bench/__main__.py)
    HTML(string="<p>.</p>").write_pdf()  # load Pango and the fonts once, as a running server has
    results = _time_convention_rendering(convention.pk, finance_client)
    exported = None
    for name, client, url in jobs:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{name} : réponse {response.status_code} pour {url}")
        if url.endswith("/json/"):
            exported = response.content
        if url.startswith("/conventions/") and url.split("/")[2].isdigit() and url.endswith(("/pdf/", "/docx/")):
            # The first request after the change above, then what users wait for afterwards.
            results.append(
                {"name": f"{name}, premier téléchargement après une modification", "ms": round(times[0], 1)}
                | {"pdf": "PDF" in name}
            )
            times = times[1:]
        results.append({"name": name, "ms": round(min(times), 1), "pdf": "PDF" in name})
    results.append(
        {"name": "Import JSON d'une convention (8 ans)", "ms": _time_import(finance_client, exported), "pdf": False}
    )
    return results


def _time_convention_rendering(convention_id: int, client) -> list[dict]:
    """The convention documents are rendered off the request (reussite/funding/prerender.py): time that
    rendering (no user waits for it), then change the convention the way the app does (a save, committed),
    let the background rendering finish, and leave the downloads to be timed by the caller."""
    from django.core.cache import cache

    from reussite.funding import documents, prerender
    from reussite.funding.models import Convention

    results = []
    for name, render in (("PDF", prerender.convention_pdf), ("DOCX", prerender.convention_docx)):
        cache.clear()
        started = time.perf_counter()
        render(documents.build_document(documents.document_queryset().get(pk=convention_id)))
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        results.append({"name": f"{name} d'une convention, rendu hors requête", "ms": elapsed, "pdf": False})
    cache.clear()
    with transaction.atomic():
        Convention.objects.get(pk=convention_id).save()  # its documents are queued once this commits
    prerender.wait()
    return results


def _time_import(client, exported: bytes) -> float:
    """Import the exported convention under a new reference, then roll it back (the world stays as it was)."""
    import io
    import json

    data = json.loads(exported)
    data["convention"]["reference"] = data["convention"]["reference"] + "-IMPORT"
    upload = io.BytesIO(json.dumps(data).encode())
    upload.name = "convention.json"
    with transaction.atomic():
        started = time.perf_counter()
        response = client.post(reverse("funding_exchange:convention_import"), {"file": upload})
        elapsed = (time.perf_counter() - started) * 1000
        transaction.set_rollback(True)
    if response.status_code != 302:
        import re

        issues = re.findall(r"<li[^>]*>(.*?)</li>", response.content.decode(), re.S)[-10:]
        raise RuntimeError(f"Import refusé ({response.status_code}) : {issues}")
    return round(elapsed, 1)
