"""``/api/v1/events/`` (the network's events with their invitations) and ``/api/v1/resources/`` (the
library; files through ``download_url``, behind the same scope check), scoped like the pages."""

from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination

from reussite.core.api import ScopedReadOnlyViewSet
from reussite.core.roles import Role
from reussite.territory.models import Programme

from .models import Event, Invitation, Resource


class InvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invitation
        fields = ["id", "full_name", "organisation", "programme", "reply", "attended"]


class AudienceRolesField(serializers.ListField):
    """The audience's roles as a list of role codes (empty: every role)."""

    child = serializers.CharField()

    def __init__(self, **kwargs):
        codes = ", ".join(Role.values)
        help_text = f"rôles destinataires ({codes}) ; vide : tous les rôles"
        super().__init__(source="audience_role_list", read_only=True, help_text=help_text, **kwargs)


class EventSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", read_only=True)
    audience_roles = AudienceRolesField()
    invitations = serializers.SerializerMethodField()
    sign_in_sheet_url = serializers.SerializerMethodField()
    # Local wall-clock times (Europe/Paris) as "HH:MM": JSON Schema's "time" format demands an offset.
    start_time = serializers.SerializerMethodField()
    end_time = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id",
            "network",
            "kind",
            "series",
            "title",
            "date",
            "start_time",
            "end_time",
            "place",
            "video_link",
            "organiser",
            "provider",
            "audience_programmes",
            "audience_roles",
            "agenda",
            "cancelled_at",
            "cancellation_reason",
            "is_demo",
            "invitations",
            "sign_in_sheet_url",
        ]

    @extend_schema_field(InvitationSerializer(many=True))
    def get_invitations(self, event) -> list[dict]:
        # The same fields as InvitationSerializer, written directly: a page of 50 events carries some
        # hundreds of invitations, and a serializer per invitation was most of the list's time.
        return [
            dict(zip(INVITATION_KEYS, (getattr(i, c) for c in INVITATION_COLUMNS), strict=True))
            for i in event.invitations.all()
        ]

    def get_start_time(self, event) -> str:
        return event.start_time.strftime("%H:%M")

    def get_end_time(self, event) -> str:
        return event.end_time.strftime("%H:%M")

    def get_sign_in_sheet_url(self, event) -> str:
        return self.context["request"].build_absolute_uri(reverse("coordination:event_sheet", args=[event.pk]))


INVITATION_COLUMNS = ["id", "full_name", "organisation_id", "programme_id", "reply", "attended"]
INVITATION_KEYS = ["id", "full_name", "organisation", "programme", "reply", "attended"]  # InvitationSerializer's

# The columns of an event's row on the list's page (EventViewSet.list), read with ``values()``.
EVENT_COLUMNS = [
    "id",
    "network_id",
    "kind__code",
    "series_id",
    "title",
    "date",
    "start_time",
    "end_time",
    "place",
    "video_link",
    "organiser_id",
    "provider_id",
    "audience_roles",
    "agenda",
    "cancelled_at",
    "cancellation_reason",
    "is_demo",
]
_DATETIME = serializers.DateTimeField()
_SHEET_MARK = 987654321  # a placeholder id: the sign-in sheet's URL reversed once per page


def _moment(value) -> str | None:
    """A date and time as the serializer writes it (local time, ISO 8601)."""
    return None if value is None else _DATETIME.to_representation(value)


class _RowsPaginator(DjangoPaginator):
    """Django's paginator whose page reads the events as rows (``EVENT_COLUMNS``); the count is
    the queryset's own."""

    def _get_page(self, object_list, *args, **kwargs):
        return super()._get_page(object_list.values(*EVENT_COLUMNS), *args, **kwargs)


class EventPagination(PageNumberPagination):
    django_paginator_class = _RowsPaginator


class EventViewSet(ScopedReadOnlyViewSet):
    queryset = Event.objects.select_related("kind").order_by("date", "start_time", "id")
    serializer_class = EventSerializer
    pagination_class = EventPagination
    filterset_fields = ["date", "series"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            return queryset  # the page's rows, programmes and invitations: list()
        invitations = Invitation.objects.only("event_id", *INVITATION_COLUMNS).order_by("organisation_id", "full_name")
        return queryset.prefetch_related("audience_programmes", Prefetch("invitations", queryset=invitations))

    def list(self, request, *args, **kwargs):
        """The page written from rows, as EventSerializer writes each event (the same keys, in the same
        order, the same values): its 50 events carry some hundreds of programmes and invitations, and
        building a model instance, a related manager and a serializer field for each was most of the
        list's time. The queries are the serializer's: the count, the page, its programmes (in their
        model's order), its invitations."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        ids = [row["id"] for row in page]
        programmes = {pk: [] for pk in ids}
        invitations = {pk: [] for pk in ids}
        if ids:
            # The programmes as the serializer's prefetch reads them (Programme's ordering), ids only.
            for event_id, programme_id in Programme.objects.filter(event__in=ids).values_list("event", "id"):
                programmes[event_id].append(programme_id)
            rows = (
                Invitation.objects.filter(event_id__in=ids)
                .order_by("organisation_id", "full_name")
                .values_list("event_id", *INVITATION_COLUMNS)
            )
            for event_id, *values in rows:
                invitations[event_id].append(dict(zip(INVITATION_KEYS, values, strict=True)))
        sheet = request.build_absolute_uri(reverse("coordination:event_sheet", args=[_SHEET_MARK]))
        sheet_start, sheet_end = sheet.split(str(_SHEET_MARK))
        data = [
            {
                "id": row["id"],
                "network": row["network_id"],
                "kind": row["kind__code"],
                "series": row["series_id"],
                "title": row["title"],
                "date": row["date"].isoformat(),
                "start_time": row["start_time"].strftime("%H:%M"),
                "end_time": row["end_time"].strftime("%H:%M"),
                "place": row["place"],
                "video_link": row["video_link"],
                "organiser": row["organiser_id"],
                "provider": row["provider_id"],
                "audience_programmes": programmes[row["id"]],
                "audience_roles": [role for role in row["audience_roles"].split(",") if role],
                "agenda": row["agenda"],
                "cancelled_at": _moment(row["cancelled_at"]),
                "cancellation_reason": row["cancellation_reason"],
                "is_demo": row["is_demo"],
                "invitations": invitations[row["id"]],
                "sign_in_sheet_url": f"{sheet_start}{row['id']}{sheet_end}",
            }
            for row in page
        ]
        return self.get_paginated_response(data)


class ResourceSerializer(serializers.ModelSerializer):
    audience_roles = AudienceRolesField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Resource
        fields = [
            "id",
            "network",
            "kind",
            "title",
            "description",
            "tags",
            "audience_programmes",
            "audience_roles",
            "valid_until",
            "event",
            "link",
            "content_type",
            "size",
            "is_demo",
            "download_url",
        ]

    def get_download_url(self, resource) -> str | None:
        if not resource.file:
            return None
        return self.context["request"].build_absolute_uri(reverse("coordination:resource_download", args=[resource.pk]))


class ResourceViewSet(ScopedReadOnlyViewSet):
    queryset = Resource.objects.prefetch_related("audience_programmes").order_by("-created_at", "id")
    serializer_class = ResourceSerializer
    filterset_fields = ["kind", "event"]


def register_routes(router):
    router.register("events", EventViewSet, basename="coordination-event")
    router.register("resources", ResourceViewSet, basename="coordination-resource")
