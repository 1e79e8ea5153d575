"""A municipality's logo: whatever an administrator uploads is decoded by Pillow and written anew as a small
PNG. Nothing of the upload but its pixels survives (no metadata, no scripts: SVG is refused), and an image
that would decode to an enormous bitmap is refused before it is decoded."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_SOURCE_PIXELS = 25_000_000  # 5,000 × 5,000: far beyond a logo, far below a decompression bomb
ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
BOX = (480, 160)  # twice the header's size, for sharp logos on phones


def normalise_logo(upload) -> bytes:
    """The upload as a PNG that fits BOX; ValidationError with the reason otherwise."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("Logotypen får vara högst 2 MB."))
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Logotypen ska vara en PNG-, JPEG-, WebP- eller GIF-bild (inte SVG)."))
            if image.width * image.height > MAX_SOURCE_PIXELS:
                raise ValidationError(_("Bilden är för stor: högst 25 miljoner bildpunkter."))
            image.seek(0)  # the first frame of an animation
            logo = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise ValidationError(
            _("Filen kunde inte läsas som en bild. Spara logotypen som PNG eller JPEG och försök igen.")
        ) from None
    logo.thumbnail(BOX, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    logo.save(out, format="PNG", optimize=True)
    return out.getvalue()
