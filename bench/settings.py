"""Settings of the served app under benchmark: the real settings, plus the bare view's URL."""

from reussite.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
