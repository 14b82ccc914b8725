"""Export/import benchmark: export_kb and import_kb beside dumpdata and loaddata.

Usage (it empties the database it is given, so give it one of its own):

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/exchange.py --size 100000

Makes a synthetic knowledge base (bench/synthetic.py), then times, on the
same data: export_kb against dumpdata --natural-foreign --natural-primary, and
import_kb into an empty database against loaddata of the same file. Prints
seconds and the ratios.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collabkb.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench import synthetic  # noqa: E402
from collabkb.exchange.export import exported_models, label  # noqa: E402

QUIET = {"stdout": io.StringIO(), "stderr": io.StringIO()}


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    synthetic.wipe()
    synthetic.generate(args.size)
    folder = Path(tempfile.mkdtemp())
    ours, theirs = folder / "export_kb.json", folder / "dumpdata.json"
    models = [label(model) for model in exported_models()]
    # Drafts too: dumpdata, its yardstick, writes every row.
    export_s = timed(
        lambda: call_command("export_kb", output=str(ours), include_drafts=True, **QUIET)
    )
    dump_s = timed(
        lambda: call_command(
            "dumpdata",
            *models,
            natural_foreign=True,
            natural_primary=True,
            output=str(theirs),
            **QUIET,
        )
    )
    synthetic.wipe()
    import_s = timed(lambda: call_command("import_kb", str(ours), **QUIET))
    synthetic.wipe()
    load_s = timed(lambda: call_command("loaddata", str(ours), verbosity=0))
    synthetic.wipe()
    objects = ours.read_text(encoding="utf-8").count('"model":')
    print(f"database: {connection.vendor}; {args.size} records, {objects} objects in the file")
    print(
        f"export_kb {export_s:8.1f} s   dumpdata {dump_s:8.1f} s   ratio {export_s / dump_s:5.2f}"
    )
    print(
        f"import_kb {import_s:8.1f} s   loaddata {load_s:8.1f} s   ratio {import_s / load_s:5.2f}"
    )


if __name__ == "__main__":
    main()
