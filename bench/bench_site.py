"""Settings and URLs for serving the project under benchmark: the project's own, plus two
views to compare with (`/bench/trivial/`: a constant text, no database; `/bench/api/ping/`:
the API's authentication and the request's agent, nothing else)."""

from contactcenter.settings import *  # noqa: F403

ROOT_URLCONF = "bench_site_urls"
