"""Sphere 2 (F2.4): the founding group, its cooperative model, business plan and registration steps."""
