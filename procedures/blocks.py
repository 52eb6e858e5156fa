"""StreamField blocks for a procedure's body.

Every block that shows rich text renders it through `clean_html`, so nothing that arrives in
the stored data (from the editor, the importer or anywhere else) can put script on a page.
"""

from django.core.validators import RegexValidator
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import expand_db_html

from .sanitize import clean_html
from .tables import TableComparison

RICH_TEXT_FEATURES = [
    "bold", "italic", "underline", "strikethrough", "superscript", "subscript",
    "link", "document-link", "ol", "ul",
]  # fmt: skip

anchor_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$", "Use lower-case letters, digits and hyphens only."
)


class SafeRichTextBlock(blocks.RichTextBlock):
    """A rich text block whose output is always sanitised."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(*args, **kwargs)

    def render_basic(self, value, context=None):
        return mark_safe(clean_html(expand_db_html(value.source)))  # noqa: S308 - cleaned


class HeadingBlock(blocks.StructBlock):
    """A numbered section heading with a stable anchor that deep links point to."""

    text = blocks.CharBlock(max_length=255)
    level = blocks.ChoiceBlock(
        choices=[("2", "Section (1)"), ("3", "Sub-section (1.1)"), ("4", "Paragraph (1.1.1)")],
        default="2",
    )
    number = blocks.CharBlock(
        required=False, max_length=20, help_text="As written in the document, e.g. 3.2"
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        validators=[anchor_validator],
        help_text="Set automatically from the heading when first saved. Keep it: links use it.",
    )

    class Meta:
        icon = "title"
        template = "procedures/blocks/heading.html"
        description = "A numbered heading; the contents list is built from these"
        preview_value = {"text": "Cordons", "level": "2", "number": "3", "anchor": "cordons"}


class RichTextSectionBlock(SafeRichTextBlock):
    class Meta:
        icon = "pilcrow"
        template = "procedures/blocks/rich_text.html"
        description = "Paragraphs, lists and links"
        preview_value = "<p>Officers at the scene <b>must</b> establish an inner cordon.</p>"


class StepsBlock(blocks.StructBlock):
    """Numbered steps, as on an action card. `start` keeps numbering from the original."""

    start = blocks.IntegerBlock(default=1, min_value=0)
    steps = blocks.ListBlock(SafeRichTextBlock(features=["bold", "italic", "link"]))

    class Meta:
        icon = "list-ol"
        template = "procedures/blocks/steps.html"
        description = "Steps to follow in order"
        preview_value = {
            "start": 1,
            "steps": ["Declare a major incident.", "Send a METHANE message."],
        }


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=255)
    items = blocks.ListBlock(blocks.CharBlock(max_length=500))

    class Meta:
        icon = "tasks"
        template = "procedures/blocks/checklist.html"
        description = "Items to check off"
        preview_value = {"title": "Before deployment", "items": ["BA set tested", "Radio check"]}


class TableSectionBlock(blocks.StructBlock):
    """A table; cell text is always escaped."""

    table = TableBlock(
        table_options={"contextMenu": True, "mergeCells": True, "startRows": 3, "startCols": 3}
    )

    def get_comparison_class(self):
        return TableComparison

    class Meta:
        icon = "table"
        template = "procedures/blocks/table.html"
        description = "A table with an optional header row and caption"
        preview_value = {
            "table": {
                "data": [["Role", "Service"], ["Tactical commander", "Police"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "Who does what",
            }
        }


class ImageSectionBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=255,
        required=False,
        help_text="Describe what the image shows. Leave blank only if it is decorative.",
    )
    caption = blocks.CharBlock(max_length=255, required=False)

    class Meta:
        icon = "image"
        template = "procedures/blocks/image.html"
        description = "An image or flow chart with alt text and a caption"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("safety", "Safety critical"), ("warning", "Warning"), ("note", "Note")],
        default="note",
    )
    title = blocks.CharBlock(required=False, max_length=255)
    body = SafeRichTextBlock(features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "warning"
        template = "procedures/blocks/callout.html"
        description = "A boxed safety-critical message or note"
        preview_value = {"kind": "safety", "title": "Safety critical", "body": "<p>Wear BA.</p>"}


class DocumentBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = RichTextSectionBlock()
    steps = StepsBlock()
    checklist = ChecklistBlock()
    table = TableSectionBlock()
    image = ImageSectionBlock()
    callout = CalloutBlock()


def assign_heading_anchors(stream_value) -> None:
    """Give every heading without an anchor a unique one derived from its number and text.

    Existing anchors are never changed, so links into a section survive later edits."""
    headings = [child for child in stream_value if child.block_type == "heading"]
    taken = {child.value.get("anchor") for child in headings if child.value.get("anchor")}
    for child in headings:
        if not child.value.get("anchor"):
            child.value["anchor"] = unique_anchor(
                child.value.get("number") or "", child.value["text"], taken
            )


def unique_anchor(number: str, text: str, taken: set[str]) -> str:
    """An anchor for a heading, derived from its number and text, not in `taken` (which it
    joins)."""
    base = slugify(f"{number} {text}")[:70]
    # An id that starts with a digit is awkward in CSS selectors and some screen readers.
    if not base or not base[0].isalpha():
        base = f"section-{base}".strip("-")
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor
