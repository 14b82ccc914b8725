"""A record page whose record has moved (its slug changed after it was
published) answers with a permanent redirect to its new address, the query
string kept."""

from django.http import HttpResponsePermanentRedirect

from collabkb.published.record import Moved


class MovedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Moved):
            return None
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{exception.url}?{query}" if query else exception.url)
