"""Forms ask before text that seems to name a person is saved: the writer rewrites it or confirms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .screening import likely_names, quoted_names, screen

CONFIRM_FIELD = "bekrafta_inga_namn"
# Fields whose values are not free text a person wrote about others.
NOT_FREE_TEXT = (forms.EmailField, forms.RegexField, forms.SlugField, forms.URLField)


def names_message(names: list[str]) -> str:
    return _(
        "Texten verkar innehålla namn på en person (%(names)s). Skriv om den så att den beskriver platsen och "
        "situationen, eller bekräfta nedan att det inte är en person (t.ex. ett platsnamn)."
    ) % {"names": quoted_names(names)}


class NameCheckMixin:
    """Every free-text field is checked for likely personal names; nothing is saved until the writer
    rewrites the text or ticks the confirmation, which then appears under the form. Text holding personal
    data that is refused outright (a number, an address) is left to that refusal and its clearer message."""

    def clean(self):
        cleaned = super().clean()
        if self.data.get(self.add_prefix(CONFIRM_FIELD)) in ("on", "1", "true", "True"):
            return cleaned
        flagged = False
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if not isinstance(value, str) or not isinstance(field, forms.CharField) or isinstance(field, NOT_FREE_TEXT):
                continue
            names = likely_names(value) if not screen(value) else []
            if names:
                self.add_error(name, names_message(names))
                flagged = True
        if flagged:
            self.fields[CONFIRM_FIELD] = forms.BooleanField(
                required=False,
                label=_("Jag har kontrollerat texten: den namnger ingen person."),
            )
        return cleaned
