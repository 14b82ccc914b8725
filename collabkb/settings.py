"""Settings for CollabKB, read from the environment (12-factor).

No variable is needed to start: the defaults run a local development site on
an SQLite file in the project folder. With DEBUG off, the site refuses to start
on the default secret key.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from collabkb import emailurl

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if value.strip().lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envlist(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


INSECURE_SECRET_KEY = "django-insecure-collabkb-local-development-only"


def envint(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def weak_secret_key(key):
    """Why ``key`` is too weak to sign a production site's cookies, or ''."""
    if key == INSECURE_SECRET_KEY or key.startswith("django-insecure"):
        return "it is the development key"
    if len(key) < 50:
        return f"it has {len(key)} characters; it needs at least 50"
    if len(set(key)) < 5:
        return "it repeats too few characters"
    return ""


DEBUG = envbool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or INSECURE_SECRET_KEY
if not DEBUG and (reason := weak_secret_key(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"DEBUG is off and SECRET_KEY is weak ({reason}): refusing to start a "
        "production site. Set SECRET_KEY to a long random string, e.g. the output "
        'of: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)

# HTTPS in production: redirect plain HTTP (SECURE_SSL_REDIRECT=0 where the
# proxy in front does it) and tell browsers to use HTTPS only (HSTS; a year by
# default: set SECURE_HSTS_SECONDS=300 while trying a new domain, and raise it
# once HTTPS works everywhere on it).
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer polls /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
# Behind a proxy that terminates TLS: trust its header saying the request was
# HTTPS, e.g. SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https". Only set it
# where the proxy always sets (or strips) that header.
if _proxy_header := os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip():
    _name, _, _value = _proxy_header.partition(":")
    if not _value.strip():
        raise ImproperlyConfigured(
            'SECURE_PROXY_SSL_HEADER must read "Header-Name: value", '
            f"e.g. X-Forwarded-Proto: https; not {_proxy_header!r}"
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _name.strip().upper().replace("-", "_"), _value.strip())
# How many proxies stand in front of the app: the client's address is then
# the N-th entry from the right of X-Forwarded-For (collabkb/web/client.py),
# for sign-in lockouts and rate limits. 0: the connection's address.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "taggit",
    "reversion",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "collabkb",
    "collabkb.accounts",
    "challenges",
    "practices",
    "cases",
    "explore",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before whitenoise and the page cache, so static files and cached pages carry it.
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and 304 answers; then readers' pages from the cache (before any
    # middleware that would read a session).
    "django.middleware.http.ConditionalGetMiddleware",
    "collabkb.web.pagecache.PageCacheMiddleware",
    "collabkb.web.sessions.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sessions: time-outs, then the second factor (collabkb/accounts/).
    "django_otp.middleware.OTPMiddleware",
    "collabkb.accounts.sessions.SessionTimeoutMiddleware",
    "collabkb.accounts.second_factor.SecondFactorMiddleware",
    # Rate limits, just before the view (a sign-in POST over the limit is
    # refused before its password is hashed); a page the page cache serves
    # never gets this far.
    "collabkb.web.ratelimit.RateLimitMiddleware",
    # A record page of a record whose slug changed: a 301 to its new address.
    "collabkb.web.moved.MovedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "collabkb.urls"
WSGI_APPLICATION = "collabkb.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # In production a worker keeps its connection: opening one for each
        # request cost a millisecond of CPU a page in bench/pages.py. It is
        # checked before each request, so the site recovers by itself once a
        # restarted database answers again. In development, one per request.
        conn_max_age=envint("CONN_MAX_AGE", 0 if DEBUG else 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database under several workers: write-ahead logging lets
    # readers go on while one writer writes; a writer waits up to 20 s for
    # another instead of failing at once; transactions take the write lock
    # when they begin, so two of them never deadlock upgrading a read lock.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Content-Security-Policy on every response (django-csp): everything from this
# site only, no inline script or style, no framing, forms post here only.
# Markdown images from other hosts become links (collabkb/text/rendering.py).
# CSP_REPORT_ONLY=1 reports violations to the browser console instead of
# blocking them, to try a change of policy.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
if envbool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

# --- Sign-in, sessions and staff accounts (docs/security.md) ---------------
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins from
# one address, whatever usernames they tried, that address is locked out for
# AXES_COOLOFF_MINUTES; the lockout page says so and for how long. Counting per
# address locks one address spraying many usernames. A username alone is
# never locked: a stranger trying one person's name from many addresses would
# otherwise lock that person out from everywhere; that guessing meets the
# 12-character passwords and, for editors, the second factor instead.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "collabkb.accounts.backends.ModelBackend",  # Django's, by prepared queries
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
# A success does not wipe its address's failures: one valid account would
# otherwise let its holder reset the count between guesses at others'.
AXES_RESET_ON_SUCCESS = False
# Lockouts live in the database in every set-up: a cache may evict them.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "collabkb.web.client.client_address"

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

# Sessions (only staff sign in) end after SESSION_IDLE_MINUTES without a
# request, and SESSION_MAX_HOURS after sign-in whatever happens
# (collabkb/accounts/sessions.py).
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = envint("SESSION_MAX_HOURS", 12) * 3600

# A second factor (django-otp: an authenticator app's codes, and recovery
# codes): with STAFF_2FA_REQUIRED on, as it is in production, editors and
# superusers confirm each sign-in with one (collabkb/accounts/). Contributors
# may set one up and are then asked too.
STAFF_2FA_REQUIRED = envbool("STAFF_2FA_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "CollabKB"
# Superusers reset a lost device by deleting it in the admin; no one reads its key there.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Permissions-Policy on every response: the site uses none of these features.
_UNUSED_FEATURES = (
    "accelerometer autoplay bluetooth browsing-topics camera display-capture geolocation "
    "gyroscope hid magnetometer microphone midi payment publickey-credentials-get serial usb "
    "xr-spatial-tracking"
)
PERMISSIONS_POLICY = {feature: [] for feature in _UNUSED_FEATURES.split()}

# Records of sign-ins (addresses, user agents, usernames tried) are kept for
# LOGIN_RECORDS_DAYS; `manage.py clean_login_records`, run daily, deletes older
# ones and expired sessions (docs/privacy.md).
LOGIN_RECORDS_DAYS = envint("LOGIN_RECORDS_DAYS", 90)
# --- end of sign-in, sessions and staff accounts ------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Compressed files with hashed names; in development whitenoise serves
        # the files as they are, so no collectstatic is needed to start.
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

TAGGIT_CASE_INSENSITIVE = True

# Rate limits per client address (collabkb/web/ratelimit.py), counted in the
# default cache in windows of a minute; 0 switches one off. Sign-in POSTs are
# refused before the password is hashed. Expensive reads are searches, plans,
# comparisons, map filters and downloads that the page cache did not answer;
# raise the limit where many readers share one address (an office's NAT).
SIGNIN_POSTS_PER_MINUTE = envint("SIGNIN_POSTS_PER_MINUTE", 10)
# And per username, from any address: guesses at one account spread over
# many addresses wait for the next minute (no lockout that a stranger could
# keep a person in).
SIGNIN_POSTS_PER_USERNAME_PER_MINUTE = envint("SIGNIN_POSTS_PER_USERNAME_PER_MINUTE", 10)
EXPENSIVE_REQUESTS_PER_MINUTE = envint("EXPENSIVE_REQUESTS_PER_MINUTE", 60)
# Readers' suggestions of a correction per address, in windows of an hour
# (collabkb/corrections/): more than a reader sends, few enough that a flood
# from one address stays a short list for the editors.
SUGGESTIONS_PER_HOUR = envint("SUGGESTIONS_PER_HOUR", 10)

# Two caches (collabkb/web/pagecache.py, docs/page-cache.md): "default" holds
# readers' pages, and is culled or evicted when full; "state" holds the
# content version and the rate-limit counters, which a flood of new pages
# must not drop. With no setting, files under var/cache (CACHE_DIR): no
# server, shared by every worker on the machine, at most CACHE_MAX_ENTRIES
# pages (a third are dropped when full), and the state in a folder of its own
# (CACHE_DIR/state) that pages never fill, culled of its expired entries only
# (collabkb/web/filecache.py). With REDIS_URL (redis://host:6379/0), Django's
# Redis cache, the same Redis for both: several app servers share one cache
# and one invalidation; give that Redis a maxmemory and `maxmemory-policy
# allkeys-lru`, which evicts old pages, not the keys every request reads or
# writes. Either may fail or drop entries: pages then render uncached,
# nothing else is lost. Sessions live in the database, where no eviction
# reaches them.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    _REDIS = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # A Redis that does not answer costs a request a second at most.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    CACHES = {"default": _REDIS, "state": _REDIS}
else:
    _CACHE_DIR = Path(os.environ.get("CACHE_DIR") or BASE_DIR / "var" / "cache")
    CACHES = {
        "default": {
            "BACKEND": "collabkb.web.filecache.FileCache",
            "LOCATION": str(_CACHE_DIR),
            "OPTIONS": {
                "MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", 5_000),
                "CULL_FREQUENCY": 3,
                "CULL_EVERY": 100,
            },
        },
        "state": {
            "BACKEND": "collabkb.web.filecache.FileCache",
            "LOCATION": str(_CACHE_DIR / "state"),
            "OPTIONS": {
                # A counter is a few bytes and lasts a minute: this many
                # addresses counted in one minute before any is dropped.
                "MAX_ENTRIES": 20_000,
                "CULL_FREQUENCY": 3,
                "CULL_EVERY": 100,
                "CULL_EXPIRED_FIRST": True,
            },
        },
    }
SESSION_ENGINE = "collabkb.web.sessions"  # in the database, with signed keys

# Everything goes to standard error, where a process manager collects it:
# every server error with its traceback (django.request), and CollabKB's own
# messages.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    # A request with a Host not in ALLOWED_HOSTS is a line, not a traceback.
    "filters": {"no_traceback": {"()": "collabkb.web.logs.WithoutTraceback"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
        "stderr_one_line": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_traceback"],
        },
    },
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "django.security.DisallowedHost": {
            "handlers": ["stderr_one_line"],
            "level": "WARNING",
            "propagate": False,
        },
        "collabkb": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}

# E-mail (collabkb/emailurl.py, docs/deployment.md): curators are told of
# submits, send-backs and publications (collabkb/curation/notify.py).
# EMAIL_URL (smtp://user:password@host:587?tls=1) or the usual EMAIL_HOST,
# EMAIL_PORT, ... variables; with neither, messages are printed on standard
# output. SITE_URL is the address links in them start with.
globals().update(emailurl.from_environment(os.environ))
DEFAULT_FROM_EMAIL = (
    os.environ.get("DEFAULT_FROM_EMAIL", "").strip() or "CollabKB <collabkb@localhost>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", "").strip() or DEFAULT_FROM_EMAIL
SITE_URL = (os.environ.get("SITE_URL", "").strip() or "http://127.0.0.1:8000").rstrip("/")

# The licence of what CollabKB writes (summaries, bodies, links); the source
# documents and the quotations from them stay their publishers'.
CONTENT_LICENCE = {
    "name": os.environ.get("CONTENT_LICENCE_NAME", "CC BY 4.0"),
    "url": os.environ.get("CONTENT_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"),
}
# Where a reader reports an error in the content, shown on /about/: a
# mailto: or https: address. Empty, the page says none is given.
CORRECTIONS_ADDRESS = os.environ.get("CORRECTIONS_ADDRESS", "").strip()

# The source documents as text (.txt, .md): checks before publishing refuse a
# record whose own words copy a run of theirs (collabkb/curation/checks.py).
# Absent, only the quotations of a record's citations are compared.
SOURCE_DOCUMENTS = Path(
    os.environ.get("SOURCE_DOCUMENTS") or BASE_DIR.parent / "shared" / "sources"
)
