"""Uploaded images, made safe: Pillow decodes the upload and writes its pixels anew, so nothing else of the
file survives (no EXIF with GPS position or camera serial, no text chunks, no scripts: SVG is refused). An
image that would decode to an enormous bitmap is refused before it is decoded."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SOURCE_PIXELS = 50_000_000  # a 48-megapixel phone photo passes, a decompression bomb does not
ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF", "MPO"}  # MPO: what some phones save as .jpg


def reencode(upload, *, max_bytes: int, box: tuple[int, int], fmt: str) -> tuple[bytes, tuple[int, int]]:
    """The upload's pixels, turned upright, fitted into `box` and saved as `fmt` ("PNG" or "JPEG"), with
    the result's size. ValidationError with the reason otherwise."""
    if upload.size > max_bytes:
        raise ValidationError(_("Bilden får vara högst %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)})
    try:
        with Image.open(io.BytesIO(upload.read())) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Bilden ska vara en PNG-, JPEG-, WebP- eller GIF-bild (inte SVG)."))
            if image.width * image.height > MAX_SOURCE_PIXELS:
                raise ValidationError(_("Bilden är för stor: högst 50 miljoner bildpunkter."))
            image.seek(0)  # the first frame of an animation
            upright = ImageOps.exif_transpose(image)  # a phone's portrait photo stands up once EXIF is gone
            pixels = upright.convert("RGBA" if fmt == "PNG" else "RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise ValidationError(
            _("Filen kunde inte läsas som en bild. Spara den som PNG eller JPEG och försök igen.")
        ) from None
    pixels.thumbnail(box, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if fmt == "PNG":
        pixels.save(out, format="PNG", optimize=True)
    else:
        pixels.save(out, format="JPEG", quality=82, optimize=True)
    return out.getvalue(), pixels.size
