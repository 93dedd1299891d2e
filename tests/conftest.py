from hypothesis import HealthCheck, settings

# CI runs on 2 shared cores: no per-example deadline, no too-slow health check.
settings.register_profile(
    "awscore", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=100
)
settings.load_profile("awscore")
