"""Settings, read from the environment (see docs/operations.md)."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("REUSSITE_VAR_DIR", BASE_DIR / "var"))
# Uploaded files (the coordination's resource library): outside the static files and never served by
# the web server; only through views that check the user's scope.
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("REUSSITE_DEBUG", False)
# Without REUSSITE_SECRET_KEY a public development key is used; its "django-insecure-" prefix makes
# `manage.py check --deploy` fail, so it cannot go to production unnoticed.
SECRET_KEY = os.environ.get("REUSSITE_SECRET_KEY") or "django-insecure-reussite-development-key-not-for-production"
ALLOWED_HOSTS = [h for h in os.environ.get("REUSSITE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("REUSSITE_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "reussite.core",
    "reussite.territory",
    "reussite.accounts",
    "reussite.audit",
    "reussite.parcours",
    "reussite.funding",
    "reussite.care",
    "reussite.governance",
    "reussite.coordination",
    "reussite.reporting",
    "reussite.documents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: views reachable without signing in are marked `login_not_required`.
    "reussite.accounts.middleware.ReussiteLoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "reussite.accounts.middleware.SecondFactorMiddleware",
    # After SessionMiddleware (which saves what it marks), once the user and second factor are known.
    "reussite.accounts.middleware.SessionIdleRefreshMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "reussite.core.middleware.FrenchNotFoundMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "reussite.urls"
WSGI_APPLICATION = "reussite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reussite.accounts.context_processors.roles",
                "reussite.accounts.context_processors.second_factor",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'reussite.sqlite3'}"),
        # Persistent connections: opening one costs more than most pages' own queries. The health
        # check replaces a connection the server closed before the request uses it.
        conn_max_age=int(os.environ.get("REUSSITE_DB_CONN_MAX_AGE", "300")),
        conn_health_checks=True,
    )
}
RANDOM_PAGE_COST = os.environ.get("REUSSITE_DB_RANDOM_PAGE_COST", "1.1")
if DATABASES["default"]["ENGINE"].endswith("postgresql") and RANDOM_PAGE_COST:
    # PostgreSQL's default cost of a random read (4) is a spinning disk's. On SSD, with the data in
    # memory, it made the planner read all 61 714 referrals of every network rather than a programme's
    # children's through their index (care lists of a programme: 10 -> 3 ms; docs/benchmarks.md).
    # Empty: the server's own setting (a pooler such as PgBouncer refuses startup options).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c random_page_cost={float(RANDOM_PAGE_COST)}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "reussite.accounts.backends.ReussiteBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after this many seconds without activity.
SESSION_COOKIE_AGE = int(os.environ.get("REUSSITE_SESSION_IDLE_SECONDS", str(30 * 60)))
# The expiry is pushed back by reussite.accounts.middleware.SessionIdleRefreshMiddleware at most once
# a minute, not by rewriting the session row on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
HTTPS = env_bool("REUSSITE_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("REUSSITE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
# A collectivité usually hosts the platform on one sub-domain of its own; extending HSTS to every
# sub-domain or to the browsers' preload list is the operator's decision, not ours.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("REUSSITE_HSTS_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("REUSSITE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
if env_bool("REUSSITE_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CACHES = {
    # Rendered documents (convention PDF and DOCX), keyed by their content: see reussite/core/pdf.py.
    # A file cache per application server; several servers may share a directory or use Redis instead.
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("REUSSITE_CACHE_DIR", str(VAR_DIR / "cache")),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # Shared by every process (table created by migration core 0003); expired rows deleted at each access.
    "axes": {"BACKEND": "reussite.core.cache.ExpiringDatabaseCache", "LOCATION": "reussite_signin_lockout"},
}
# Convention documents are rendered into that cache when the convention changes, after the commit, in
# a background thread (reussite/funding/prerender.py): "background", "sync" (in the request) or "off".
DOCUMENT_PRERENDER = os.environ.get("REUSSITE_DOCUMENT_PRERENDER", "background")
# Lock-out counters only: a SHA-256 digest of the username and one of the address, each with a count,
# deleted when the cool-off ends. Nothing of the attempt (typed username, address, browser) is stored
# in clear in the database nor written to the log (docs/operations.md).
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "axes"
AXES_CLIENT_STR_CALLABLE = "reussite.accounts.axes.client_str"
AXES_VERBOSE = False
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Successful sign-ins are kept by our own SignInEvent, without IP address.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLED = env_bool("REUSSITE_AXES_ENABLED", True)

# Second factor (django-otp, see reussite/accounts/second_factor.py). Failed codes are throttled by
# django-otp: each failure doubles the wait before the next attempt (1 s, 2 s, 4 s…).
OTP_TOTP_ISSUER = "Réussite"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's key or recovery codes

# The interface is French, written as French literals (docs/coding-style.md, "UI strings"): no
# locale folder, no language negotiation. USE_I18N stays on so that Django's own messages (form
# validation, admin, dates) come from its French catalogue.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# Attachments (signed consent forms...): outside the web root, served only through a permission check.
REUSSITE_PRIVATE_MEDIA_ROOT = Path(os.environ.get("REUSSITE_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# Largest attachment accepted, in bytes.
REUSSITE_MAX_ATTACHMENT_BYTES = int(os.environ.get("REUSSITE_MAX_ATTACHMENT_BYTES", str(5 * 1024 * 1024)))

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]

# Outside debug mode the back end must be chosen explicitly: the console one would print password-reset
# links and addresses to the process log (the WSGI application and `check --deploy` refuse to start).
REUSSITE_EMAIL_BACKEND_SET = bool(os.environ.get("REUSSITE_EMAIL_BACKEND"))
EMAIL_BACKEND = os.environ.get("REUSSITE_EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "reussite.core.mail.UnconfiguredEmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("REUSSITE_FROM_EMAIL", "reussite@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Refuses demo accounts' tokens when demo sign-in is off, and the tokens of accounts that must
        # pass a second factor (see docs/api.md).
        "reussite.accounts.authentication.ReussiteTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["reussite.core.api_filters.IdFilterBackend"],
    # JSON only: the browsable API's forms would list related objects outside the user's scope.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "reussite.core.api_parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "reussite.core.api_exceptions.exception_handler",
    # No OPTIONS introspection (405): the schema documents the API; OPTIONS failed on HTML views.
    "DEFAULT_METADATA_CLASS": None,
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Réussite",
    "DESCRIPTION": "API du réseau des Programmes de Réussite Éducative. Toutes les réponses sont "
    "limitées au périmètre des adhésions de l'utilisateur.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Schema and documentation for signed-in users only, like everything else.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status" field with their own choices: name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "ConventionStatusEnum": "reussite.funding.models.Convention.Status",
        "StateConventionStatusEnum": "reussite.funding.models.StateConvention.Status",
        "AttendanceStatusEnum": "reussite.governance.models.Attendance.Status",
    },
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("REUSSITE_LOG_LEVEL", "WARNING")},
}

# The official QPV list coordinators pick from (reussite/territory/qpv_list.py): the bundled file
# (national 2024– list, data/SOURCE.md) unless an operator points this at another file with its columns.
REUSSITE_QPV_LIST = os.environ.get("REUSSITE_QPV_LIST", "")
# Invitations: the one-time link to choose a password expires after this many seconds (7 days).
REUSSITE_INVITATION_SECONDS = int(os.environ.get("REUSSITE_INVITATION_SECONDS", str(7 * 24 * 3600)))

# Small-cell suppression threshold for aggregates shown outside the owning programme.
REUSSITE_SMALL_CELL_THRESHOLD = 5
# Demo accounts may sign in only while DEBUG is on, unless explicitly allowed (tests).
REUSSITE_ALLOW_DEMO_USERS = env_bool("REUSSITE_ALLOW_DEMO_USERS", DEBUG)
