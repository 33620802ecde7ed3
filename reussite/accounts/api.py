from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from .models import Membership


class MembershipSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.short_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["organisation", "organisation_name", "role"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    memberships = MembershipSerializer(many=True)


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request):
    """The signed-in user and their active memberships."""
    memberships = request.user.memberships.active().select_related("organisation")
    return Response(MeSerializer({"username": request.user.username, "memberships": memberships}).data)
