"""Readers' suggestions of a correction: a form at each record page's own
address under /suggest/, and the editors' queue in the admin."""
