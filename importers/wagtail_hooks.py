"""Admin wiring for the Word importer: its views and a menu item for those who may import."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls
from .views import may_import


@hooks.register("register_admin_urls")
def register_importer_urls():
    return [path("import-word/", include(urls, namespace="importers"))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import(request.user)


@hooks.register("register_admin_menu_item")
def register_importer_menu_item():
    return ImportMenuItem(
        "Import Word file", reverse("importers:upload"), name="import-word", icon_name="doc-full",
        order=350,
    )  # fmt: skip
