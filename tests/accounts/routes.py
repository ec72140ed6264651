"""Sample URL arguments of the accounts routes, for tests/core/test_route_permissions.py."""

SAMPLE_KWARGS = {
    "accounts:password-reset-confirm": lambda w: {"uidb64": "MQ", "token": "no-such-token"},
}
