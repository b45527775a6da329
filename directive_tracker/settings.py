"""Settings for the directive tracker, read from the environment.

Every value has a default that runs the embedded install (SQLite, no servers); production
overrides them through environment variables (see README). A malformed value stops the process
with ImproperlyConfigured instead of being silently ignored.
"""

import datetime
import secrets
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _int_setting(name: str, default: int, *, minimum: int = 0) -> int:
    try:
        value = env.int(name, default=default)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {env.str(name)!r}") from exc
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def _int_list_setting(name: str, default: list[int]) -> list[int]:
    raw = env.str(name, default=",".join(str(v) for v in default))
    try:
        values = [int(part) for part in raw.split(",") if part.strip()]
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be whole numbers separated by commas") from exc
    if any(v < 0 for v in values):
        raise ImproperlyConfigured(f"{name} must not contain negative numbers")
    return values


def _secret_key() -> str:
    """The embedded install keeps its generated key in var/ so every process of it shares one."""
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    "assignments",
    "reports",
    "signatures",
    "rest_framework",
    "rest_framework_api_key",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "operations",
]

MIDDLEWARE = [
    # First, so that every log line of the request, even a refused one, carries its id.
    "directive_tracker.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "directive_tracker.middleware.ComposedUnicodeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "directive_tracker.middleware.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "directive_tracker.middleware.PrivateCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "directive_tracker.urls"
WSGI_APPLICATION = "directive_tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "reports.context_processors.notifications",
            ],
        },
    },
]

# SQLite unless DATABASE_URL names another database (paperless-ngx does the same).
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the Celery worker writes; IMMEDIATE transactions and
    # a busy timeout make concurrent writers wait for the lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", _int_setting("CONN_MAX_AGE", 60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Prepared statements: a statement a connection runs a second time is planned once for
    # the connection instead of on every page (0.1-0.8 ms each, more than most take to run).
    # Off behind a pooler in transaction mode (PgBouncer), which cannot keep them.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=2
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "assignments.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, which also reads the bell's unread count with the user.
    "directive_tracker.auth_backends.UserAndBellBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 first (Django's recommendation); the others only read older hashes, which Django
# rewrites with Argon2 at the user's next successful login.
PASSWORD_HASHERS = [
    "directive_tracker.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: kept in the database so every web process sees the same failures.
# An account is locked for one client address only (a stranger cannot lock a colleague out);
# an address is locked for every account after AXES_ADDRESS_FAILURE_LIMIT failures across
# accounts (password spraying). directive_tracker/login_throttle.py applies the second limit.
AXES_ACCOUNT_FAILURE_LIMIT = _int_setting("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_ADDRESS_FAILURE_LIMIT = _int_setting(
    "AXES_ADDRESS_FAILURE_LIMIT", 20, minimum=AXES_ACCOUNT_FAILURE_LIMIT
)
AXES_FAILURE_LIMIT = "directive_tracker.login_throttle.failure_limit"
AXES_COOLOFF_MINUTES = _int_setting("AXES_COOLOFF_MINUTES", 15, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_LOCKOUT_CALLABLE = "directive_tracker.login_throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
# The client's address: REMOTE_ADDR, or, behind the proxy, the address the proxy itself appended
# to X-Forwarded-For, and only when the request really comes from that proxy.
AXES_CLIENT_IP_CALLABLE = "directive_tracker.login_throttle.client_address"
TRUSTED_PROXY_ADDRESSES = env.list("TRUSTED_PROXY_ADDRESSES", default=["127.0.0.1", "::1"])

# A working day of inactivity ends the session; using the app pushes the end back
# (directive_tracker.middleware.SessionIdleMiddleware).
SESSION_COOKIE_AGE = _int_setting("SESSION_IDLE_HOURS", 8, minimum=1) * 3600
SESSION_ENGINE = "directive_tracker.sessions"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["directive_tracker.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
# WhiteNoise warns on every start until collectstatic has made it.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# Evidence files. In a deployment with several web hosts this folder must be shared storage.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
EVIDENCE_MAX_BYTES = _int_setting("EVIDENCE_MAX_MB", 20, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="nhac-viec@localhost")

SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
BEHIND_HTTPS_PROXY = env.bool("BEHIND_HTTPS_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_HTTPS_PROXY else None
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HSTS only when served over HTTPS: browsers then refuse plain HTTP to the host for a year.
# Start lower (e.g. 3600) on a new server until HTTPS is known to work.
SECURE_HSTS_SECONDS = _int_setting("SECURE_HSTS_SECONDS", 31536000 if SESSION_COOKIE_SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
# Behind the HTTPS proxy a request that reached the app over plain HTTP is redirected; the host's
# monitoring may still ask /healthz directly on the loopback.
SECURE_SSL_REDIRECT = BEHIND_HTTPS_PROXY
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SILENCED_SYSTEM_CHECKS = [
    # HSTS for subdomains: the office's domain has other sites this app does not control, some
    # still on plain HTTP; HSTS covers this host only.
    "security.W005",
    # Preloading is a permanent promise to the browsers' list for the whole domain; the same
    # reason as W005.
    "security.W021",
]
CSRF_FAILURE_VIEW = "directive_tracker.errors.csrf_failure"

# Content-Security-Policy (django-csp 4): everything from the app itself, no inline script or
# style, no framing; images may be data: URLs (the favicon, Chart.js' canvas export).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Celery. Without REDIS_URL the embedded install uses a broker kept in files under var/, so the
# worker and beat run with no server to install; production sets REDIS_URL.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A task acknowledged late is redelivered after the visibility timeout if its worker died.
    # Keep it longer than the slowest task, or a task still running is delivered a second time.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": _int_setting("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1)
    }
else:
    _broker_dir = VAR_DIR / "celery-broker"
    for sub in ("out", "processed", "control"):
        (_broker_dir / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "data_folder_processed": str(_broker_dir / "processed"),
        # Without it kombu keeps its broadcast exchanges in ./control of whatever folder it runs in.
        "control_folder": str(_broker_dir / "control"),
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Reminders (nhắc việc); the schedule itself is in directive_tracker/celery.py. The board is
# reminded REMINDER_LEAD_DAYS before the summary is due, on the day, then every
# REMINDER_OVERDUE_EVERY_DAYS until it is issued; bodies likewise until their report is submitted.
REMINDER_SCAN_MINUTES = _int_setting("REMINDER_SCAN_MINUTES", 5, minimum=1)
REMINDER_LEAD_DAYS = _int_list_setting("REMINDER_LEAD_DAYS", [7, 1])
REMINDER_OVERDUE_EVERY_DAYS = _int_setting("REMINDER_OVERDUE_EVERY_DAYS", 3, minimum=1)
# Count lead times in working days: weekends and PUBLIC_HOLIDAYS are skipped.
REMINDER_WORKING_DAYS = env.bool("REMINDER_WORKING_DAYS", default=False)
# /healthz calls the job failing when its last completed scan is older than this.
REMINDER_STALE_MINUTES = _int_setting(
    "REMINDER_STALE_MINUTES", 3 * REMINDER_SCAN_MINUTES, minimum=REMINDER_SCAN_MINUTES
)
# How long one sending may take before another worker presumes it dead and sends instead.
REMINDER_SEND_LEASE_SECONDS = _int_setting("REMINDER_SEND_LEASE_SECONDS", 300, minimum=1)
# A body still late this many working days after its due date is reported to the board, once,
# in one digest for all such bodies.
REMINDER_ESCALATE_AFTER_DAYS = _int_setting("REMINDER_ESCALATE_AFTER_DAYS", 10, minimum=1)

# The outbox (reports/outbox): every e-mail is a row, retried with growing waits (the first after
# EMAIL_RETRY_FIRST_WAIT_SECONDS, doubling up to EMAIL_RETRY_MAX_WAIT_SECONDS) for
# EMAIL_DELIVERY_WINDOW_HOURS; only then is it failed and the board told under the bell.
EMAIL_DELIVERY_WINDOW_HOURS = _int_setting("EMAIL_DELIVERY_WINDOW_HOURS", 72, minimum=24)
EMAIL_RETRY_FIRST_WAIT_SECONDS = _int_setting("EMAIL_RETRY_FIRST_WAIT_SECONDS", 60, minimum=1)
EMAIL_RETRY_MAX_WAIT_SECONDS = _int_setting("EMAIL_RETRY_MAX_WAIT_SECONDS", 3600, minimum=1)
EMAIL_SEND_LEASE_SECONDS = _int_setting("EMAIL_SEND_LEASE_SECONDS", 300, minimum=1)
# /healthz calls the outbox failing when an e-mail has waited longer than this.
EMAIL_STALE_MINUTES = _int_setting("EMAIL_STALE_MINUTES", 60, minimum=1)
EMAIL_TIMEOUT = _int_setting("EMAIL_TIMEOUT", 30, minimum=1)


def _date_list_setting(name: str, default: list[str]) -> list[datetime.date]:
    raw = env.str(name, default=",".join(default))
    try:
        return sorted(
            {datetime.date.fromisoformat(part.strip()) for part in raw.split(",") if part.strip()}
        )
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{name} must be dates like 2026-04-30 separated by commas"
        ) from exc


# Days off under the Labour Code (art. 112): New Year, Tết Nguyên đán (the days the government
# announces each year), the Hùng Kings' day (10/3 lunar), 30/4, 1/5 and National Day (2/9 and
# the day beside it), with the compensating days when one falls on a weekend. Years not yet
# announced follow the lunar calendar; set PUBLIC_HOLIDAYS to the official list when it is out.
PUBLIC_HOLIDAYS = _date_list_setting(
    "PUBLIC_HOLIDAYS",
    [
        # 2025
        "2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",
        "2025-04-07", "2025-04-30", "2025-05-01", "2025-05-02", "2025-09-01", "2025-09-02",
        # 2026: Tết from 29 tháng Chạp (16/2) to mùng 4 (20/2); 10/3 lunar is Sunday 26/4
        "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
        "2026-04-27", "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02",
        # 2027: mùng 1 Tết is Saturday 6/2; 10/3 lunar is Friday 16/4
        "2027-01-01", "2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10",
        "2027-04-16", "2027-04-30", "2027-05-03", "2027-09-02", "2027-09-03",
    ],
)  # fmt: skip

# The signed copy of an issued summary (signatures/). The CA certificates (PEM or DER, one per
# file) a digital signature must chain to; unset, signatures are shown as not checked against a
# root. With a PKCS#12 file (and its password), issuing also seals the PDF with it.
SIGNATURE_TRUST_ROOTS_DIR = env.str("SIGNATURE_TRUST_ROOTS_DIR", default="")
SIGNATURE_SEAL_PKCS12 = env.str("SIGNATURE_SEAL_PKCS12", default="")
SIGNATURE_SEAL_PASSWORD = env.str("SIGNATURE_SEAL_PASSWORD", default="")
if SIGNATURE_TRUST_ROOTS_DIR and not Path(SIGNATURE_TRUST_ROOTS_DIR).is_dir():
    raise ImproperlyConfigured(
        f"SIGNATURE_TRUST_ROOTS_DIR {SIGNATURE_TRUST_ROOTS_DIR!r} is no folder"
    )
if SIGNATURE_SEAL_PKCS12 and not Path(SIGNATURE_SEAL_PKCS12).is_file():
    raise ImproperlyConfigured(f"SIGNATURE_SEAL_PKCS12 {SIGNATURE_SEAL_PKCS12!r} is no file")
# A cache every process shares: Redis when there is one, else a database table (created by the
# api app's migration). The API's rate limits count requests here, so a per-process memory cache
# would let a client send its limit to each web process.
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }

# The API for other systems (api/): API clients authenticate with a key made in the admin;
# signed-in people browse it with their session, under the same rules as the pages.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.APIClientAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.APIClientRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests a minute an API client may make unless its own limit in the admin says otherwise.
API_DEFAULT_RATE_PER_MINUTE = _int_setting("API_DEFAULT_RATE_PER_MINUTE", 120, minimum=1)
SPECTACULAR_SETTINGS = {
    "TITLE": _("Directive tracker API"),
    "DESCRIPTION": _(
        "Read the directive, its assignments, duties, bodies, tasks and reporting periods, the "
        "bodies' progress reports with their figures and review history, and the issued "
        "periodic summaries; a body's own system saves and sends its report. Every answer "
        "follows the same access rules as the pages. Authenticate with the header "
        "“Authorization: Api-Key <key>”."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.drop_database_limits",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ReportStateEnum": "reports.models.progress.ProgressReport.State",
        "EntryStatusEnum": "reports.models.progress.ProgressEntry.Status",
        "TaskRoleEnum": "assignments.models.Role",
        "PeriodKindEnum": "assignments.models.Directive.ReportKind",
        "SummaryStateEnum": "reports.models.summaries.Summary.State",
    },
}
# Webhooks (api/webhooks.py): a failed delivery is tried again with growing waits, this many times.
WEBHOOK_MAX_ATTEMPTS = _int_setting("WEBHOOK_MAX_ATTEMPTS", 8, minimum=1)
WEBHOOK_TIMEOUT_SECONDS = _int_setting("WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)
WEBHOOK_SWEEP_SECONDS = _int_setting("WEBHOOK_SWEEP_SECONDS", 60, minimum=5)


def _date_setting(name: str, default: str) -> datetime.date:
    raw = env.str(name, default=default)
    try:
        return datetime.date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a date like 2025-10-01, got {raw!r}") from exc


# Summary numbers run on over the Party committee's term (nhiệm kỳ), not the calendar year: a
# number clashes with one issued under the same symbol since the term began. The provincial
# congresses of the 2025–2030 term closed in October 2025; terms last COMMITTEE_TERM_YEARS.
COMMITTEE_TERM_START = _date_setting("COMMITTEE_TERM_START", "2025-10-01")
COMMITTEE_TERM_YEARS = _int_setting("COMMITTEE_TERM_YEARS", 5, minimum=1)

# LOG_FORMAT=json writes one JSON object per line (python-json-logger) for a log collector;
# every line carries the request id (also in the X-Request-ID response header).
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "directive_tracker.logs.RequestIdFilter"},
        "refusal_one_line": {"()": "directive_tracker.logs.RefusalOneLineFilter"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["refusal_one_line", "request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Axes logs every login with the user name and address at INFO; warnings are enough.
        "axes": {"level": "WARNING"},
        "django.request": {"level": "WARNING"},
    },
}
