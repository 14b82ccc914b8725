"""Source pages: the list of sources, a video\x27s timeline, a report\x27s outline, a moment."""
