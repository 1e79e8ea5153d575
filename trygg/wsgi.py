"""The WSGI application, ready before the first request: the URLconf (and through it every view, and
the analysis libraries behind them) is imported here, not during a worker's first request, which then
took about two seconds (seen with py-spy in bench/load.py). What is loaded then is moved out of the
garbage collector's sight (gc.freeze), so that a worker's collections walk only what requests create,
not the hundreds of thousands of objects of Django, numpy and scipy."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")

application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports every view module now
gc.collect()
gc.freeze()
