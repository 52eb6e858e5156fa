"""Settings shared by every environment. Values that differ between machines come from the
environment (django-environ), with safe local defaults."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent  # the `site/` folder (package jpl_site)
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()
# A local .env file is optional; real deployments set variables in the environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "accounts",
    "procedures",
    "procedures.induction",
    "search",
    "importers",
    "wagtail.contrib.table_block",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "django_tasks",
    "django_tasks_db",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "csp",
    "mozilla_django_oidc",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early in the list so their headers are set last, over whatever a view chose:
    # no library response stays in a browser's cache; every response carries a CSP.
    "accounts.middleware.NoStoreMiddleware",
    "accounts.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The library is an intranet: every page needs a signed-in user unless a view is
    # explicitly marked @login_not_required (login, health check, static files).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Signs out a session left idle for SESSION_IDLE_TIMEOUT (README, "Sign-in").
    "accounts.middleware.SessionIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Need to know: every page, revision, workflow state, image or file a URL names is
    # checked against procedures.access before any view runs (procedures/need_to_know.py).
    "procedures.need_to_know.NeedToKnowMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jpl_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "accounts.context_processors.single_sign_on",
            ],
        },
    },
]

WSGI_APPLICATION = "jpl_site.wsgi.application"

# DATABASE_URL picks the engine: SQLite by default, PostgreSQL in production
# (postgres://user@host:5432/name).
# An empty DATABASE_URL counts as unset.
DATABASE_URL = env("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers carry on while an editor publishes; the timeout waits out
            # short write locks instead of failing with "database is locked".
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "static_collected")
STATIC_URL = "/static/"

# Public media: nothing of the library's is stored here. Attachments, imported originals,
# images and their renditions all live in PRIVATE_MEDIA_ROOT and are only ever served
# through a view that checks permission.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Request bodies other than files are held in memory up to this (Django's default, 2.5 MB);
# uploaded files above FILE_UPLOAD_MAX_MEMORY_SIZE stream to a temporary file on disk, so a
# large Word upload does not sit in a worker's memory while it arrives. The reverse proxy
# caps the whole body (README, "Running in production").
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Word imports (importers.cleanup): a preview never confirmed expires after this many seconds;
# the files of an import that did not commit are swept once its process has gone, or after
# this many seconds if it cannot be told whether it has (another host, a stuck worker).
IMPORT_PREVIEW_MAX_AGE = env.int("IMPORT_PREVIEW_MAX_AGE", default=24 * 3600)
IMPORT_JOURNAL_MAX_AGE = env.int("IMPORT_JOURNAL_MAX_AGE", default=3600)

# A review is "due soon" this many days ahead, everywhere: the owner's reminder e-mails, the
# admin's Reviews due and the home page's "your reviews". 30, not the home page's former 60:
# the reminder is what asks an owner to act, and a list on the home page that ran a month
# ahead of it named documents nobody had been asked about yet.
REVIEW_DUE_SOON_DAYS = env.int("REVIEW_DUE_SOON_DAYS", default=30)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="procedures-library@localhost")

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Wagtail
WAGTAIL_SITE_NAME = "Joint Procedures Library"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_DOCUMENT_MODEL = "procedures.LibraryDocument"
# Documents are always served by Wagtail's view so that the before_serve_document hook
# can refuse restricted attachments; never by redirecting to a storage URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Images in private storage, served only by procedures.views.serve_image (README, Security).
WAGTAILIMAGES_IMAGE_MODEL = "procedures.LibraryImage"
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "doc",
    "docm",
    "dotx",
    "xlsx",
    "xls",
    "pptx",
    "odt",
    "txt",
    "csv",
]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_I18N_ENABLED = False
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# Publish the approved revision itself, whoever approved last (procedures/workflow_actions.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "procedures.workflow_actions.publish_approved_revision"
WAGTAIL_MODERATION_ENABLED = True
# Workflow e-mails go to the people who must act, and only to those cleared for the document
# (procedures/notifications.py), not to every superuser.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILADMIN_COMMENTS_ENABLED = True

# Database engines rank this many matching sections one by one before treating a query as
# very common (0: the engine's default: PostgreSQL 1,000, SQLite 2,000). See README, Search.
SEARCH_MAX_SCORED_SECTIONS = env.int("SEARCH_MAX_SCORED_SECTIONS", default=0)
# Days search-insight counts (per query text, never who searched) are kept.
SEARCH_INSIGHTS_DAYS = env.int("SEARCH_INSIGHTS_DAYS", default=90)

# Search: the database's own full-text engine unless ELASTICSEARCH_URL is set; then
# Elasticsearch 8/9, or OpenSearch 2/3 with ELASTICSEARCH_FLAVOUR=opensearch (README, "Search").
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_FLAVOUR = env("ELASTICSEARCH_FLAVOUR", default="elasticsearch").strip().lower()
if ELASTICSEARCH_FLAVOUR not in ("elasticsearch", "opensearch"):
    raise ImproperlyConfigured(
        f"ELASTICSEARCH_FLAVOUR is {ELASTICSEARCH_FLAVOUR!r}: set it to 'elasticsearch' "
        "(Elasticsearch 8/9, the default) or 'opensearch' (OpenSearch 2/3)."
    )
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="jpl")
# The server's major version (Elasticsearch 8 or 9, OpenSearch 2 or 3; default the newest):
# chooses the compatibility headers the client sends and Wagtail's backend (search.clients).
ELASTICSEARCH_VERSION = env.int("ELASTICSEARCH_VERSION", default=0) or (
    9 if ELASTICSEARCH_FLAVOUR == "elasticsearch" else 3
)
if (
    ELASTICSEARCH_VERSION
    not in {"elasticsearch": (8, 9), "opensearch": (2, 3)}[ELASTICSEARCH_FLAVOUR]
):
    raise ImproperlyConfigured(
        f"ELASTICSEARCH_VERSION is {ELASTICSEARCH_VERSION} for {ELASTICSEARCH_FLAVOUR}: use 8 or "
        "9 for Elasticsearch, 2 or 3 for OpenSearch."
    )
# Seconds: indexing and admin requests; one search request (a person is waiting); how long
# the site keeps to the database after the cluster failed to answer before trying it again.
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=5)
ELASTICSEARCH_SEARCH_TIMEOUT = env.float("ELASTICSEARCH_SEARCH_TIMEOUT", default=2)
ELASTICSEARCH_RETRY_AFTER = env.float("ELASTICSEARCH_RETRY_AFTER", default=30)
# The search outbox's retry back-off: first delay in seconds, doubling up to the maximum.
SEARCH_OUTBOX_BACKOFF = env.float("SEARCH_OUTBOX_BACKOFF", default=5)
SEARCH_OUTBOX_BACKOFF_MAX = env.float("SEARCH_OUTBOX_BACKOFF_MAX", default=300)
# Background tasks (django-tasks): with a cluster, index updates (ours and Wagtail's) are
# queued in the database and run by `manage.py db_worker`; without one they run in-process.
TASKS_BACKEND = env(
    "TASKS_BACKEND",
    default="django_tasks_db.DatabaseBackend"
    if ELASTICSEARCH_URL
    else "django_tasks.backends.immediate.ImmediateBackend",
)
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
if ELASTICSEARCH_URL:
    _default_backend = {
        ("elasticsearch", 8): "search.wagtail_backends.Elasticsearch8Backend",
        ("elasticsearch", 9): "search.wagtail_backends.Elasticsearch9Backend",
        ("opensearch", 2): "search.wagtail_backends.OpenSearch2Backend",
        ("opensearch", 3): "search.wagtail_backends.OpenSearch3Backend",
    }[(ELASTICSEARCH_FLAVOUR, ELASTICSEARCH_VERSION)]
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": env("ELASTICSEARCH_BACKEND", default=_default_backend),
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": f"{ELASTICSEARCH_INDEX_PREFIX}_",
            "TIMEOUT": ELASTICSEARCH_TIMEOUT,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}

# Sign-in and the browser (README, "Sign-in"). -----------------------------------------------

# Sessions end when the browser closes and after SESSION_IDLE_MINUTES without a request; the
# server forgets an idle session too (its expiry moves forward at most once a minute).
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Password sign-in is throttled on every login form (site and admin) by django-axes: after
# LOGIN_FAILURE_LIMIT failures for one account, or LOGIN_ADDRESS_FAILURE_LIMIT from one
# address (higher: a control room shares one), that account or address is locked for
# LOGIN_LOCKOUT_MINUTES. Administrators unlock in the admin (Settings > Sign-in lockouts).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_HANDLER = "accounts.throttle.AccountAndAddressHandler"
AXES_COOLOFF_TIME = env.float("LOGIN_LOCKOUT_MINUTES", default=30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each counted on its own
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_RESET_ON_SUCCESS = False  # a good password elsewhere must not clear an address's count
AXES_SENSITIVE_PARAMETERS = ["password", "csrfmiddlewaretoken"]
# The address a sign-in came from (accounts.throttle.client_address): REMOTE_ADDR, or behind
# reverse proxies that append to X-Forwarded-For, the entry the outermost of them added.
LOGIN_THROTTLE_PROXY_COUNT = env.int("LOGIN_THROTTLE_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_address"

# No request leaves the site: no avatar service (Wagtail shows its default avatar), no check
# for new Wagtail releases from the admin dashboard.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Content-Security-Policy (django-csp, accounts.middleware). The staff site has no inline
# script or style and enforces the strict policy. The admin enforces the strictest policy
# Wagtail 8 works under: its page editor, choosers and date fields write inline <script>
# (InlinePanel, DocumentChooser, initDateChooser), so scripts and styles may be inline, but
# nothing loads from another host, no plugins, no <base>, forms post only to the site. The
# strict policy is sent to the admin as report-only, so the browser reports what is left.
_CSP_BASE = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_BASE}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_BASE,
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-ancestors": ["'self'"],  # the page editor's live preview frames the page
    }
}
ADMIN_CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _CSP_BASE}

# Single sign-on through OpenID Connect (mozilla-django-oidc), on when OIDC_RP_CLIENT_ID is
# set. Local accounts stay (demo, break-glass administration). README, "Single sign-on".
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default="")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", default="openid email profile")
OIDC_USE_PKCE = env.bool("OIDC_USE_PKCE", default=True)
OIDC_TIMEOUT = env.float("OIDC_TIMEOUT", default=10)
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", default="your organisation account")
# Which claims name the person and their groups, and how claim values map to the library's
# groups: a JSON object {"claim value": "Group name" or ["Group", ...]}. Only groups named in
# the mapping are managed: each sign-in adds and removes exactly those.
OIDC_USERNAME_CLAIM = env("OIDC_USERNAME_CLAIM", default="preferred_username")
OIDC_GROUPS_CLAIM = env("OIDC_GROUPS_CLAIM", default="groups")
OIDC_GROUP_MAP = env.json("OIDC_GROUP_MAP", default={})
OIDC_CREATE_USER = True
OIDC_STORE_ID_TOKEN = False
OIDC_STORE_ACCESS_TOKEN = False
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?sso=failed"
if OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_ISSUER",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _missing:
        raise ImproperlyConfigured(
            f"OIDC_RP_CLIENT_ID is set, so single sign-on is on, but {', '.join(_missing)} "
            "is not: copy them from the provider's /.well-known/openid-configuration "
            "(README, Single sign-on)."
        )
    AUTHENTICATION_BACKENDS.append("accounts.oidc.LibraryOIDCBackend")
