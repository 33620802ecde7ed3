"""``/api/v1/`` endpoints of the registers, scoped like the pages.

Reading: bodies, members, sittings (with agenda and attendance), deliberations. Writing (board
secretaries of the body's organisation): prepare a sitting, record an item's attendance, record
its vote, record transmission and publication. Every write goes through ``services`` (same
rules, same French messages: a refusal answers 400 with ``{field: [message]}``).
"""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.response import Response

from reussite.accounts.scoping import CHANGE, get_scoped_or_404, scoped
from reussite.core.api import IdsFirstPageMixin, ScopedReadOnlyViewSet, id_field
from reussite.core.errors import call_for_api

from . import referential, services
from .models import AgendaItem, Attendance, Body, Deliberation, Member, Sitting, VoteRectification

MAX_VOTES = 10_000


class BodySerializer(serializers.ModelSerializer):
    class Meta:
        model = Body
        fields = [
            "id",
            "organisation",
            "kind",
            "other_kind",
            "name",
            "issuer_name",
            "register_name",
            "code",
            "quorum_numerator",
            "quorum_denominator",
            "max_proxies_per_holder",
            "casting_vote",
            "convocation_clear_days",
            "second_convocation_without_quorum",
            "second_convocation_clear_days",
            "president_counted_in_office",
        ]


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = [
            "id",
            "body",
            "civility",
            "first_name",
            "last_name",
            "quality",
            "rank",
            "is_president",
            "mandate_start",
            "mandate_end",
        ]


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["member", "status", "represented_by"]


class AgendaItemSerializer(serializers.ModelSerializer):
    attendances = AttendanceSerializer(many=True, read_only=True)
    deliberation = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "position",
            "subject",
            "secret_ballot",
            "attendances",
            "counted_present",
            "counted_represented",
            "counted_absent",
            "deliberation",
        ]


class AgendaItemSummarySerializer(serializers.ModelSerializer):
    deliberation = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "position", "subject", "secret_ballot", "deliberation"]


class SittingSerializer(serializers.ModelSerializer):
    items = AgendaItemSerializer(many=True, read_only=True)

    class Meta:
        model = Sitting
        fields = [
            "id",
            "body",
            "date",
            "starts_at",
            "place",
            "convened_on",
            "second_convocation",
            "president",
            "secretary",
            "secretary_name",
            "members_in_office",
            "printed_members_in_office",
            "members_in_office_note",
            "items",
        ]


class SittingListSerializer(SittingSerializer):
    """The list embeds each sitting's items, not their attendance (20 rows per item and member): that is
    on the sitting itself (``/api/v1/sittings/{id}/``)."""

    items = AgendaItemSummarySerializer(many=True, read_only=True)


class SittingCreateSerializer(serializers.Serializer):
    body = id_field()
    date = serializers.DateField()
    convened_on = serializers.DateField(required=False, allow_null=True, default=None)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    starts_at = serializers.TimeField(required=False, allow_null=True, default=None)
    president = id_field(required=False, allow_null=True, default=None)
    secretary = id_field(required=False, allow_null=True, default=None)
    secretary_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=160)
    second_convocation = serializers.BooleanField(required=False, default=False)
    printed_members_in_office = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=500
    )
    members_in_office_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    items = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class AttendanceEntrySerializer(serializers.Serializer):
    member = id_field()
    status = serializers.ChoiceField(choices=Attendance.Status.choices)
    represented_by = id_field(required=False, allow_null=True, default=None)


class AttendanceCountsSerializer(serializers.Serializer):
    present = serializers.IntegerField(min_value=0, max_value=500)
    represented = serializers.IntegerField(min_value=0, max_value=500, required=False, default=0)
    absent = serializers.IntegerField(min_value=0, max_value=500, required=False, allow_null=True, default=None)


class AttendanceInputSerializer(serializers.Serializer):
    """Either ``attendances`` (one row per member, named) or ``counts`` (the document names nobody)."""

    item = id_field()
    attendances = AttendanceEntrySerializer(many=True, required=False)
    counts = AttendanceCountsSerializer(required=False)

    def validate(self, attrs):
        if ("attendances" in attrs) == ("counts" in attrs):
            raise serializers.ValidationError(
                {"attendances": ["Présences : envoyez soit « attendances » (les noms), soit « counts » (les nombres)."]}
            )
        return attrs


class VoteInputSerializer(serializers.Serializer):
    item = id_field()
    vote_mode = serializers.ChoiceField(choices=Deliberation.VoteMode.choices)
    # A board has tens of members; the bound keeps absurd numbers away from the database.
    votes_for = serializers.IntegerField(min_value=0, max_value=MAX_VOTES, required=False, default=0)
    votes_against = serializers.IntegerField(min_value=0, max_value=MAX_VOTES, required=False, default=0)
    abstentions = serializers.IntegerField(min_value=0, max_value=MAX_VOTES, required=False, default=0)
    president_ballot = serializers.ChoiceField(
        choices=["for", "against", "abstain"], required=False, allow_null=True, default=None
    )
    subject = serializers.CharField(required=False)
    text = serializers.CharField(required=False)
    recipients = serializers.CharField(required=False, allow_blank=True)
    printed_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    printed_order = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=99_999
    )
    printed_voters = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=500)


class RectificationSerializer(serializers.Serializer):
    sitting = serializers.IntegerField(read_only=True, source="sitting_id")
    sitting_date = serializers.DateField(source="sitting.date", read_only=True)
    vote_mode = serializers.CharField(read_only=True)
    votes_for = serializers.IntegerField(read_only=True)
    votes_against = serializers.IntegerField(read_only=True)
    abstentions = serializers.IntegerField(read_only=True)
    decision = serializers.CharField(source="decision_sentence", read_only=True)
    reason = serializers.CharField(read_only=True)


class RectificationInputSerializer(serializers.Serializer):
    sitting = id_field()
    vote_mode = serializers.ChoiceField(choices=Deliberation.VoteMode.choices)
    votes_for = serializers.IntegerField(min_value=0, max_value=MAX_VOTES, required=False, default=0)
    votes_against = serializers.IntegerField(min_value=0, max_value=MAX_VOTES, required=False, default=0)
    abstentions = serializers.IntegerField(min_value=0, max_value=MAX_VOTES, required=False, default=0)
    reason = serializers.CharField()


class CancellationInputSerializer(serializers.Serializer):
    reason = serializers.CharField()


class DeliberationSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    sitting = serializers.IntegerField(source="sitting.pk", read_only=True)
    sitting_date = serializers.DateField(source="sitting.date", read_only=True)
    decision = serializers.CharField(source="decision_sentence", read_only=True)
    original_decision = serializers.CharField(source="original_decision_sentence", read_only=True)
    rectifications = RectificationSerializer(many=True, read_only=True)
    executory_on = serializers.DateField(read_only=True, allow_null=True)
    recipients = serializers.ListField(source="recipient_lines", child=serializers.CharField(), read_only=True)

    class Meta:
        model = Deliberation
        fields = [
            "id",
            "body",
            "sitting",
            "sitting_date",
            "year",
            "number",
            "printed_number",
            "reference",
            "subject",
            "text",
            "vote_mode",
            "votes_for",
            "votes_against",
            "abstentions",
            "present_count",
            "represented_count",
            "casting_vote_used",
            "outcome",
            "decision",
            "original_decision",
            "rectifications",
            "printed_voters",
            "recipients",
            "convention",
            "convention_party",
            "transmitted_on",
            "published_on",
            "executory_on",
            "cancelled_on",
            "cancellation_reason",
        ]


class PublicationInputSerializer(serializers.Serializer):
    transmitted_on = serializers.DateField(required=False, allow_null=True, default=None)
    published_on = serializers.DateField(required=False, allow_null=True, default=None)


class BodyViewSet(ScopedReadOnlyViewSet):
    queryset = Body.objects.order_by("organisation__short_name", "name")
    serializer_class = BodySerializer
    filterset_fields = ["organisation", "kind"]


class MemberInputSerializer(serializers.Serializer):
    body = id_field()
    civility = serializers.ChoiceField(choices=["", "M.", "Mme"], required=False, default="")
    first_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=80)
    last_name = serializers.CharField(max_length=120)
    quality = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    rank = serializers.IntegerField(required=False, default=0, min_value=0, max_value=10_000)
    is_president = serializers.BooleanField(required=False, default=False)
    mandate_start = serializers.DateField(required=False, allow_null=True, default=None)
    mandate_end = serializers.DateField(required=False, allow_null=True, default=None)


class MemberImportSerializer(serializers.Serializer):
    body = id_field()
    csv = serializers.CharField(max_length=200_000, help_text="The CSV text (columns as the import page).")


class MemberImportReportSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.CharField())
    skipped = serializers.ListField(child=serializers.CharField())


class MemberViewSet(ScopedReadOnlyViewSet):
    queryset = Member.objects.order_by("body", "rank", "last_name")
    serializer_class = MemberSerializer
    filterset_fields = ["body"]

    @extend_schema(request=MemberInputSerializer, responses=MemberSerializer)
    def create(self, request):
        """Add a member to a body (board secretaries of its organisation; civility and mandate optional)."""
        data = MemberInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        body = get_scoped_or_404(request.user, Body, CHANGE, pk=values.pop("body"))
        member = call_for_api(referential.save_member, body, None, values)
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MemberImportSerializer, responses=MemberImportReportSerializer)
    @action(detail=False, methods=["post"], url_path="import")
    def import_csv(self, request):
        """Import members from CSV text: all lines or none (400 ``{"csv": [« Ligne N : … »]}``)."""
        data = MemberImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        body = get_scoped_or_404(request.user, Body, CHANGE, pk=data.validated_data["body"])
        try:
            report = referential.import_members(body, data.validated_data["csv"])
        except referential.ImportRefused as refused:
            raise APIValidationError({"csv": refused.errors}) from refused
        return Response(MemberImportReportSerializer(report).data, status=status.HTTP_201_CREATED)


class SittingViewSet(ScopedReadOnlyViewSet):
    queryset = Sitting.objects.order_by("-date")
    serializer_class = SittingSerializer
    filterset_fields = ["body", "date"]

    def get_queryset(self):
        # Only the items the user may read (a convention reader sees the approving item, not the agenda).
        items = scoped(self.request.user, AgendaItem).select_related("deliberation").order_by("position")
        queryset = super().get_queryset().prefetch_related(Prefetch("items", queryset=items))
        return queryset if self.action == "list" else queryset.prefetch_related("items__attendances")

    def get_serializer_class(self):
        return SittingListSerializer if self.action == "list" else super().get_serializer_class()

    def _member(self, body, pk, field):
        if pk is None:
            return None
        member = Member.objects.filter(pk=pk, body=body).first()
        if member is None:
            raise APIValidationError({field: ["Membre inconnu de cette instance."]})
        return member

    @extend_schema(request=SittingCreateSerializer, responses=SittingSerializer)
    def create(self, request):
        """Prepare a sitting (convocation delay and officers' mandates checked)."""
        data = SittingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        body = get_scoped_or_404(request.user, Body, CHANGE, pk=values.pop("body"))
        values["president"] = self._member(body, values["president"], "president")
        values["secretary"] = self._member(body, values["secretary"], "secretary")
        sitting = call_for_api(services.prepare_sitting, body, **values)
        return Response(SittingSerializer(sitting).data, status=status.HTTP_201_CREATED)

    def _item(self, sitting, item_pk):
        try:
            return sitting.items.get(pk=item_pk)
        except (AgendaItem.DoesNotExist, ValueError) as error:
            raise Http404 from error

    @extend_schema(request=AttendanceInputSerializer, responses=SittingSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Record the attendance of one item of the sitting (proxies checked)."""
        sitting = get_scoped_or_404(request.user, Sitting, CHANGE, pk=pk)
        data = AttendanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = self._item(sitting, data.validated_data["item"])
        if "counts" in data.validated_data:
            call_for_api(services.record_attendance_counts, item, **data.validated_data["counts"])
        else:
            # A list, not a dict: a member sent twice is refused by the service, not "last one wins".
            entries = [(e["member"], e["status"], e["represented_by"]) for e in data.validated_data["attendances"]]
            call_for_api(services.record_attendance, item, entries)
        return Response(SittingSerializer(self.get_queryset().get(pk=item.sitting_id)).data)

    @extend_schema(request=VoteInputSerializer, responses=DeliberationSerializer)
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        """Record the vote of one item: quorum checked, outcome computed, deliberation numbered."""
        sitting = get_scoped_or_404(request.user, Sitting, CHANGE, pk=pk)
        data = VoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        item = self._item(sitting, values.pop("item"))
        deliberation = call_for_api(services.record_vote, item, **values)
        return Response(DeliberationSerializer(deliberation).data, status=status.HTTP_201_CREATED)


class DeliberationViewSet(IdsFirstPageMixin, ScopedReadOnlyViewSet):
    queryset = (
        Deliberation.objects.select_related("item__sitting", "cancelled_item__sitting")
        .prefetch_related(
            Prefetch("rectifications", queryset=VoteRectification.objects.select_related("sitting").order_by("pk"))
        )
        .order_by("-year", "-number")
    )
    serializer_class = DeliberationSerializer
    filterset_fields = ["body", "year", "convention", "outcome"]

    def _changed(self, request, pk):
        return get_scoped_or_404(request.user, Deliberation, CHANGE, pk=pk)

    def _fresh(self, pk):
        return self.queryset.get(pk=pk)

    @extend_schema(request=RectificationInputSerializer, responses=DeliberationSerializer)
    @action(detail=True, methods=["post"])
    def rectification(self, request, pk=None):
        """Rectify the recorded breakdown of the vote by a later sitting of the same body (original kept)."""
        deliberation = self._changed(request, pk)
        data = RectificationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        sitting = Sitting.objects.filter(pk=values.pop("sitting"), body_id=deliberation.body_id).first()
        if sitting is None:
            raise APIValidationError({"sitting": ["Séance qui rectifie : séance inconnue de cette instance."]})
        call_for_api(services.rectify_vote, deliberation, sitting=sitting, **values)
        return Response(DeliberationSerializer(self._fresh(deliberation.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CancellationInputSerializer, responses=DeliberationSerializer)
    @action(detail=True, methods=["post"])
    def cancellation(self, request, pk=None):
        """Cancel a mistaken entry until its transmission (the register keeps it with the reason)."""
        deliberation = self._changed(request, pk)
        data = CancellationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call_for_api(services.cancel_deliberation, deliberation, reason=data.validated_data["reason"])
        return Response(DeliberationSerializer(self._fresh(deliberation.pk)).data)

    @extend_schema(request=PublicationInputSerializer, responses=DeliberationSerializer)
    @action(detail=True, methods=["post"])
    def publication(self, request, pk=None):
        """Record the transmission to the prefecture and the publication dates."""
        deliberation = get_scoped_or_404(request.user, Deliberation, CHANGE, pk=pk)
        data = PublicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        deliberation = call_for_api(services.mark_transmitted_published, deliberation, **data.validated_data)
        return Response(DeliberationSerializer(deliberation).data)


def register_routes(router):
    router.register("bodies", BodyViewSet, basename="governance-body")
    router.register("body-members", MemberViewSet, basename="governance-member")
    router.register("sittings", SittingViewSet, basename="governance-sitting")
    router.register("deliberations", DeliberationViewSet, basename="governance-deliberation")
