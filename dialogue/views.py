from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import form_page, require
from accounts.roles import EDIT
from accounts.selectors import municipality_for
from accounts.services import save_form_audited

from . import selectors
from .forms import DialogueForm


@login_required
def dialogue_edit(request: HttpRequest, municipality: str | None = None, pk: int | None = None) -> HttpResponse:
    require(request, EDIT)
    dialogue = get_object_or_404(selectors.dialogues_for(request.user), pk=pk) if pk else None
    municipality = dialogue.municipality if dialogue else municipality_for(request.user, municipality)
    form = DialogueForm(request.POST or None, instance=dialogue, municipality=municipality)
    context = {"form": form, "municipality": municipality, "instance": dialogue, "kind": _("dialog")}
    return form_page(
        request,
        "dialogue/form.html",
        context,
        form,
        lambda: save_form_audited(user=request.user, form=form),
        lambda saved: reverse("safetywalks:overview", args=[municipality.slug]),
    )
