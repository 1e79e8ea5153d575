"""Stored police events with a county as location get the municipality their name ends in (feed change of
February 2026: otherwise they count in no municipality)."""

from django.db import migrations


def rederive(apps, schema_editor):
    from incidents.police_feed import place_of

    PoliceEvent = apps.get_model("incidents", "PoliceEvent")
    for event in PoliceEvent.objects.filter(location_name__endswith=" län").only("id", "name", "location_name"):
        code, county_level = place_of(event.location_name, event.name)
        PoliceEvent.objects.filter(pk=event.pk).update(municipality_code=code, is_county_level=county_level)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0004_incident_public_ref")]
    operations = [migrations.RunPython(rederive, migrations.RunPython.noop)]
