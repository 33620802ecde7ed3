"""``/api/v1/hour-allocations/``, ``/api/v1/care-referrals/``, ``/api/v1/care-sessions/`` and
``/api/v1/care-invoices/``: scoped, read-only. A referral names its child only for the users the
disclosure layer allows (the programme coordination, the psychologist it is made to), with an
access-log entry; otherwise the name keys are absent. Sessions and invoice lines carry codes only."""

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reussite.core.api import ScopedReadOnlyViewSet
from reussite.core.links import detail_url

from .models import CareInvoice, CareInvoiceLine, CareReferral, CareSession, HourAllocation
from .presentation import child_labels
from .queries import referrals_with_consumption
from .services import minutes_to_hours


class HourAllocationSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="budget.year", read_only=True)
    unit = serializers.DecimalField(source="budget.unit", max_digits=3, decimal_places=1, read_only=True)

    class Meta:
        model = HourAllocation
        fields = ["id", "year", "programme", "weight", "initial_hours", "hours", "unit"]


class PlainRows(serializers.ListSerializer):
    """The items of a nested list whose fields each read one attribute: the dicts
    ``Serializer.to_representation`` makes, with the fields looked up once rather than per item (a
    page of invoices holds some six hundred lines)."""

    def to_representation(self, data):
        iterable = data.all() if isinstance(data, models.manager.BaseManager) else data
        fields = [(f.field_name, f.source_attrs, f.to_representation) for f in self.child._readable_fields]
        if any(len(attrs) != 1 for _name, attrs, _represent in fields):
            return super().to_representation(iterable)
        rows = []
        for item in iterable:
            row = {}
            for name, (attribute,), represent in fields:
                value = getattr(item, attribute)
                row[name] = None if value is None else represent(value)
            rows.append(row)
        return rows


class CareInvoiceLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = CareInvoiceLine
        fields = ["child_code", "date", "duration_minutes", "amount"]
        list_serializer_class = PlainRows


class CareInvoiceSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="display_number", read_only=True)
    lines = CareInvoiceLineSerializer(many=True, read_only=True)
    pdf_url = serializers.SerializerMethodField(help_text="Adresse de la facture en PDF/A.")

    class Meta:
        model = CareInvoice
        fields = [
            "id",
            "psychologist",
            "year",
            "month",
            "number",
            "status",
            "total",
            "issued_on",
            "due_on",
            "certified_on",
            "paid_on",
            "pdf_url",
            "lines",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_pdf_url(self, invoice) -> str:
        # One reverse and absolute URI per list (the serializer serves every item), the pk put in it.
        url_of = getattr(self, "_pdf_url_of", None)
        if url_of is None:
            url_of = self._pdf_url_of = detail_url("care:invoice_pdf", self.context["request"].build_absolute_uri)
        return url_of(invoice.pk)


NAMED_FIELDS = ("first_name", "last_name")


class ChildNamePart(serializers.CharField):
    """A part of the child's name, from the page's disclosure labels; optional in the schema because it
    is absent when the child is not named (``CareReferralSerializer.to_representation``)."""

    def __init__(self, part: str, **kwargs):
        self.part = part
        super().__init__(source="*", required=False, **kwargs)

    def to_representation(self, referral):
        return getattr(self.parent.context["labels"][referral.child_id], self.part)


class CareReferralSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="allocation.budget.year", read_only=True)
    programme = serializers.IntegerField(source="allocation.programme_id", read_only=True)
    child_code = serializers.CharField(source="child.code", read_only=True)
    child_age = serializers.SerializerMethodField(help_text="Âge de l'enfant aujourd'hui.")
    first_name = ChildNamePart("first_name", help_text="Absent quand l'enfant n'est pas nommé.")
    last_name = ChildNamePart("last_name", help_text="Absent quand l'enfant n'est pas nommé.")
    consumed_hours = serializers.SerializerMethodField(help_text="Heures des séances réalisées.")

    class Meta:
        model = CareReferral
        fields = [
            "id",
            "year",
            "programme",
            "psychologist",
            "child_code",
            "child_age",
            "first_name",
            "last_name",
            "requested_hours",
            "consumed_hours",
            "referred_on",
        ]

    def _label(self, referral):
        return self.context["labels"][referral.child_id]

    def get_child_age(self, referral) -> int:
        return self._label(referral).age

    @extend_schema_field(serializers.DecimalField(max_digits=8, decimal_places=2))
    def get_consumed_hours(self, referral):
        return f"{minutes_to_hours(referral.consumed_minutes):.2f}"

    def to_representation(self, referral):
        data = super().to_representation(referral)
        if not self._label(referral).named:
            for name in NAMED_FIELDS:
                data.pop(name, None)
        return data


class LabelledViewSet(ScopedReadOnlyViewSet):
    """Serializes a page with the children's labels (one disclosure for the page, logged)."""

    reason = ""

    def children(self, objects):
        raise NotImplementedError

    def get_serializer(self, *args, **kwargs):
        objects = args[0] if args else []
        objects = objects if isinstance(objects, list | tuple) else [objects]
        kwargs.setdefault("context", self.get_serializer_context())
        kwargs["context"]["labels"] = child_labels(
            self.request.user, self.children([o for o in objects if o is not None]), reason=self.reason
        )
        return super().get_serializer(*args, **kwargs)


class CareReferralViewSet(LabelledViewSet):
    queryset = CareReferral.objects.all()
    serializer_class = CareReferralSerializer
    filterset_fields = {
        "psychologist": ["exact"],
        "allocation__programme": ["exact"],
        "allocation__budget__year": ["exact"],
    }
    reason = "API : orientations vers un psychologue"

    def get_queryset(self):
        return referrals_with_consumption(super().get_queryset()).order_by("-referred_on", "-pk")

    def children(self, referrals):
        return [r.child for r in referrals]


class CareSessionSerializer(serializers.ModelSerializer):
    child_code = serializers.CharField(source="referral.child.code", read_only=True)

    class Meta:
        model = CareSession
        fields = ["id", "referral", "child_code", "date", "duration_minutes", "with_whom", "attendance"]


class CareSessionViewSet(ScopedReadOnlyViewSet):
    queryset = CareSession.objects.select_related("referral__child").order_by("-date", "-pk")
    serializer_class = CareSessionSerializer
    filterset_fields = {
        "referral": ["exact"],
        "referral__psychologist": ["exact"],
        "attendance": ["exact"],
        "date": ["gte", "lte"],
    }


class HourAllocationViewSet(ScopedReadOnlyViewSet):
    queryset = HourAllocation.objects.select_related("budget").order_by("-budget__year", "programme_id")
    serializer_class = HourAllocationSerializer
    filterset_fields = {"budget__year": ["exact"], "programme": ["exact"]}


class CareInvoiceViewSet(ScopedReadOnlyViewSet):
    queryset = CareInvoice.objects.prefetch_related("lines").order_by("-year", "-month", "psychologist_id")
    serializer_class = CareInvoiceSerializer
    filterset_fields = ["psychologist", "year", "month", "status"]


def register_routes(router):
    router.register("hour-allocations", HourAllocationViewSet, basename="hour-allocation")
    router.register("care-referrals", CareReferralViewSet, basename="care-referral")
    router.register("care-sessions", CareSessionViewSet, basename="care-session")
    router.register("care-invoices", CareInvoiceViewSet, basename="care-invoice")
