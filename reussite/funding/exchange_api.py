"""API of the JSON exchange: ``GET /api/v1/conventions/{id}/export/`` and ``POST /api/v1/conventions/import/``.

Wiring: ``register_routes(router)`` must run BEFORE the convention viewset is registered on the same
router (its detail route ``conventions/{pk}/`` would otherwise also match ``conventions/import/``).
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.metadata import SimpleMetadata
from rest_framework.parsers import BaseParser
from rest_framework.response import Response

from reussite.accounts.scoping import get_scoped_or_404

from . import exchange


class RawJSONParser(BaseParser):
    """Hands the body over unparsed: :func:`exchange.parse` reads it (decimals exact, duplicate keys refused)."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read() if stream is not None else b""


ERRORS = inline_serializer(
    "ConventionImportErrors",
    {
        "errors": serializers.ListField(
            child=inline_serializer(
                "ConventionImportError", {"path": serializers.CharField(), "message": serializers.CharField()}
            )
        )
    },
)
IMPORTED = inline_serializer(
    "ConventionImported",
    {"id": serializers.IntegerField(), "reference": serializers.CharField(), "url": serializers.CharField()},
)


class NoSerializerMetadata(SimpleMetadata):
    """``OPTIONS`` describes the endpoint without its actions: they take a file, not a serializer's fields."""

    def determine_actions(self, request, view):
        return {}


class ConventionExchangeViewSet(viewsets.GenericViewSet):
    """Export and import of a convention as JSON (format ``reussite.convention/1``, docs/convention-json.md)."""

    queryset = exchange.export_queryset()
    parser_classes = [RawJSONParser]
    metadata_class = NoSerializerMetadata

    @extend_schema(
        summary="Exporter une convention en JSON (reussite.convention/1)",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="La convention au format reussite.convention/1")
        },
    )
    @action(detail=True, methods=["get"], url_path="export")
    def export(self, request, pk=None):
        convention = get_scoped_or_404(request.user, exchange.export_queryset(), pk=pk)
        return Response(exchange.export_convention(convention))

    @extend_schema(
        summary="Importer une convention JSON (refusée en entier à la moindre erreur)",
        request={"application/json": OpenApiTypes.OBJECT},
        responses={201: IMPORTED, 400: ERRORS, 403: OpenApiResponse(description="Rôle insuffisant")},
    )
    @action(detail=False, methods=["post"], url_path="import", url_name="import")
    def import_(self, request):
        if not exchange.can_import(request.user):
            raise PermissionDenied("Import réservé à la coordination métropolitaine et aux chargés des finances.")
        try:
            convention = exchange.import_convention(request.user, request.data or b"")
        except exchange.ImportRefused as refused:
            return Response(
                {"errors": [{"path": e.path, "message": e.message} for e in refused.errors]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {
                "id": convention.pk,
                "reference": convention.reference,
                "url": reverse("funding:convention_detail", args=[convention.pk]),
            },
            status=status.HTTP_201_CREATED,
        )


def register_routes(router):
    router.register("conventions", ConventionExchangeViewSet, basename="convention-exchange")
