from django.urls import path

from . import grant_views, views

app_name = "funding"
urlpatterns = [
    path("", views.convention_list, name="convention_list"),
    path("nouvelle/", views.convention_create, name="convention_create"),
    path("valider/", views.convention_validate, name="convention_validate"),
    path("<int:pk>/", views.convention_detail, name="convention_detail"),
    path("<int:pk>/modifier/", views.convention_edit, name="convention_edit"),
    path("<int:pk>/articles/", views.articles_edit, name="articles_edit"),
    path("<int:pk>/statut/", views.convention_status, name="convention_status"),
    path("<int:pk>/parties/ajouter/", views.party_add, name="party_add"),
    path("<int:pk>/conventions-etat/ajouter/", views.state_convention_add, name="state_convention_add"),
    path("<int:pk>/<int:year>/lignes/", views.lines_edit, name="lines_edit"),
    path("<int:pk>/<int:year>/financement/", views.funding_edit, name="funding_edit"),
    path("<int:pk>/<int:year>/financement/recalculer/", views.recompute_split, name="recompute_split"),
    path("<int:pk>/<int:year>/dotations/", views.allocations_edit, name="allocations_edit"),
    path("<int:pk>/<int:year>/appels-de-fonds/emettre/", views.calls_issue, name="calls_issue"),
    path("<int:pk>/sources/nouvelle/", views.source_create, name="source_create"),
    path("<int:pk>/evolutions/ajouter/", views.evolution_add, name="evolution_add"),
    path("evolutions/<int:pk>/supprimer/", views.evolution_delete, name="evolution_delete"),
    path("<int:pk>/avenants/nouveau/", views.amendment_create, name="amendment_create"),
    path("avenants/<int:pk>/", views.amendment_detail, name="amendment_detail"),
    path("parties/<int:pk>/modifier/", views.party_edit, name="party_edit"),
    path("conventions-etat/<int:pk>/statut/", views.state_convention_status, name="state_convention_status"),
    path("subventions/", grant_views.grant_list, name="grant_list"),
    path("subventions/nouvelle/", grant_views.grant_create, name="grant_create"),
    path("subventions/<int:pk>/", grant_views.grant_detail, name="grant_detail"),
    path("subventions/<int:pk>/modifier/", grant_views.grant_edit, name="grant_edit"),
    path("subventions/lignes/<int:pk>/versement/", grant_views.grant_payment_create, name="grant_payment_create"),
    path("appels-de-fonds/", views.call_list, name="call_list"),
    path("appels-de-fonds/en-retard/", views.overdue_list, name="overdue_list"),
    path("appels-de-fonds/<int:pk>/", views.call_detail, name="call_detail"),
    path("appels-de-fonds/<int:pk>/pdf/", views.call_pdf, name="call_pdf"),
    path("appels-de-fonds/<int:pk>/relance.pdf", views.call_reminder_pdf, name="call_reminder_pdf"),
    path("appels-de-fonds/<int:pk>/paiement/", views.payment_create, name="payment_create"),
]
