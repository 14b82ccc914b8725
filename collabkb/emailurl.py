"""E-mail settings from the environment: EMAIL_URL, or the usual EMAIL_* variables.

EMAIL_URL names the backend and its server in one variable:

- ``smtp://user:password@host:587?tls=1`` (STARTTLS; ``ssl=1`` for TLS from
  the start; ``timeout=`` in seconds, 10 by default), ``smtps://user:password@host`` (TLS
  from the start, port 465 unless given). User and password are
  percent-encoded where they hold ``@``, ``:`` or ``/``.
- ``console://`` (messages on standard output, the default), ``locmem://``
  (kept in memory) or ``dummy://`` (dropped).

Without it, EMAIL_HOST (with EMAIL_PORT, EMAIL_HOST_USER,
EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_TIMEOUT) chooses
SMTP; with neither, the console backend.
"""

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
}
# Seconds before an SMTP server that does not answer is given up (Django's
# default is to wait for ever, in the request that made the move).
TIMEOUT = 10
YES, NO = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


def _flag(name, value):
    value = value.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (true or false), not {value!r}.")


def _number(name, value):
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def from_url(url):
    """The Django settings that EMAIL_URL ``url`` stands for."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with one of {', '.join(s + '://' for s in BACKENDS)}; "
            f"it starts with {scheme + '://' if scheme else 'no scheme'}."
        )
    settings = {"EMAIL_BACKEND": BACKENDS[scheme]}
    if not scheme.startswith("smtp"):
        return settings
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL names no host: smtp://user:password@host:587")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    known = {"tls", "ssl", "timeout"}
    if unknown := sorted(set(query) - known):
        raise ImproperlyConfigured(
            f"EMAIL_URL: unknown option {', '.join(unknown)} (known: tls, ssl, timeout)."
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL's port must be a number from 1 to 65535.") from None
    use_ssl = scheme == "smtps" or _flag("EMAIL_URL's ssl", query.get("ssl", ""))
    use_tls = _flag("EMAIL_URL's tls", query.get("tls", ""))
    if use_ssl and use_tls:
        raise ImproperlyConfigured("EMAIL_URL: choose tls (STARTTLS) or ssl, not both.")
    settings.update(
        EMAIL_HOST=parts.hostname,
        EMAIL_PORT=port or (465 if use_ssl else 25),
        EMAIL_HOST_USER=unquote(parts.username or ""),
        EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
        EMAIL_USE_TLS=use_tls,
        EMAIL_USE_SSL=use_ssl,
    )
    timeout = query.get("timeout", "")
    settings["EMAIL_TIMEOUT"] = _number("EMAIL_URL's timeout", timeout) if timeout else TIMEOUT
    return settings


def from_environment(environ):
    """The e-mail settings of ``environ`` (os.environ)."""
    if url := environ.get("EMAIL_URL", "").strip():
        return from_url(url)
    host = environ.get("EMAIL_HOST", "").strip()
    if not host:
        return {"EMAIL_BACKEND": BACKENDS["console"]}
    use_ssl = _flag("EMAIL_USE_SSL", environ.get("EMAIL_USE_SSL", ""))
    use_tls = _flag("EMAIL_USE_TLS", environ.get("EMAIL_USE_TLS", ""))
    if use_ssl and use_tls:
        raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
    port = environ.get("EMAIL_PORT", "").strip()
    settings = {
        "EMAIL_BACKEND": BACKENDS["smtp"],
        "EMAIL_HOST": host,
        "EMAIL_PORT": _number("EMAIL_PORT", port) if port else (465 if use_ssl else 25),
        "EMAIL_HOST_USER": environ.get("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": environ.get("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
    }
    timeout = environ.get("EMAIL_TIMEOUT", "").strip()
    settings["EMAIL_TIMEOUT"] = _number("EMAIL_TIMEOUT", timeout) if timeout else TIMEOUT
    return settings
