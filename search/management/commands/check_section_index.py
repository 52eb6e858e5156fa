"""Say whether the cluster's section index matches the code (mappings, analyzers, alias)."""

from django.core.management.base import BaseCommand, CommandError

from search.engines import external_engine, get_engine
from search.engines.base import EngineUnavailable
from search.outbox import summary


class Command(BaseCommand):
    help = (
        "Check the external search index against the code's mappings and analyzers; exits "
        "with an error naming the fix when they differ."
    )

    def handle(self, *args, **options):
        engine = external_engine()
        if engine is None:
            own = get_engine().label
            self.stdout.write(f"{own}: the database's own index, nothing to check.")
            return
        try:
            problem = engine.drift()
        except EngineUnavailable as error:
            raise CommandError(f"{engine.label} did not answer: {error}") from error
        state = summary()
        self.stdout.write(
            f"{engine.label}: alias {engine.index} on {', '.join(engine.alias_targets())}; "
            f"{state['pending']} update(s) pending."
        )
        if problem:
            raise CommandError(problem)
        self.stdout.write(self.style.SUCCESS("The index matches the code."))
