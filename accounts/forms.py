"""Form parts shared by every app."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .services import StaleEdit, version_of


class VersionedFormMixin:
    """Carries the edited object's version in a hidden field, so a save from a stale form is refused
    (accounts.services.save_audited) and the other person's change is shown instead of lost."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
        if self.instance.pk and not self.is_bound:
            # Opened for editing: the instance is as stored (a posted form carries the version it was opened at).
            self.fields["version"].initial = version_of(self.instance)

    @property
    def expected_version(self) -> str | None:
        return (self.cleaned_data.get("version") or None) if self.instance.pk else None

    def refuse_stale(self, stale: StaleEdit) -> None:
        """Explain whose change came first, and take its version: saving again now overwrites knowingly."""
        latest = stale.latest
        if latest is None:
            message = _("Någon annan har ändrat detta medan du redigerade. Kontrollera och spara igen.")
        else:
            changes = "; ".join(f"{field}: {values[1]}" for field, values in latest.changes.items())
            message = _(
                "%(who)s ändrade detta %(when)s medan du redigerade (%(changes)s). Din ändring sparades inte. "
                "Jämför, och spara igen om din version ska gälla."
            ) % {
                "who": latest.user.get_username() if latest.user else _("Någon"),
                "when": formats.date_format(timezone.localtime(latest.at), "j F Y H:i"),
                "changes": changes or "–",
            }
        self.add_error(None, message)
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = stale.current_version
