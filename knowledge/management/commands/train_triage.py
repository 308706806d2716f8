"""Train the triage suggestions' classifier on the complaints already categorised and store
it (knowledge.triage); the "triage_training" job does the same daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from knowledge import triage, triage_model


class Command(BaseCommand):
    help = ("Train the category suggestions on the latest categorised complaints and store "
            "the model in the media storage.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=triage.TRAINING_EXAMPLES,
                            help="latest categorised complaints to learn from "
                                 "(default %(default)s)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1.")
        result = triage.train_and_store(limit=options["limit"])
        if not result.stored:
            raise CommandError(
                f"Not trained: {result.examples} categorised complaints in "
                f"{result.categories} categories (at least {triage_model.MIN_EXAMPLES} in "
                f"{triage_model.MIN_CATEGORIES} categories are needed).")
        self.stdout.write(f"Trained on {result.examples} complaints in {result.categories} "
                          f"categories in {result.seconds:.1f} s; stored as "
                          f"{triage_model.MODEL_PATH}.")
