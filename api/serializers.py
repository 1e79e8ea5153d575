from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from fieldwork import services
from fieldwork.forms import one_municipality
from fieldwork.models import ActivityLog
from places.models import District, Place
from privacy.screening import validate_no_names
from trygg.text import reject_control_characters, reject_line_breaks


def _no_names(value: str) -> str:
    """The API cannot ask its caller to confirm, so text that seems to name a person is refused."""
    try:
        validate_no_names(value)
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.messages) from None
    return value


class TextRulesSerializer(serializers.ModelSerializer):
    """The forms' text rules (trygg.forms.TextRules) for API writes: no control characters in any text,
    no line breaks where the model's field is a single line."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            if isinstance(field, serializers.CharField) and not field.read_only:
                field.validators.append(reject_control_characters)
                if field.style.get("base_template") != "textarea.html":
                    field.validators.append(reject_line_breaks)
        return fields


def _raise_as_drf(error: DjangoValidationError):
    raise serializers.ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


class PlaceSerializer(TextRulesSerializer):
    municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    district = serializers.CharField(source="district.name", read_only=True)
    district_id = serializers.PrimaryKeyRelatedField(
        source="district", queryset=District.objects.none(), write_only=True
    )

    class Meta:
        model = Place
        fields = [
            "id",
            "name",
            "kind",
            "municipality",
            "district",
            "district_id",
            "latitude",
            "longitude",
            "area",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = self.context.get("municipalities")
        if municipalities is not None:
            self.fields["district_id"].queryset = District.objects.filter(municipality__in=municipalities)

    def validate_name(self, value: str) -> str:
        return _no_names(value)

    def _save(self, place: Place) -> Place:
        try:
            return services.save_place(user=self.context["request"].user, place=place)
        except DjangoValidationError as error:
            _raise_as_drf(error)

    def create(self, validated_data):
        place = Place(**validated_data)
        place.municipality = validated_data["district"].municipality
        return self._save(place)

    def update(self, instance, validated_data):
        district = validated_data.get("district")
        if district is not None and district.municipality_id != instance.municipality_id:
            # As the form: a place never moves to another municipality (its history belongs to this one).
            raise serializers.ValidationError(
                {"district_id": ["Kommundelen hör till en annan kommun. En plats kan inte flyttas mellan kommuner."]}
            )
        for key, value in validated_data.items():
            setattr(instance, key, value)
        instance.municipality = instance.district.municipality
        return self._save(instance)


class ActivityLogSerializer(TextRulesSerializer):
    municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    places = serializers.PrimaryKeyRelatedField(queryset=Place.objects.none(), many=True, allow_empty=False)
    duration_hours = serializers.FloatField(read_only=True)

    class Meta:
        model = ActivityLog
        fields = [
            "id",
            "log_type",
            "plan",
            "started_at",
            "ended_at",
            "duration_hours",
            "places",
            "staff_count",
            "youth_contacts",
            "citizen_contacts",
            "lecture_topic",
            "audience_size",
            "observations",
            "municipality",
            "organisation",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = self.context.get("municipalities")
        if municipalities is not None:
            self.fields["places"].child_relation.queryset = Place.objects.filter(
                municipality__in=municipalities, active=True
            )
            self.fields["plan"].queryset = self.fields["plan"].queryset.filter(municipality__in=municipalities)

    def validate_observations(self, value: str) -> str:
        return _no_names(value)

    def validate_places(self, places):
        try:
            one_municipality(places)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return places

    def create(self, validated_data):
        places = validated_data.pop("places")
        try:
            return services.log_activity(
                user=self.context["request"].user, log=ActivityLog(**validated_data), places=places
            )
        except DjangoValidationError as error:
            _raise_as_drf(error)
