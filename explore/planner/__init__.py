"""The collaboration planner at /plan/.

``answers`` reads what the practitioner says from the query string,
``ranking`` holds the documented formulas, ``build`` fetches the evidence in a
fixed number of queries and makes the plan, ``views`` answers it as a page,
as Markdown and as JSON.
"""
