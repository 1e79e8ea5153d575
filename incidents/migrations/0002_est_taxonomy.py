from django.db import migrations

# The EST taxonomy as EST tools use it: (code, name, [(code, name), ...]).
TAXONOMY = [
    ("skadegorelse", "Skadegörelse", [("klotter", "Klotter"), ("glaskross", "Glaskross"), ("brand", "Brand")]),
    ("samling", "Otrygghetsskapande samling av personer", []),
    ("ordning", "Ordningsstörning, våld och narkotika", [
        ("ordningsstorning", "Ordningsstörning"), ("vald", "Våld"),
        ("narkotika", "Misstänkt narkotikahantering"),
    ]),
    ("otrygg-plats", "Otrygg plats", [
        ("belysning", "Belysning"), ("siktlinjer", "Siktlinjer"), ("nedskrapning", "Nedskräpning"),
    ]),
    ("arrangemang", "Arrangemang", []),
]


def seed(apps, schema_editor):
    Category = apps.get_model("incidents", "IncidentCategory")
    for main_order, (code, name, children) in enumerate(TAXONOMY):
        main, _ = Category.objects.get_or_create(code=code, defaults={"name": name, "order": main_order})
        for order, (child_code, child_name) in enumerate(children):
            Category.objects.get_or_create(code=child_code, defaults={"name": child_name, "parent": main, "order": order})


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
