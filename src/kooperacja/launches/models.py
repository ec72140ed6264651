"""Sphere 2 (F2.1–F2.3): a package of social services launched by a municipality, its partners, the call for
candidates, applications, preparation and the selection of a founding group."""
