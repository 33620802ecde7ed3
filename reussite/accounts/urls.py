from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy
from django.views.generic import TemplateView

from . import team_views, views

app_name = "accounts"
urlpatterns = [
    path(
        "connexion/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    # Signing out always ends the session, even one whose user is no longer accepted (a demo account
    # once demo sign-in is off): the deny-by-default middleware would otherwise redirect it untouched.
    path("deconnexion/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path("second-facteur/", views.overview, name="second_factor"),
    path("second-facteur/verification/", views.verify, name="second_factor_verify"),
    path("second-facteur/code-de-secours/", views.recovery, name="second_factor_recovery"),
    path("second-facteur/activation/", views.enrol, name="second_factor_enrol"),
    path("second-facteur/codes-de-secours/", views.recovery_codes, name="recovery_codes"),
    path("second-facteur/codes-de-secours/nouveaux/", views.renew_recovery_codes, name="recovery_codes_renew"),
    path("second-facteur/reinitialisation/", views.reset, name="second_factor_reset"),
    path("membres/", team_views.member_list, name="member_list"),
    path("membres/inviter/", team_views.invite, name="invite"),
    path("adhesions/<int:pk>/fin/", team_views.membership_end, name="membership_end"),
    path("adhesions/<int:pk>/renvoyer/", team_views.invitation_resend, name="invitation_resend"),
    path("reseaux/nouveau/", team_views.network_create, name="network_create"),
    # The invitation link: reachable without signing in (the person has no password yet).
    path("invitation/<uidb64>/<token>/", login_not_required(team_views.InvitationView.as_view()), name="invitation"),
    path(
        "invitation/terminee/",
        login_not_required(TemplateView.as_view(template_name="accounts/invitation_done.html")),
        name="invitation_done",
    ),
    path(
        "mot-de-passe/oubli/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oubli/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
