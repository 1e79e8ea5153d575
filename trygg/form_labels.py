"""Labels without a trailing colon, as Swedish public-sector forms write them (Django adds ":" by default).

Applied once at start-up (accounts.apps): after a form is built, the default suffix is replaced by none.
"""

from django import forms

_original_init = forms.BaseForm.__init__


def _init_without_colon(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    if str(self.label_suffix).strip() == ":":
        self.label_suffix = ""


def drop_label_colons() -> None:
    if forms.BaseForm.__init__ is not _init_without_colon:
        forms.BaseForm.__init__ = _init_without_colon
