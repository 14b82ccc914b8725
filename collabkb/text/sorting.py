"""Natural sort keys, stored beside titles so that the database sorts and pages alike.

"AI Singapore" after "Actionable Intelligence", "Step 2" before "Step 10",
"Émilie" beside "Emilie": case and accents are folded and every run of digits
is padded to ten places.
"""

import re
import unicodedata

DIGITS = re.compile(r"\d+")
MAX_LENGTH = 400


def sort_key(text):
    folded = unicodedata.normalize("NFKD", str(text or ""))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = DIGITS.sub(lambda m: m.group().lstrip("0").rjust(10, "0")[-10:], folded)
    return " ".join(folded.split())[:MAX_LENGTH]
