"""``/api/v1/hour-allocations/`` and ``/api/v1/care-invoices/``: scoped, read-only, no child's name
(an invoice's lines carry pseudonymous codes only)."""

from rest_framework import serializers

from reussite.core.api import ScopedReadOnlyViewSet

from .models import CareInvoice, CareInvoiceLine, HourAllocation


class HourAllocationSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="budget.year", read_only=True)
    unit = serializers.DecimalField(source="budget.unit", max_digits=3, decimal_places=1, read_only=True)

    class Meta:
        model = HourAllocation
        fields = ["id", "year", "programme", "weight", "initial_hours", "hours", "unit"]


class CareInvoiceLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = CareInvoiceLine
        fields = ["child_code", "date", "duration_minutes", "amount"]


class CareInvoiceSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="display_number", read_only=True)
    lines = CareInvoiceLineSerializer(many=True, read_only=True)

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
            "lines",
        ]


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
    router.register("care-invoices", CareInvoiceViewSet, basename="care-invoice")
