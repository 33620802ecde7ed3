"""``/api/v1/events/`` (the network's events with their invitations) and ``/api/v1/resources/`` (the
library; files through ``download_url``, behind the same scope check), scoped like the pages."""

from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reussite.core.api import ScopedReadOnlyViewSet
from reussite.core.roles import Role

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
        rows = getattr(event, "invitation_rows", None)  # the list's page: EventViewSet.paginate_queryset
        if rows is not None:
            return rows
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


class EventViewSet(ScopedReadOnlyViewSet):
    queryset = Event.objects.select_related("kind").order_by("date", "start_time", "id")
    serializer_class = EventSerializer
    filterset_fields = ["date", "series"]

    def get_queryset(self):
        queryset = super().get_queryset().prefetch_related("audience_programmes")
        if self.action == "list":
            return queryset  # invitations: paginate_queryset
        invitations = Invitation.objects.only("event_id", *INVITATION_COLUMNS).order_by("organisation_id", "full_name")
        return queryset.prefetch_related(Prefetch("invitations", queryset=invitations))

    def paginate_queryset(self, queryset):
        """The page's invitations in one query, as rows: a page of 50 events carries hundreds of them,
        and building a model instance (and a related manager) for each was most of the list's time."""
        page = super().paginate_queryset(queryset)
        if page:
            rows = (
                Invitation.objects.filter(event_id__in=[e.pk for e in page])
                .order_by("organisation_id", "full_name")
                .values_list("event_id", *INVITATION_COLUMNS)
            )
            by_event = {e.pk: [] for e in page}
            for event_id, *values in rows:
                by_event[event_id].append(dict(zip(INVITATION_KEYS, values, strict=True)))
            for event in page:
                event.invitation_rows = by_event[event.pk]
        return page


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
