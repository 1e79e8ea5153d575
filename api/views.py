from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from accounts.selectors import municipalities_for
from fieldwork import selectors
from fieldwork.models import ActivityLog, LogType
from places.models import Place
from places.selectors import places_for
from trygg.calendar import local_day_bounds, period_errors

from .models import ApiToken
from .permissions import ReadOrEditPlaces, ReadOrLogActivities
from .serializers import ActivityLogSerializer, PlaceSerializer


def api_municipalities(request):
    """The user's municipalities; with an API key only the key's municipality."""
    municipalities = municipalities_for(request.user)
    if isinstance(request.auth, ApiToken):
        municipalities = municipalities.filter(pk=request.auth.municipality_id)
    return municipalities


class TenantContextMixin:
    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request.user.is_authenticated:
            context["municipalities"] = api_municipalities(self.request)
        return context


class PlaceViewSet(TenantContextMixin, viewsets.ModelViewSet):
    """Named places of the user's municipalities."""

    serializer_class = PlaceSerializer
    permission_classes = [ReadOrEditPlaces]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    queryset = Place.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return (
            places_for(self.request.user)
            .filter(municipality__in=api_municipalities(self.request))
            .order_by("id")
        )


class LogFilterSerializer(serializers.Serializer):
    fran = serializers.DateField(required=False, help_text="Första dag (ÅÅÅÅ-MM-DD).")
    till = serializers.DateField(required=False, help_text="Sista dag (ÅÅÅÅ-MM-DD).")
    typ = serializers.ChoiceField(choices=LogType.choices, required=False)

    def validate(self, attrs):
        if errors := period_errors(
            attrs.get("fran"), attrs.get("till"), field="till", message="Sista dag kan inte vara före första dag."
        ):
            raise serializers.ValidationError(errors)
        return attrs


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("fran", OpenApiTypes.DATE),
            OpenApiParameter("till", OpenApiTypes.DATE),
            OpenApiParameter("typ", OpenApiTypes.STR, enum=LogType.values),
        ]
    )
)
class ActivityLogViewSet(
    TenantContextMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Delivered shifts, patrols, visits and lectures, with the same visibility as the pages."""

    serializer_class = ActivityLogSerializer
    permission_classes = [ReadOrLogActivities]
    queryset = ActivityLog.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        logs = selectors.logs_for(self.request.user).filter(municipality__in=api_municipalities(self.request))
        logs = logs.order_by("-started_at", "-id")
        if self.action != "list":
            return logs
        filters = LogFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        first, last = filters.validated_data.get("fran"), filters.validated_data.get("till")
        if first:
            logs = logs.filter(started_at__gte=local_day_bounds(first, first)[0])
        if last:
            logs = logs.filter(started_at__lt=local_day_bounds(last, last)[1])
        if "typ" in filters.validated_data:
            logs = logs.filter(log_type=filters.validated_data["typ"])
        return logs
