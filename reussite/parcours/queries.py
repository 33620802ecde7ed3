"""The caseload: the children a user sees, searched and filtered alike by pages, exports and the API."""

from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, Value, When
from django.http import Http404
from django.utils import timezone

from reussite.accounts.disclosure import names_nobody
from reussite.accounts.models import Role, User
from reussite.accounts.scoping import VIEW, VIEW_NAMED, get_scope, scoped
from reussite.territory.models import Quartier
from reussite.territory.scoping import programme_ids

from .identity import AGE_BANDS, birth_dates_for_band, normalize
from .models import Child, EpsAgendaItem, School

MAX_ID = 2**63 - 1
EPS_PENDING = "en_attente"


def parse_id(value) -> int | None:
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and int(value) <= MAX_ID:
        return int(value)
    return None


@dataclass(frozen=True)
class CaseloadFilters:
    q: str = ""
    status: str = ""
    referent: int | None = None
    quartier: int | None = None
    age_band: str = ""
    school: int | None = None
    eps_pending: bool = False

    @classmethod
    def from_params(cls, params) -> "CaseloadFilters":
        status = params.get("statut", "")
        band = params.get("age", "")
        return cls(
            q=params.get("q", "").strip()[:100],
            status=status if status in Child.Status.values else "",
            referent=parse_id(params.get("referent")),
            quartier=parse_id(params.get("quartier")),
            age_band=band if band in {b[0] for b in AGE_BANDS} else "",
            school=parse_id(params.get("ecole")),
            eps_pending=params.get("eps") == EPS_PENDING,
        )


def require_child_access(user):
    """Roles without any child data (finance, board secretary, reader...) do not get the caseload (404)."""
    scope = get_scope(user)
    if not (programme_ids(scope) or scope.metropole_network_ids_for(Role.METROPOLE_COORDINATOR)):
        raise Http404


def caseload(user, filters: CaseloadFilters):
    """Children ``user`` sees, filtered; named ones sorted by name, the others by code.

    Searching by name, filtering by référent and sorting by name only apply to the children the user
    may see named: a pseudonymous list must not answer « is there a child called X? ».
    """
    named = scoped(user, Child, VIEW_NAMED).values("pk")
    # The programme's and quartier's names as columns, not four related rows built per child: an
    # export of a network's children formats thousands of them (presentation.child_row).
    children = caseload_rows(user, filters).annotate(
        programme_name=F("programme__commune__name"), quartier_name=F("household__quartier__name")
    )
    if not names_nobody(user, Child):
        # The school and référent are shown for named children only: a métropole's list, which
        # names none, has two joins fewer to plan and run.
        children = children.select_related("school", "referent")
    is_named = Q(pk__in=named)
    return children.annotate(
        sort_last=Case(When(is_named, then=F("last_name")), default=Value(None)),
        sort_first=Case(When(is_named, then=F("first_name")), default=Value(None)),
    ).order_by(F("sort_last").asc(nulls_last=True), "sort_first", "code")


def caseload_rows(user, filters: CaseloadFilters):
    """The children of ``caseload``, unsorted and without its columns: what a list counts (the joins
    the columns need, through the households of thousands of children, change no count)."""
    named = scoped(user, Child, VIEW_NAMED).values("pk")
    children = scoped(user, Child, VIEW).order_by()
    if filters.q:
        tokens = normalize(filters.q).split()
        by_name = Q(pk__in=named)
        for token in tokens:
            by_name &= Q(search_name__contains=token)
        children = children.filter(by_name | Q(code__iexact=filters.q))
    if filters.status:
        children = children.filter(status=filters.status)
    if filters.referent is not None:
        children = children.filter(pk__in=named, referent_id=filters.referent)
    if filters.school is not None:  # the school is the child's identity: named children only
        children = children.filter(pk__in=named, school_id=filters.school)
    if filters.eps_pending:
        # On the agenda of an EPS meeting, decision not taken yet; the file of a named child only.
        pending = EpsAgendaItem.objects.filter(decision="").values("child_id")
        children = children.filter(pk__in=named).filter(pk__in=pending)
    if filters.quartier is not None:
        children = children.filter(household__quartier_id=filters.quartier)
    if filters.age_band:
        earliest, latest = birth_dates_for_band(filters.age_band, timezone.localdate())
        children = children.filter(birth_date__lte=latest)
        if earliest is not None:
            children = children.filter(birth_date__gte=earliest)
    return children


def filter_choices(user):
    """Référents, schools and quartiers to filter by: only those of children the user sees (named
    children for référents and schools)."""
    visible = scoped(user, Child, VIEW)
    named = scoped(user, Child, VIEW_NAMED)
    referents = User.objects.filter(pk__in=named.values("referent_id")).order_by("last_name", "first_name")
    schools = School.objects.filter(pk__in=named.values("school_id")).select_related("commune")
    quartiers = (
        Quartier.objects.filter(pk__in=visible.values("household__quartier_id"))
        .select_related("commune")
        .order_by("commune__name", "name")
    )
    return list(referents), list(quartiers), list(schools)


@dataclass(frozen=True)
class Caseload:
    referent: User | None  # None: children without a référent
    referred: int
    active: int
    exited: int

    @property
    def followed(self) -> int:
        return self.referred + self.active


def caseloads_by_referent(user) -> list[Caseload]:
    """Counts per référent of the children ``user`` sees named (two queries)."""
    rows = (
        scoped(user, Child, VIEW_NAMED)
        .order_by()
        .values("referent_id")
        .annotate(
            referred=Count("pk", filter=Q(status=Child.Status.REFERRED)),
            active=Count("pk", filter=Q(status=Child.Status.ACTIVE)),
            exited=Count("pk", filter=Q(status=Child.Status.EXITED)),
        )
    )
    rows = list(rows)
    users = User.objects.in_bulk([r["referent_id"] for r in rows if r["referent_id"]])
    result = [
        Caseload(users.get(r["referent_id"]), r["referred"], r["active"], r["exited"])
        for r in rows
        if r["referred"] or r["active"] or r["exited"]
    ]
    return sorted(
        result, key=lambda c: (c.referent is None, c.referent.last_name if c.referent else "", str(c.referent))
    )
