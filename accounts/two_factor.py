"""TOTP (RFC 6238) with django-otp: set up a device with a QR code, then confirm a code at every login."""

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg.forms import Form

from .enrolment import consume, pending_link


class TokenForm(Form):
    token = forms.RegexField(
        regex=r"^\d{6}$",
        label=_("Sexsiffrig kod från din app"),
        error_messages={"invalid": _("Koden är sex siffror.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/samordning/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "/samordning/"


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify with a confirmed device, or set one up (QR code) and confirm it with a first code."""
    user = request.user
    # Setting up a device needs the administrator's link (accounts.enrolment), never the password alone;
    # a link also replaces a lost phone's device.
    link = pending_link(request)
    confirmed = link is None and user_has_device(user, confirmed=True)
    device = None
    if not confirmed:
        if link is None:
            return render(request, "registration/enrolment_needed.html", {}, status=403)
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name="Autentiseringsapp", confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        candidates = [device] if device else list(TOTPDevice.objects.filter(user=user, confirmed=True))
        verified = next((d for d in candidates if d.verify_token(token)), None)
        if verified and link is not None and not consume(link):
            verified = None  # the link was used meanwhile, in another session
        if verified:
            if not verified.confirmed:
                verified.confirmed = True
                verified.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user).exclude(pk=verified.pk).delete()
            otp_login(request, verified)
            return redirect(_next(request))
        form.add_error("token", _("Koden stämmer inte. Kontrollera klockan i telefonen och försök igen."))
    context = {"form": form, "next": _next(request), "setup": device is not None}
    if device:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(
            scale=4, title="QR-kod för tvåfaktorsinloggning"
        )
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "registration/two_factor.html", context, status=400 if form.errors else 200)
