"""``/api/v1/`` endpoints of the funding app (read-only, scoped like the pages)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from reussite.core.api import ScopedReadOnlyViewSet

from . import services
from .exchange_api import register_routes as register_exchange_routes
from .models import (
    BudgetLine,
    CallForFunds,
    Convention,
    ConventionArticle,
    ConventionParty,
    FundingShare,
    FundingYear,
    Payment,
)


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConventionArticle
        fields = ["position", "number", "title", "body"]


class PartySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    organisation_short_name = serializers.CharField(source="organisation.short_name", read_only=True)

    class Meta:
        model = ConventionParty
        fields = [
            "id",
            "convention",
            "organisation",
            "organisation_short_name",
            "name",
            "role",
            "position",
            "signatory_name",
            "signatory_capacity",
            "approval_body",
            "approval_reference",
            "approval_date",
            "has_approved",
        ]


class ConventionSerializer(serializers.ModelSerializer):
    articles = ArticleSerializer(many=True, read_only=True)

    class Meta:
        model = Convention
        fields = [
            "id",
            "network",
            "reference",
            "title",
            "object",
            "kind",
            "first_year",
            "last_year",
            "starts_on_signature",
            "start_date",
            "end_date",
            "originals_count",
            "place",
            "signature_date",
            "notification_date",
            "status",
            "rounding_unit",
            "capped_by_state_allocation",
            "payment_terms",
            "payment_delay_days",
            "articles",
        ]


class BudgetLineSerializer(serializers.ModelSerializer):
    action_kind = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "convention",
            "year",
            "action_kind",
            "label",
            "position",
            "planned_amount",
            "printed_amount",
            "actual_amount",
        ]


class FundingShareSerializer(serializers.ModelSerializer):
    convention = serializers.IntegerField(source="funding_year.convention_id", read_only=True)
    year = serializers.IntegerField(source="funding_year.year", read_only=True)

    class Meta:
        model = FundingShare
        fields = [
            "id",
            "convention",
            "year",
            "party",
            "kind",
            "fixed_amount",
            "key_percent",
            "key_count",
            "amount",
            "printed_amount",
            "printed_percent",
        ]


class FundingYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = FundingYear
        fields = [
            "id",
            "convention",
            "year",
            "total_cost",
            "shared_total",
            "key_kind",
            "count_year",
            "printed_total_cost",
            "printed_shared_total",
        ]


class CheckSerializer(serializers.Serializer):
    label = serializers.CharField()
    verdict = serializers.ChoiceField(choices=["holds", "differs", "unverifiable"])
    detail = serializers.CharField()


class PanelSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    checks = CheckSerializer(many=True)


class CallForFundsSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    paid_total = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    balance = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = CallForFunds
        fields = [
            "id",
            "reference",
            "convention",
            "party",
            "year",
            "issuer",
            "number_year",
            "number",
            "issue_date",
            "due_date",
            "share_amount",
            "state_allocation",
            "amount",
            "paid_total",
            "balance",
            "basis",
            "cancelled",
            "is_demo",
        ]


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "call", "paid_on", "amount", "reference", "is_demo"]


class ConventionViewSet(ScopedReadOnlyViewSet):
    queryset = Convention.objects.prefetch_related(
        Prefetch("articles", queryset=ConventionArticle.objects.order_by("position"))
    ).order_by("-first_year", "reference")
    serializer_class = ConventionSerializer
    filterset_fields = ["network", "status", "kind", "first_year", "last_year"]

    @extend_schema(responses=PanelSerializer(many=True))
    @action(detail=True, url_path="consistency", pagination_class=None)
    def consistency(self, request, pk=None):
        """The consistency panel of every year: lines vs cost, shares vs total, printed vs computed."""
        convention = self.get_object()
        result = []
        for funding_year in convention.funding_years.order_by("year"):
            lines = list(convention.budget_lines.filter(year=funding_year.year).select_related("action_kind"))
            shares = list(funding_year.shares.select_related("party__organisation").order_by("kind", "party__position"))
            panel = services.panel_for(funding_year, lines, shares)
            result.append(
                {
                    "year": panel.year,
                    "checks": [
                        {"label": c.label, "verdict": c.verdict.value, "detail": c.detail} for c in panel.checks
                    ],
                }
            )
        return Response(PanelSerializer(result, many=True).data)


class PartyViewSet(ScopedReadOnlyViewSet):
    queryset = ConventionParty.objects.select_related("organisation").order_by("convention", "position", "id")
    serializer_class = PartySerializer
    filterset_fields = ["convention", "organisation", "role"]


class BudgetLineViewSet(ScopedReadOnlyViewSet):
    queryset = BudgetLine.objects.select_related("action_kind").order_by("convention", "year", "position", "id")
    serializer_class = BudgetLineSerializer
    filterset_fields = ["convention", "year"]


class FundingYearViewSet(ScopedReadOnlyViewSet):
    queryset = FundingYear.objects.order_by("convention", "year")
    serializer_class = FundingYearSerializer
    filterset_fields = ["convention", "year"]


class FundingShareViewSet(ScopedReadOnlyViewSet):
    queryset = FundingShare.objects.select_related("funding_year").order_by("funding_year", "kind", "party__position")
    serializer_class = FundingShareSerializer
    filterset_fields = {"funding_year__convention": ["exact"], "funding_year__year": ["exact"], "party": ["exact"]}


class CallForFundsViewSet(ScopedReadOnlyViewSet):
    queryset = CallForFunds.objects.with_paid().order_by("-number_year", "-number")
    serializer_class = CallForFundsSerializer
    filterset_fields = ["convention", "party", "year", "number_year"]


class PaymentViewSet(ScopedReadOnlyViewSet):
    queryset = Payment.objects.order_by("call", "paid_on", "id")
    serializer_class = PaymentSerializer
    filterset_fields = ["call"]


def register_routes(router):
    # The exchange routes first: conventions/{pk}/ would otherwise also match conventions/import/.
    register_exchange_routes(router)
    router.register("conventions", ConventionViewSet, basename="convention")
    router.register("convention-parties", PartyViewSet, basename="convention-party")
    router.register("budget-lines", BudgetLineViewSet, basename="budget-line")
    router.register("funding-years", FundingYearViewSet, basename="funding-year")
    router.register("funding-shares", FundingShareViewSet, basename="funding-share")
    router.register("calls-for-funds", CallForFundsViewSet, basename="call-for-funds")
    router.register("payments", PaymentViewSet, basename="payment")
