"""All demo data in one place, out of the domain apps: the Strängnäs programme, field work and situation
picture and measure evaluations, loaded in dependency order by `manage.py load_demo` (and by the browser tests)."""

DEMO_PASSWORD = "trygg-demo-2024"
DEMO_USERS = ("samordnare", "kommunpolis", "eskilstuna", "nattvandrare", "nattvandrare2", "lasare", "admin")


def load_all() -> None:
    """Idempotent: a second run creates nothing new."""
    from demo import dialogue, evaluation, fieldwork, incidents, programme, shifts, strategy, surveys

    programme.load()
    fieldwork.load()
    shifts.load()
    incidents.load()
    evaluation.load()
    surveys.load()
    strategy.load()  # its lägesbild counts the incidents, the logged work and the survey
    dialogue.load()
    fieldwork.publish_follow_ups()


__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "load_all"]
