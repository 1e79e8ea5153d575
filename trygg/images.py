"""Uploaded images, made safe: Pillow decodes the upload and writes its pixels anew, so nothing else of the
file survives (no EXIF with GPS position or camera serial, no text chunks, no scripts: SVG is refused). An
image that would decode to an enormous bitmap, or that claims more pixels than its bytes can hold, is refused
before it is decoded; a JPEG is decoded at the smallest scale that still fills the box."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from trygg import ratelimit

# Phones save 12 to 48 megapixels (8064 × 6048 = 48.8 MP, the largest main cameras at full resolution;
# 200 MP sensors save 12 or 50 MP binned). Above that it is no phone photo.
MAX_SOURCE_PIXELS = 50_000_000
# A JPEG of a single colour (a lens cap) holds about 64 pixels a byte, a real photo under 10; a PNG bomb
# thousands (49 MP in 6 kB is 8,000). Checked only above SMALL_PIXELS: small images decode cheaply anyway.
MAX_PIXELS_PER_BYTE = 250
SMALL_PIXELS = 4_000_000
ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF", "MPO"}  # MPO: what some phones save as .jpg


def count_upload(user) -> ratelimit.Usage:
    """One upload by `user` against UPLOAD_RATE_LIMIT, counted before the image is decoded."""
    limit, window = settings.UPLOAD_RATE_LIMIT
    return ratelimit.hit("image-upload", f"user:{user.pk}", limit, window)


def _refuse_bombs(pixels: int, size: int) -> None:
    if pixels > MAX_SOURCE_PIXELS:
        raise ValidationError(_("Bilden är för stor: högst 50 miljoner bildpunkter."))
    if pixels > SMALL_PIXELS and pixels > MAX_PIXELS_PER_BYTE * size:
        raise ValidationError(
            _(
                "Bilden har %(mp)s miljoner bildpunkter på bara %(kb)s kB, vilket inget foto har. "
                "Ladda upp fotot som det är."
            )
            % {"mp": pixels // 1_000_000, "kb": max(1, size // 1000)}
        )


def reencode(upload, *, max_bytes: int, box: tuple[int, int], fmt: str) -> tuple[bytes, tuple[int, int]]:
    """The upload's pixels, turned upright, fitted into `box` and saved as `fmt` ("PNG" or "JPEG"), with
    the result's size. ValidationError with the reason otherwise."""
    if upload.size > max_bytes:
        raise ValidationError(_("Bilden får vara högst %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)})
    try:
        with Image.open(io.BytesIO(upload.read())) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Bilden ska vara en PNG-, JPEG-, WebP- eller GIF-bild (inte SVG)."))
            _refuse_bombs(image.width * image.height, upload.size)
            image.seek(0)  # the first frame of an animation
            image.draft(image.mode, box)  # JPEG: decoded at 1/2, 1/4 or 1/8 scale when that still fills the box
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
