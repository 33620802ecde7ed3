from django.urls import path

from . import views

app_name = "territory"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/effectifs/saisir/", views.youth_count_edit, name="youth_count_edit"),
    path("quartiers/", views.territory_list, name="territory_list"),
    path("effectifs/", views.youth_counts, name="youth_counts"),
]
