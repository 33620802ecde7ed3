from django.urls import path

from . import views

app_name = "care"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("heures/repartir/", views.budget_create, name="budget_create"),
    path("heures/<int:pk>/", views.allocation_detail, name="allocation_detail"),
    path("orientations/", views.referral_list, name="referral_list"),
    path("orientations/nouvelle/", views.referral_create, name="referral_create"),
    path("orientations/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("seances/", views.session_list, name="session_list"),
    path("factures/", views.invoice_list, name="invoice_list"),
    path("factures/nouvelle/", views.invoice_build, name="invoice_build"),
    path("factures/<int:pk>/", views.invoice_detail, name="invoice_detail"),
    path("factures/<int:pk>/facture.pdf", views.invoice_pdf, name="invoice_pdf"),
]
