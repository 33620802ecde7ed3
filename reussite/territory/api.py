from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from reussite.core.api import ScopedReadOnlyViewSet

from .models import (
    Commune,
    Network,
    Organisation,
    Programme,
    ProgrammeCarrier,
    Quartier,
    Representative,
    YouthCount,
)
from .queries import programme_quartier_youth, youth_table_for, youth_withheld_for


class NetworkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Network
        fields = ["id", "name"]


class CommuneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commune
        fields = ["id", "insee_code", "name", "network"]


class QuartierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Quartier
        fields = ["id", "commune", "name", "kind", "code", "valid_from", "valid_until", "legal_basis"]


class RepresentativeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Representative
        fields = ["id", "civility", "full_name", "capacity", "valid_from", "valid_until"]


class OrganisationSerializer(serializers.ModelSerializer):
    representatives = RepresentativeSerializer(many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "network",
            "kind",
            "name",
            "short_name",
            "commune",
            "siret",
            "address",
            "postal_code",
            "city",
            "is_demo",
            "representatives",
        ]


class ProgrammeSerializer(serializers.ModelSerializer):
    current_carrier = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = ["id", "network", "commune", "name", "age_min", "age_max", "quartiers", "current_carrier"]

    def get_current_carrier(self, programme) -> int | None:
        carriers = programme.current_carriers  # prefetched by the viewset
        return carriers[0].organisation_id if carriers else None


class YouthCountSerializer(serializers.ModelSerializer):
    below_threshold = serializers.SerializerMethodField(
        help_text=(
            "Vrai quand l'effectif est masqué (count nul) : inférieur au seuil de confidentialité, ou masqué "
            "pour qu'un effectif inférieur au seuil ne puisse pas se déduire du total (secret secondaire)."
        )
    )

    class Meta:
        model = YouthCount
        fields = ["id", "network", "programme", "year", "count", "below_threshold"]

    def _mark(self, youth_count):
        withheld = youth_withheld_for(self.context["request"].user)
        return withheld.get((youth_count.network_id, youth_count.programme_id, youth_count.year))

    def get_below_threshold(self, youth_count) -> bool:
        return self._mark(youth_count) is not None

    def to_representation(self, youth_count):
        data = super().to_representation(youth_count)
        if self._mark(youth_count) is not None:
            data["count"] = None
        return data


class QuartierYouthSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    quartier = serializers.CharField(help_text="Nom du quartier, ou « quartier non renseigné ».")
    code = serializers.CharField(help_text="Code officiel (QPV) quand il est connu, sinon vide.")
    count = serializers.IntegerField(allow_null=True, help_text="Nul quand l'effectif est masqué.")
    withheld = serializers.CharField(help_text="« < 5 » ou « secret » quand l'effectif est masqué, sinon vide.")


class NetworkViewSet(ScopedReadOnlyViewSet):
    queryset = Network.objects.order_by("name")
    serializer_class = NetworkSerializer


class CommuneViewSet(ScopedReadOnlyViewSet):
    queryset = Commune.objects.order_by("name")
    serializer_class = CommuneSerializer
    filterset_fields = ["network", "insee_code"]


class QuartierViewSet(ScopedReadOnlyViewSet):
    queryset = Quartier.objects.order_by("commune__name", "name", "valid_from")
    serializer_class = QuartierSerializer
    filterset_fields = ["commune", "kind", "code"]


class OrganisationViewSet(ScopedReadOnlyViewSet):
    queryset = Organisation.objects.prefetch_related("representatives").order_by("name")
    serializer_class = OrganisationSerializer
    filterset_fields = ["network", "kind", "commune"]


class ProgrammeViewSet(ScopedReadOnlyViewSet):
    queryset = Programme.objects.prefetch_related("quartiers").order_by("commune__name")
    serializer_class = ProgrammeSerializer
    filterset_fields = ["network", "commune"]

    def get_queryset(self):
        current = ProgrammeCarrier.objects.valid_on(timezone.localdate()).order_by("-valid_from")
        return (
            super().get_queryset().prefetch_related(Prefetch("carriers", queryset=current, to_attr="current_carriers"))
        )

    @extend_schema(responses=QuartierYouthSerializer(many=True))
    @action(detail=True, url_path="youth-by-quartier", pagination_class=None)
    def youth_by_quartier(self, request, pk=None):
        """Youth in parcours per quartier and year the parcours cover, suppressed like the page (a year
        whose programme count is withheld lists no quartier)."""
        programme = self.get_object()
        data = [
            {
                "year": year.year,
                "quartier": row.label,
                "code": row.code,
                "count": row.count if isinstance(row.count, int) else None,
                "withheld": "" if isinstance(row.count, int) else str(row.count),
            }
            for year in programme_quartier_youth(request.user, programme)
            for row in year.rows
        ]
        return Response(QuartierYouthSerializer(data, many=True).data)


class PrintedCheckSerializer(serializers.Serializer):
    programme = serializers.IntegerField(allow_null=True)
    from_year = serializers.IntegerField()
    to_year = serializers.IntegerField()
    printed_text = serializers.CharField()
    printed_percent = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    printed_change = serializers.IntegerField(allow_null=True, help_text="Variation imprimée, en nombre de jeunes.")
    computed_percent = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    computed_change = serializers.IntegerField(allow_null=True)
    implied_base = serializers.DecimalField(
        max_digits=12,
        decimal_places=1,
        allow_null=True,
        help_text="Effectif de l'année de départ que l'évolution imprimée implique (null si masqué).",
    )
    verdict = serializers.ChoiceField(choices=["holds", "differs", "unverifiable"], allow_null=True)
    withheld = serializers.BooleanField(
        help_text="Un effectif masqué (petit effectif) entre dans la vérification : ni verdict ni chiffre (null)."
    )
    explanation = serializers.CharField()


class YouthCountViewSet(ScopedReadOnlyViewSet):
    queryset = YouthCount.objects.order_by("year", "programme__commune__name")
    serializer_class = YouthCountSerializer
    filterset_fields = ["network", "programme", "year"]

    @extend_schema(responses=PrintedCheckSerializer(many=True))
    @action(detail=False, url_path="printed-checks", pagination_class=None)
    def printed_checks(self, request):
        """Evolutions printed in source documents, checked against the recorded counts."""
        table, _, _ = youth_table_for(request.user)
        data = [
            {
                "programme": r.printed.programme_id,
                "from_year": r.printed.from_year,
                "to_year": r.printed.to_year,
                "printed_text": r.printed.text,
                "printed_percent": r.printed.percent,
                "printed_change": r.printed.change,
                "computed_percent": r.computed_percent.quantize(Decimal("0.0001"))
                if r.computed_percent is not None
                else None,
                "computed_change": r.computed_change,
                "implied_base": r.implied_previous.quantize(Decimal("0.1")) if r.implied_previous is not None else None,
                "verdict": None if r.withheld else r.verdict.value,
                "withheld": r.withheld,
                "explanation": r.explanation,
            }
            for r in table.printed_results
        ]
        return Response(PrintedCheckSerializer(data, many=True).data)


def register_routes(router):
    router.register("networks", NetworkViewSet, basename="network")
    router.register("communes", CommuneViewSet, basename="commune")
    router.register("quartiers", QuartierViewSet, basename="quartier")
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("programmes", ProgrammeViewSet, basename="programme")
    router.register("youth-counts", YouthCountViewSet, basename="youth-count")
