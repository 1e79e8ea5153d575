"""Refuse requests that carry NUL characters.

PostgreSQL cannot store or even compare text with NUL (0x00), so such input would end in a database
error (a 500) wherever it reaches a query. No legitimate form, query or JSON body needs it.
"""

import base64
import binascii
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse

MESSAGE = "Förfrågan innehåller otillåtna tecken (NUL)."


def _basic_credentials(request: HttpRequest) -> bytes:
    kind, _, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if kind.lower() != "basic":
        return b""
    try:
        return base64.b64decode(token.strip(), validate=True)
    except (binascii.Error, ValueError):
        return b""


def _has_nul(request: HttpRequest) -> bool:
    if b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")) or "\x00" in request.path:
        return True
    # Headers reach queries too: the session cookie, a Basic username.
    if any("\x00" in str(v) for k, v in request.META.items() if k.startswith("HTTP_")):
        return True
    if any("\x00" in v for v in request.COOKIES.values()) or b"\x00" in _basic_credentials(request):
        return True
    if request.method in ("POST", "PUT", "PATCH"):
        if request.content_type == "multipart/form-data":
            # Uploads stream to disk: read the parsed text fields, never the whole body into memory.
            return any("\x00" in value for values in request.POST.lists() for value in values[1])
        body = request.body
        if b"\x00" in body or b"%00" in body or b"\\u0000" in body.lower():
            return True
    return False


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        try:
            if _has_nul(request):
                return JsonResponse({"detail": MESSAGE}, status=400)
        except RequestDataTooBig:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_000_000
            return JsonResponse({"detail": f"Förfrågan är för stor: högst {limit:.1f} MB tas emot."}, status=413)
        return self.get_response(request)
