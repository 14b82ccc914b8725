"""Render every record page of the shipped content into a folder, to compare two revisions.

Usage (it makes its own database and cache in a temporary folder):

    .venv/bin/python bench/record_pages_html.py OUT [--grow]
    (check out the other revision) ... OTHER_OUT [--grow]
    diff -r OUT OTHER_OUT

Each challenge, practice, case and organisation of the shipped content (with
``--grow``, at ten times the content, still the shipped records only): its
page as a reader sees it, its JSON, a curator's view, and a published one's
page with every list opened. The CSP nonce and CSRF tokens are blanked.
"""

import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FOLDER = Path(tempfile.mkdtemp(prefix="collabkb-html-"))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "collabkb.settings",
        "DATABASE_URL": f"sqlite:///{FOLDER / 'pages.sqlite3'}",
        "CACHE_DIR": str(FOLDER / "cache"),
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "k7Vq2xN9pL4mR8sT1wY6zB3cF5hJ0dG-aE_uI7oP2nQ9rS4tU8vW1x",
        "ALLOWED_HOSTS": "*",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "EXPENSIVE_REQUESTS_PER_MINUTE": "0",
    }
)

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from cases.models import Case, Organisation  # noqa: E402
from challenges.models import Challenge  # noqa: E402
from practices.models import Practice  # noqa: E402

MODELS = (Challenge, Practice, Case, Organisation)
EVERY_LIST = "?exemplifies=all&faced=all&related=all&addresses=all&participants=all&cases=all"
BLANKED = re.compile(rb'nonce="[^"]*"|csrfmiddlewaretoken" value="[^"]*"')


def main(out, grow):
    out.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    shipped = {model: list(model.objects.order_by("pk")) for model in MODELS}
    if grow:
        from collabkb import changes
        from collabkb.published.dbstats import refresh_statistics
        from tests.factories import grow_knowledge_base

        grow_knowledge_base(factor=9)
        refresh_statistics()
        changes.announce_everything()
    curator = Client()
    curator.force_login(User.objects.create(username="curator", is_staff=True, is_superuser=True))
    reader = Client()
    count = 0
    for model, records in shipped.items():
        for record in records:
            asked = [("reader", ""), ("reader", "?format=json"), ("curator", "")]
            if record.status == "published":
                asked.append(("reader", EVERY_LIST))
            for who, query in asked:
                client = curator if who == "curator" else reader
                response = client.get(record.get_absolute_url() + query)
                name = f"{model.__name__}-{record.slug}-{who}{'-json' if 'json' in query else ''}"
                name += "-all" if query == EVERY_LIST else ""
                body = BLANKED.sub(b"BLANKED", response.content)
                (out / name).write_bytes(f"{response.status_code}\n".encode() + body)
                count += 1
    print(f"{count} pages in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), "--grow" in sys.argv[2:])
