"""Sample URL arguments of the notifications routes (tests/core/test_route_permissions.py); their rule is
``core.signed_in``, whose personas the core test knows. A notification of nobody's: every persona is let through
the route and answered 404 by the selector."""

SAMPLE_KWARGS = {
    "notifications:open": lambda world: {"notification_id": 999999},
}
