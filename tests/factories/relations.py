import factory


def many(field: str) -> factory.PostGeneration:
    """A many-to-many field set from the factory's argument, e.g. `places=[...]`; left empty without one."""

    def set_them(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field).set(extracted)

    return factory.PostGeneration(set_them)
