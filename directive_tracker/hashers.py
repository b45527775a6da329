from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with one of the OWASP Password Storage Cheat Sheet's equivalent settings
    (19 MiB, 2 passes, 1 lane) instead of Django's (100 MiB, 2 passes, 8 lanes).

    Django's cost about 0.2 s of both cores a login on the office's two-core server, so 50 people
    signing in at the start of a working day held every worker for ten seconds; this costs about
    40 ms of one core. The algorithm name stays "argon2": hashes made with Django's settings
    still verify and are rewritten with these at the user's next login."""

    memory_cost = 19 * 1024
    time_cost = 2
    parallelism = 1
