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
    "procedures",
    "procedures.induction",
    "search",
    "importers",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The library is an intranet: every page needs a signed-in user unless a view is
    # explicitly marked @login_not_required (login, health check, static files).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
# Seconds: indexing and admin requests; one search request (a person is waiting); how long
# the site keeps to the database after the cluster failed to answer before trying it again.
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=5)
ELASTICSEARCH_SEARCH_TIMEOUT = env.float("ELASTICSEARCH_SEARCH_TIMEOUT", default=2)
ELASTICSEARCH_RETRY_AFTER = env.float("ELASTICSEARCH_RETRY_AFTER", default=30)
if ELASTICSEARCH_URL:
    _default_backend = {
        "elasticsearch": "modelsearch.backends.elasticsearch8",
        "opensearch": "modelsearch.backends.opensearch3",
    }[ELASTICSEARCH_FLAVOUR]
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
