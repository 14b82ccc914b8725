"""The collaboration planner at /plan/.

``answers`` reads what the practitioner says from the query string,
``ranking`` holds the documented formulas (in Python and as SQL), ``reads``
ranks with them over the stored figures in a fixed number of indexed
queries, ``build`` makes the plan, ``views`` answers it as a page, as
Markdown and as JSON.
"""
