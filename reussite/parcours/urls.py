from django.urls import path

from . import eps_views, plan_views, views

app_name = "parcours"
urlpatterns = [
    path("", views.child_list, name="child_list"),
    path("export.csv", views.child_export_csv, name="child_export_csv"),
    path("export.xlsx", views.child_export_xlsx, name="child_export_xlsx"),
    path("nouvel-enfant/", views.child_create, name="child_create"),
    path("referents/", views.referent_caseloads, name="referent_caseloads"),
    path("eps/", eps_views.eps_home, name="eps_home"),
    path("eps/membres/nouveau/", eps_views.eps_member_create, name="eps_member_create"),
    path("eps/reunions/nouvelle/", eps_views.eps_meeting_create, name="eps_meeting_create"),
    path("eps/reunions/<int:pk>/", eps_views.eps_meeting_detail, name="eps_meeting_detail"),
    path("eps/reunions/<int:pk>/ordre-du-jour.pdf", eps_views.eps_agenda_pdf, name="eps_agenda_pdf"),
    path("<int:pk>/", views.child_detail, name="child_detail"),
    path("<int:pk>/consentements/nouveau/", views.consent_create, name="consent_create"),
    path("<int:pk>/consentements/<int:consent_pk>/revoquer/", views.consent_revoke, name="consent_revoke"),
    path("<int:pk>/consentements/<int:consent_pk>/formulaire/", views.consent_evidence, name="consent_evidence"),
    path("<int:pk>/entree-en-parcours/", views.parcours_start, name="parcours_start"),
    path("<int:pk>/saisines/nouvelle/", views.referral_create, name="referral_create"),
    path("<int:pk>/sortie/", views.parcours_exit, name="parcours_exit"),
    path("<int:pk>/plan/axes/nouveau/", plan_views.axis_create, name="axis_create"),
    path("<int:pk>/plan/axes/<int:axis_pk>/objectifs/nouveau/", plan_views.objective_create, name="objective_create"),
    path(
        "<int:pk>/plan/objectifs/<int:objective_pk>/actions/nouvelle/", plan_views.action_create, name="action_create"
    ),
    path("<int:pk>/plan/actions/<int:action_pk>/", plan_views.action_update, name="action_update"),
    path("<int:pk>/bilans/nouveau/", plan_views.review_create, name="review_create"),
]
