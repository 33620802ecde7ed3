"""``/api/v1/`` endpoints of the funding app (read-only, scoped like the pages)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from reussite.core.api import ScopedReadOnlyViewSet
from reussite.core.money import round_half_up

from . import services
from .exchange_api import register_routes as register_exchange_routes
from .models import (
    Amendment,
    AmendmentChange,
    BudgetLine,
    CallForFunds,
    Convention,
    ConventionArticle,
    ConventionParty,
    FundingShare,
    FundingYear,
    Grant,
    GrantEnvelope,
    GrantPayment,
    MoneyEvolution,
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


class MoneyEvolutionSerializer(serializers.ModelSerializer):
    source_title = serializers.CharField(source="source.title", read_only=True, default=None)

    class Meta:
        model = MoneyEvolution
        fields = [
            "id",
            "convention",
            "year",
            "subject",
            "party",
            "printed_text",
            "printed_percent",
            "percent_places",
            "printed_change",
            "printed_previous",
            "source",
            "source_title",
        ]


class EvolutionRowSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    previous = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    change = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    change_percent = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text="rounded half-up to two decimals"
    )


class EvolutionSeriesSerializer(serializers.Serializer):
    label = serializers.CharField()
    rows = EvolutionRowSerializer(many=True)


class PrintedEvolutionCheckSerializer(serializers.Serializer):
    evolution = serializers.IntegerField(help_text="id of the money evolution")
    year = serializers.IntegerField()
    subject = serializers.CharField()
    party = serializers.IntegerField(allow_null=True)
    current = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    derived_base = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    derived_base_is_exact = serializers.BooleanField()
    computed_change = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    computed_percent = serializers.CharField(help_text="computed percentage at the printed precision (French)")
    verdict = serializers.ChoiceField(choices=["holds", "differs", "unverifiable"])
    checks = CheckSerializer(many=True)


class EvolutionsSerializer(serializers.Serializer):
    series = EvolutionSeriesSerializer(many=True)
    printed = PrintedEvolutionCheckSerializer(many=True)


def _round2(value):
    return None if value is None else round_half_up(value)


def evolutions_payload(evolutions) -> dict:
    return {
        "series": [
            {
                "label": s.label,
                "rows": [
                    {
                        "year": r.year,
                        "amount": r.amount,
                        "previous": r.previous,
                        "change": r.change,
                        "change_percent": _round2(r.change_percent),
                    }
                    for r in s.rows
                ],
            }
            for s in evolutions.series
        ],
        "printed": [
            {
                "evolution": p.evolution.pk,
                "year": p.evolution.year,
                "subject": p.evolution.subject,
                "party": p.evolution.party_id,
                "current": p.current,
                "derived_base": p.check.derived_base,
                "derived_base_is_exact": p.check.base_is_exact,
                "computed_change": p.check.computed_change,
                "computed_percent": p.check.computed_percent_shown,
                "verdict": p.check.verdict.value,
                "checks": [{"label": c.label, "verdict": c.verdict.value, "detail": c.detail} for c in p.check.checks],
            }
            for p in evolutions.printed
        ],
    }


class AmendmentChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = AmendmentChange
        fields = ["kind", "label", "before", "after", "recorded_at"]


class AmendmentSerializer(serializers.ModelSerializer):
    changes = AmendmentChangeSerializer(many=True, read_only=True)

    class Meta:
        model = Amendment
        fields = [
            "id",
            "convention",
            "number",
            "object",
            "drafted_on",
            "status",
            "approval_reference",
            "approval_date",
            "signature_date",
            "changes",
        ]


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

    @extend_schema(responses=EvolutionsSerializer)
    @action(detail=True, url_path="evolutions", pagination_class=None)
    def evolutions(self, request, pk=None):
        """Cost, shared total and shares over the years (changes in € and %), and every printed
        evolution checked: the base it implies, the computed change, the verdicts."""
        convention = self.get_object()
        return Response(EvolutionsSerializer(evolutions_payload(services.evolutions_for(convention))).data)


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


class MoneyEvolutionViewSet(ScopedReadOnlyViewSet):
    queryset = MoneyEvolution.objects.select_related("source").order_by("convention", "year", "subject", "id")
    serializer_class = MoneyEvolutionSerializer
    filterset_fields = ["convention", "year", "subject", "party"]


class AmendmentViewSet(ScopedReadOnlyViewSet):
    queryset = Amendment.objects.prefetch_related(
        Prefetch("changes", queryset=AmendmentChange.objects.order_by("recorded_at", "id"))
    ).order_by("convention", "number")
    serializer_class = AmendmentSerializer
    filterset_fields = ["convention", "status"]


class GrantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Grant
        fields = [
            "id",
            "envelope",
            "position",
            "beneficiary_name",
            "beneficiary",
            "units",
            "fixed_amount",
            "key_weight",
            "amount",
            "printed_amount",
        ]


class GrantEnvelopeSerializer(serializers.ModelSerializer):
    grants = GrantSerializer(many=True, read_only=True)

    class Meta:
        model = GrantEnvelope
        fields = [
            "id",
            "network",
            "grantor",
            "title",
            "year",
            "decision_reference",
            "decision_date",
            "source",
            "rule",
            "unit_label",
            "unit_rate",
            "total_amount",
            "printed_total",
            "ceiling",
            "advance_percent",
            "advance_threshold",
            "rounding_unit",
            "grants",
        ]


class GrantPaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = GrantPayment
        fields = ["id", "grant", "kind", "paid_on", "amount", "reference"]


class GrantCheckRowSerializer(serializers.Serializer):
    beneficiary_name = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    by_rule = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    capped = serializers.BooleanField()
    printed_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    printed_differs = serializers.BooleanField()
    advance = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    balance = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class GrantPanelSerializer(serializers.Serializer):
    total_granted = serializers.DecimalField(max_digits=12, decimal_places=2)
    balance_left = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    rows = GrantCheckRowSerializer(many=True)
    checks = CheckSerializer(many=True)


class GrantEnvelopeViewSet(ScopedReadOnlyViewSet):
    queryset = GrantEnvelope.objects.prefetch_related(
        Prefetch("grants", queryset=Grant.objects.order_by("position", "id"))
    ).order_by("-year", "title", "id")
    serializer_class = GrantEnvelopeSerializer
    filterset_fields = ["network", "grantor", "year", "rule"]

    @extend_schema(responses=GrantPanelSerializer)
    @action(detail=True, url_path="checks", pagination_class=None)
    def checks(self, request, pk=None):
        """The amounts the rule gives (capped), the instalments, the balance left, and every printed
        figure checked against the rule."""
        envelope = self.get_object()
        panel = services.grant_panel_for(envelope, list(envelope.grants.order_by("position", "id")))
        data = {
            "total_granted": panel.total_granted,
            "balance_left": panel.balance_left,
            "rows": [
                {
                    "beneficiary_name": r.name,
                    "amount": r.amount,
                    "by_rule": r.by_rule,
                    "capped": r.capped,
                    "printed_amount": r.printed_amount,
                    "printed_differs": r.printed_differs,
                    "advance": r.advance,
                    "balance": r.balance,
                }
                for r in panel.rows
            ],
            "checks": [{"label": c.label, "verdict": c.verdict.value, "detail": c.detail} for c in panel.checks],
        }
        return Response(GrantPanelSerializer(data).data)


class GrantViewSet(ScopedReadOnlyViewSet):
    queryset = Grant.objects.order_by("envelope", "position", "id")
    serializer_class = GrantSerializer
    filterset_fields = ["envelope", "beneficiary"]


class GrantPaymentViewSet(ScopedReadOnlyViewSet):
    queryset = GrantPayment.objects.order_by("grant", "paid_on", "id")
    serializer_class = GrantPaymentSerializer
    filterset_fields = ["grant", "kind"]


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
    router.register("money-evolutions", MoneyEvolutionViewSet, basename="money-evolution")
    router.register("amendments", AmendmentViewSet, basename="amendment")
    router.register("grant-envelopes", GrantEnvelopeViewSet, basename="grant-envelope")
    router.register("grants", GrantViewSet, basename="grant")
    router.register("grant-payments", GrantPaymentViewSet, basename="grant-payment")
