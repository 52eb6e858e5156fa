"""Test settings: fast hashing, in-memory mail, private media in a temporary folder."""

import tempfile

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
_tmp = tempfile.mkdtemp(prefix="jpl-test-media-")
MEDIA_ROOT = f"{_tmp}/media"
PRIVATE_MEDIA_ROOT = f"{_tmp}/private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://testserver")
