"""The task queues (settings.TASKS lists them). run_worker serves the imports queue on a loop of its own, so
that e-mail and the scheduled jobs on the default queue never wait behind a long import."""

DEFAULT_QUEUE = "default"
IMPORTS_QUEUE = "imports"
