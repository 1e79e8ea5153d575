"""A JSON serializer for backups that keeps datetimes to the microsecond.

Django's JSON serializer cuts datetimes to milliseconds and its XML deserializer strips whitespace at
the ends of texts; either would make a backup round trip inexact.
"""

import datetime

from django.core.serializers.json import (
    Deserializer,  # noqa: F401 - registered as this format's deserializer
    DjangoJSONEncoder,
)
from django.core.serializers.json import Serializer as JSONSerializer


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder
