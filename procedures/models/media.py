"""Images and document files (attachments, imported originals), kept in private storage."""

from django.db import models
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Image,
    WagtailImageField,
    get_rendition_upload_to,
    get_upload_to,
)

from ..storage import private_image_storage, private_storage


class LibraryDocument(AbstractDocument):
    """A Wagtail document (attachment or imported original) kept in private storage."""

    file = models.FileField(upload_to="documents", storage=private_storage, verbose_name="file")

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = "document file"
        permissions = [("choose_document", "Can choose document")]


class LibraryImage(AbstractImage):
    """A Wagtail image (WAGTAILIMAGES_IMAGE_MODEL) kept in private storage: who may see it
    follows the documents that use it (`media_access.image_is_visible_to`)."""

    file = WagtailImageField(
        verbose_name="file",
        upload_to=get_upload_to,
        storage=private_image_storage,
        width_field="width",
        height_field="height",
    )

    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"


class LibraryRendition(AbstractRendition):
    """A resized copy of a `LibraryImage`, private like its original."""

    image = models.ForeignKey(LibraryImage, on_delete=models.CASCADE, related_name="renditions")
    file = WagtailImageField(
        upload_to=get_rendition_upload_to,
        storage=private_image_storage,
        width_field="width",
        height_field="height",
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename: str) -> str:
        # Beside original_images/ in private storage; "renditions/" reads better in URLs.
        return f"renditions/{self.file.field.storage.get_valid_name(filename)}"
