"""Readers' pages compressed: Brotli or gzip, as the reader's client asks.

Only what the page cache serves to a reader is compressed
(collabkb/web/pagecache.py): a request without a session, so a page that
holds nothing of the reader. Compression with a secret on the page lets an
attacker who can add text to the page guess the secret from the compressed
length (BREACH), so a page is left as it is if it may carry one: a page that
asked for a CSRF token, or that sets a cookie. The admin and a curator's
pages (a session, CSRF tokens) never pass here.

A kept page keeps its compressed bodies instead of the plain one
(``pagecache.Entry``), so a hit costs no compression (a client that asks
for none gets the page decompressed). Each encoding has its
own ETag (the page's, with the encoding's name added), so a conditional
request of either gets its 304.
"""

import gzip

from django.utils.cache import patch_vary_headers
from django.utils.text import compress_sequence, compress_string

try:
    import brotli
except ImportError:  # gzip alone
    brotli = None

# Brotli's quality 4 costs about what gzip's level 6 costs and makes smaller
# files; its highest qualities cost a hundred times more.
BROTLI_QUALITY = 4
ENCODINGS = ("br", "gzip") if brotli else ("gzip",)
SMALLEST = 500  # bytes: smaller bodies are sent as they are
TYPES = {
    "application/json",
    "application/xml",
    "application/atom+xml",
    "application/rss+xml",
    "image/svg+xml",
}


def accepted(request):
    """The encoding to use for ``request`` ("br", "gzip"), by its
    Accept-Encoding (an encoding given ``q=0`` is refused), or None."""
    weights = {}
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, *options = (item.strip() for item in part.split(";"))
        weight = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[name.lower()] = weight
    for encoding in ENCODINGS:
        if weights.get(encoding, weights.get("*", 0.0)) > 0:
            return encoding
    return None


def compressible(request, response):
    """Whether ``response`` is worth compressing and may be: text, not
    already encoded, not tiny, with nothing secret that could be on it."""
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return (
        (content_type.startswith("text/") or content_type in TYPES)
        and response.status_code not in (204, 206, 304)
        and not response.has_header("Content-Encoding")
        and not response.cookies
        # get_token (a form's token on the page) leaves this key behind, even
        # after the CSRF middleware has set the cookie and cleared the flag.
        and "CSRF_COOKIE_NEEDS_UPDATE" not in request.META
        and (not response.is_async if response.streaming else len(response.content) >= SMALLEST)
    )


def wanted(request, response):
    """The encoding to send ``response`` in to ``request``, or None. A
    response that could be compressed says that it varies with
    Accept-Encoding, whether or not this request asked for it."""
    if not compressible(request, response):
        return None
    patch_vary_headers(response, ("Accept-Encoding",))
    return accepted(request)


def compress(content, encoding):
    """``content`` (bytes) in ``encoding``."""
    if encoding == "br":
        return brotli.compress(content, quality=BROTLI_QUALITY)
    return compress_string(content)


def decompress(bodies):
    """The plain body of a page from its compressed ``bodies``."""
    if "gzip" in bodies:
        return gzip.decompress(bodies["gzip"])
    return brotli.decompress(bodies["br"])


def encoded(response, encoding, bodies):
    """``response`` sent in ``encoding`` with its compressed body from
    ``bodies`` ({encoding: bytes}); as it is if ``encoding`` is None."""
    if encoding is None:
        return response
    response.content = bodies[encoding]
    response["Content-Length"] = str(len(response.content))
    response["Content-Encoding"] = encoding
    if (etag := response.get("ETag", "")).endswith('"'):
        response["ETag"] = f'{etag[:-1]}-{encoding}"'
    return response


def respond(request, response):
    """``response`` as ``request`` asks for it: compressed if it may be
    (a download by stream too, chunk by chunk); as it is otherwise."""
    encoding = wanted(request, response)
    if encoding is None:
        return response
    if not response.streaming:
        return encoded(response, encoding, {encoding: compress(response.content, encoding)})
    if encoding == "br":
        response.streaming_content = _brotli_sequence(response.streaming_content)
    else:
        response.streaming_content = compress_sequence(response.streaming_content)
    del response["Content-Length"]
    response["Content-Encoding"] = encoding
    return response


def _brotli_sequence(chunks):
    compressor = brotli.Compressor(quality=BROTLI_QUALITY)
    for chunk in chunks:
        if out := compressor.process(chunk):
            yield out
    yield compressor.finish()
