from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("", views.body_list, name="body_list"),
    path("instances/creer/", views.body_create, name="body_create"),
    path("instances/<int:pk>/", views.body_detail, name="body_detail"),
    path("instances/<int:pk>/modifier/", views.body_edit, name="body_edit"),
    path("instances/<int:pk>/membres/", views.member_list, name="member_list"),
    path("instances/<int:pk>/membres/ajouter/", views.member_create, name="member_create"),
    path("instances/<int:pk>/membres/importer/", views.member_import, name="member_import"),
    path("membres/<int:pk>/modifier/", views.member_edit, name="member_edit"),
    path("instances/<int:pk>/seances/", views.sitting_list, name="sitting_list"),
    path("instances/<int:pk>/seances/preparer/", views.sitting_create, name="sitting_create"),
    path("seances/<int:pk>/", views.sitting_detail, name="sitting_detail"),
    path("seances/<int:pk>/points/ajouter/", views.item_create, name="item_create"),
    path("points/<int:pk>/presences/", views.attendance, name="attendance"),
    path("points/<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/", views.deliberation_detail, name="deliberation_detail"),
    path("<int:pk>/publication/", views.deliberation_publication, name="deliberation_publication"),
    path("<int:pk>/rectification/", views.deliberation_rectify, name="deliberation_rectify"),
    path("<int:pk>/annulation/", views.deliberation_cancel, name="deliberation_cancel"),
    path("<int:pk>/extrait.pdf", views.deliberation_extract, name="deliberation_extract"),
]
