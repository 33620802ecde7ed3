from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("droit-acces/enfants/<int:pk>.pdf", views.right_of_access_pdf, name="right_of_access"),
]
