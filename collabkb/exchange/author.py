"""Who an import is by: the ``--user`` and ``--publish`` of import_kb and import_notes."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from collabkb.curation import review


def add_arguments(parser):
    parser.add_argument(
        "--user",
        metavar="USERNAME",
        help="Who the import is by: the author of the versions it adds to the history. "
        "Needed with --publish.",
    )
    parser.add_argument(
        "--publish",
        action="store_true",
        help="Let the import change published records (an editor's --user only): each "
        "one changed gets a version by that user and its “Last updated” moves.",
    )


def import_user(username, publish):
    """The user named ``username`` (None if none given); CommandError if there
    is no such user, or ``publish`` without an editor."""
    user = None
    if username:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active user “{username}”. Nothing was written.")
    if publish and user is None:
        raise CommandError(
            "--publish needs --user USERNAME, an editor: the changes to published records "
            "are recorded as theirs. Nothing was written."
        )
    if publish and not review.is_editor(user):
        raise CommandError(
            f"“{username}” is not an editor: only an editor may publish with an import. "
            "Nothing was written."
        )
    return user
