"""Sample URL arguments of the catalogue routes, for tests/core/test_route_permissions.py."""

SAMPLE_KWARGS = {
    "catalogue:detail": lambda world: {"code": "uslugi-opiekuncze"},
    "catalogue:version": lambda world: {"code": "uslugi-opiekuncze", "number": 1},
    "catalogue:compare": lambda world: {"code": "uslugi-opiekuncze"},
    "catalogue:edit": lambda world: {"code": "uslugi-opiekuncze"},
    "api:catalogue-service": lambda world: {"code": "uslugi-opiekuncze"},
}
