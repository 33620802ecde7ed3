from django.urls import path

from . import exchange_views as views

app_name = "funding_exchange"
urlpatterns = [
    path("<int:pk>/pdf/", views.convention_pdf, name="convention_pdf"),
    path("<int:pk>/docx/", views.convention_docx, name="convention_docx"),
    path("<int:pk>/json/", views.convention_json, name="convention_json"),
    path("importer/", views.convention_import, name="convention_import"),
]
