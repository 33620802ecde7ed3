from django.urls import path

from . import manage_views, views

app_name = "territory"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/nouvelle/", manage_views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/modifier/", manage_views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/representants/nouveau/", manage_views.representative_add, name="representative_add"),
    path("representants/<int:pk>/fin/", manage_views.representative_end, name="representative_end"),
    path("communes/nouvelle/", manage_views.commune_create, name="commune_create"),
    path("communes/<int:pk>/quartiers/", manage_views.quartier_add, name="quartier_add"),
    path("programmes/nouveau/", manage_views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/porteurs/nouveau/", manage_views.carrier_add, name="carrier_add"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/effectifs/saisir/", views.youth_count_edit, name="youth_count_edit"),
    path("quartiers/", views.territory_list, name="territory_list"),
    path("effectifs/", views.youth_counts, name="youth_counts"),
]
