"""Every image of a document decoded and checked once, in the dry run as in the import.

An image is checked by its header first (pixel count against the limit, so a decompression
bomb costs nothing), then Pillow verifies its structure and decodes every pixel. Formats
browsers show are kept as they are; BMP, TIFF and the like are converted to PNG; anything that
fails (damaged, truncated, too large, EMF/WMF vector pictures) becomes a warning and a
placeholder in the page, never a stored file that makes the page fail to render.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings

from PIL import Image as PILImage

from .package import Limits
from .word import Image

WEB_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
CONVERTIBLE = ("BMP", "TIFF", "ICO", "PCX", "PPM", "TGA", "DIB")


def check_image(image: Image, lim: Limits) -> None:
    """Fill image.web_data / extension / size, or image.problem with the reason it is not
    kept."""
    try:
        _check(image, lim)
    except PILImage.UnidentifiedImageError:
        image.problem = (
            "browsers cannot show it (it is damaged, or a format such as EMF/WMF that is not a "
            "web image)"
        )
    except PILImage.DecompressionBombError:
        image.problem = "it has too many pixels to decode safely (a decompression bomb?)"
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError, IndexError,
            TypeError, struct.error) as exc:  # fmt: skip
        image.problem = f"it is damaged or not an image Pillow can read ({type(exc).__name__})"
    if image.problem:
        image.web_data = None


def _check(image: Image, lim: Limits) -> None:
    if not image.data:
        image.problem = "it is empty"
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        with PILImage.open(io.BytesIO(image.data)) as probe:
            width, height = probe.size
            fmt = probe.format or ""
            if width <= 0 or height <= 0:
                image.problem = "it has no pixels"
                return
            if width * height > lim.max_image_pixels:
                image.problem = (
                    f"it is {width}x{height} pixels (limit {lim.max_image_pixels:,} pixels)"
                )
                return
            if fmt in ("WMF", "EMF"):
                image.problem = "browsers cannot show it (a Windows EMF/WMF vector picture)"
                return
            probe.verify()
        with PILImage.open(io.BytesIO(image.data)) as decoded:
            decoded.load()  # decodes every pixel: truncated or corrupt data fails here
            image.size = (width, height)
            if fmt in WEB_FORMATS:
                image.web_data, image.extension = image.data, WEB_FORMATS[fmt]
                return
            if fmt in CONVERTIBLE:
                mode = "RGBA" if decoded.mode in ("RGBA", "LA", "P") else "RGB"
                converted = io.BytesIO()
                decoded.convert(mode).save(converted, "PNG")
                image.web_data, image.extension = converted.getvalue(), "png"
                return
            image.problem = f"browsers cannot show its format ({fmt or 'unknown'})"


def check_images(images: list[Image], lim: Limits) -> None:
    """Check each distinct image once (a logo repeated on every page is decoded once)."""
    seen: dict[str, Image] = {}
    for image in images:
        digest = hashlib.sha256(image.data).hexdigest()
        first = seen.get(digest)
        if first is None:
            check_image(image, lim)
            seen[digest] = image
        else:
            image.web_data, image.extension = first.web_data, first.extension
            image.size, image.problem = first.size, first.problem
