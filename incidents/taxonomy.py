"""The EST taxonomy as EST tools use it: (code, name, [(code, name), ...]). Editable afterwards by an administrator."""

TAXONOMY = [
    ("skadegorelse", "Skadegörelse", [("klotter", "Klotter"), ("glaskross", "Glaskross"), ("brand", "Brand")]),
    ("samling", "Otrygghetsskapande samling av personer", []),
    (
        "ordning",
        "Ordningsstörning, våld och narkotika",
        [("ordningsstorning", "Ordningsstörning"), ("vald", "Våld"), ("narkotika", "Misstänkt narkotikahantering")],
    ),
    (
        "otrygg-plats",
        "Otrygg plats",
        [("belysning", "Belysning"), ("siktlinjer", "Siktlinjer"), ("nedskrapning", "Nedskräpning")],
    ),
    ("arrangemang", "Arrangemang", []),
]


def seed(category_model) -> None:
    """Create the categories that are missing; existing ones (and an administrator's edits) are kept.
    Takes the model as an argument so the data migration can pass its historical model."""
    for main_order, (code, name, children) in enumerate(TAXONOMY):
        main, _ = category_model.objects.get_or_create(code=code, defaults={"name": name, "order": main_order})
        for order, (child_code, child_name) in enumerate(children):
            category_model.objects.get_or_create(
                code=child_code, defaults={"name": child_name, "parent": main, "order": order}
            )
