"""Rendering: the theme, the Jinja environment and the one template context, and every page
with its template and context (`routes`)."""
