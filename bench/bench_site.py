"""Settings and URLs for serving the project under benchmark: the project's own, plus one
trivial view to compare with (`/bench/trivial/`: a constant text, no database)."""

from contactcenter.settings import *  # noqa: F403

ROOT_URLCONF = "bench_site_urls"
