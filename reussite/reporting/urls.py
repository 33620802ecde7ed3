from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("enquete/<int:year>/", views.survey_network, name="survey_network"),
    path("enquete/<int:year>/export.<str:fmt>", views.survey_network_export, name="survey_network_export"),
    path("enquete/<int:year>/programmes/<int:pk>/", views.survey_programme, name="survey_programme"),
    path(
        "enquete/<int:year>/programmes/<int:pk>/export.<str:fmt>",
        views.survey_programme_export,
        name="survey_programme_export",
    ),
    path("donnees-annuelles/<int:year>/programmes/<int:pk>/", views.annual_figures, name="annual_figures"),
    path("rapport/<int:year>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("rapport/<int:year>/textes/<int:organisation_pk>/", views.report_texts, name="report_texts"),
]
