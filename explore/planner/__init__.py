"""The collaboration planner at /plan/.

``answers`` reads what the practitioner says from the query string,
``ranking`` holds the documented formulas (as SQL), ``reads`` ranks with
them over the stored figures in a fixed number of indexed queries, ``build``
makes the plan, ``why`` says in words why each item is in it, ``views``
answers it as a page, as Markdown and as JSON.
"""
