"""``/api/v1/children/``: the caseload, scoped and disclosed exactly like the pages.

A child the user may not see named comes as a code, an age, an age band, a programme, a quartier and
a status: the name, birth date, sex, school and référent keys are absent, not empty.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from reussite.accounts.disclosure import disclose, disclose_many

from .models import Child
from .presentation import child_row
from .queries import CaseloadFilters, caseload, require_child_access
from .views import CHILD_DETAIL

NAMED_FIELDS = ("first_name", "last_name", "birth_date", "sex", "school", "school_level", "referent")


class ChildSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    named = serializers.BooleanField(help_text="Vrai quand l'utilisateur peut voir l'identité de l'enfant.")
    age = serializers.IntegerField()
    age_band = serializers.CharField(allow_null=True)
    programme = serializers.CharField()
    quartier = serializers.CharField()
    status = serializers.ChoiceField(choices=Child.Status.choices)
    intensity_profile = serializers.IntegerField(
        allow_null=True, help_text="Profil d'intensité du parcours (1 à 4), celui du dernier bilan qui l'a fixé."
    )
    first_name = serializers.CharField(required=False, help_text="Absent quand l'enfant n'est pas nommé.")
    last_name = serializers.CharField(required=False, help_text="Absent quand l'enfant n'est pas nommé.")
    birth_date = serializers.DateField(required=False, help_text="Absent quand l'enfant n'est pas nommé.")
    sex = serializers.CharField(required=False)
    school = serializers.CharField(required=False, allow_null=True)
    school_level = serializers.CharField(required=False)
    referent = serializers.CharField(required=False, allow_blank=True)

    def to_representation(self, row):
        data = super().to_representation(row)
        if not row.named:
            for name in NAMED_FIELDS:
                data.pop(name, None)
        return data


FILTERS = [
    OpenApiParameter("q", str, description="Nom (enfants nommés seulement, sans accents ni casse) ou code"),
    OpenApiParameter("statut", str, enum=Child.Status.values),
    OpenApiParameter("referent", int, description="Identifiant du référent (enfants nommés seulement)"),
    OpenApiParameter("quartier", int, description="Identifiant du quartier"),
    OpenApiParameter("age", str, enum=["2-5", "6-10", "11-16", "17+"]),
    OpenApiParameter("ecole", int, description="Identifiant de l'établissement scolaire (enfants nommés seulement)"),
    OpenApiParameter(
        "eps",
        str,
        enum=["en_attente"],
        description="Inscrits à l'ordre du jour d'une réunion de l'EPS, décision non prise (enfants nommés seulement)",
    ),
]


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class ChildViewSet(viewsets.GenericViewSet):
    serializer_class = ChildSerializer
    filter_backends = []
    lookup_value_regex = r"\d{1,18}"
    queryset = Child.objects.none()  # for the schema; every read goes through the disclosure layer

    def list(self, request):
        require_child_access(request.user)
        children = caseload(request.user, CaseloadFilters.from_params(request.query_params))
        page = self.paginate_queryset(children)
        rows = [child_row(d) for d in disclose_many(request.user, page, reason="API : liste des enfants")]
        return self.get_paginated_response(ChildSerializer(rows, many=True).data)

    def retrieve(self, request, pk=None):
        disclosed = disclose(request.user, CHILD_DETAIL, reason="API : fiche de l'enfant", pk=pk)
        return Response(ChildSerializer(child_row(disclosed)).data)


def register_routes(router):
    router.register("children", ChildViewSet, basename="child")
