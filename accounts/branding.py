"""A municipality's logo: whatever an administrator uploads becomes a small PNG (trygg.images)."""

from trygg.images import reencode

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
BOX = (480, 160)  # twice the header's size, for sharp logos on phones


def normalise_logo(upload) -> bytes:
    """The upload as a PNG that fits BOX; ValidationError with the reason otherwise."""
    png, _size = reencode(upload, max_bytes=MAX_UPLOAD_BYTES, box=BOX, fmt="PNG")
    return png
