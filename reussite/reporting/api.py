"""``/api/v1/indicators/``: the survey's indicators of a programme or of the network and a year, as
the pages show them to the user (small cells withheld, completeness included)."""

from decimal import Decimal

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from reussite.core.api_filters import MAX_ID
from reussite.core.numbers import Withheld

from .queries import (
    check_year,
    last_complete_year,
    network_survey,
    programme_survey,
    readable_programme,
    user_network_id,
)


class IndicatorQuerySerializer(serializers.Serializer):
    programme = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="Programme (sans : le réseau de l'utilisateur)."
    )
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="Année.")


class LineSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.ChoiceField(choices=["count", "eur", "hours", "fte", "months", "percent"])
    level = serializers.IntegerField()
    value = serializers.CharField(
        allow_null=True, help_text="Nombre (décimal en chaîne) ; null si inconnu ou masqué (voir `withheld`)."
    )
    withheld = serializers.CharField(allow_null=True, help_text="« < 5 » ou « secret » quand la valeur est masquée.")


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    note = serializers.CharField()
    lines = LineSerializer(many=True)


class MissingSerializer(serializers.Serializer):
    text = serializers.CharField()
    url = serializers.CharField()


class IndicatorsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    network = serializers.IntegerField()
    programme = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    sections = SectionSerializer(many=True)
    missing = MissingSerializer(many=True)


def _value(value):
    if isinstance(value, Withheld) or value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def as_json(survey, network_id: int) -> dict:
    return {
        "year": survey.year,
        "network": network_id,
        "programme": survey.programme_id,
        "title": survey.title,
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "note": section.note,
                "lines": [
                    {
                        "key": line.key,
                        "label": line.label,
                        "unit": line.unit,
                        "level": line.level,
                        "value": _value(line.value),
                        "withheld": str(line.value) if isinstance(line.value, Withheld) else None,
                    }
                    for line in section.lines
                ],
            }
            for section in survey.sections
        ],
        "missing": [{"text": m.text, "url": m.url} for m in survey.missing],
    }


class OneSetSchema(AutoSchema):
    """The indicators answer one object (the set for a programme or the network), not a list."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class IndicatorViewSet(viewsets.ViewSet):
    schema = OneSetSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("programme", int, description="Programme (sans : le réseau de l'utilisateur)."),
            OpenApiParameter("year", int, description="Année (sans : la dernière année complète)."),
        ],
        responses=IndicatorsSerializer,
    )
    def list(self, request):
        query = IndicatorQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = check_year(query.validated_data.get("year") or last_complete_year())
        pk = query.validated_data.get("programme")
        if pk is not None:
            programme = readable_programme(request.user, pk)
            return Response(as_json(programme_survey(request.user, programme, year), programme.network_id))
        network_id = user_network_id(request.user)
        return Response(as_json(network_survey(request.user, network_id, year), network_id))


def register_routes(router):
    router.register("indicators", IndicatorViewSet, basename="indicators")
