"""Signing in with a user name and password, and Django's model permissions for the admin only.

The product's own permissions are rules (``rules.add_perm``) decided by ``rules.permissions.ObjectPermissionBackend``
from the actor's roles. Django asks every backend in turn until one says yes, so without this subclass each refused
rule check would also read the user's groups and permissions from the database (two queries a request) for a
permission no group can hold.
"""

from functools import cache

import rules
from django.apps import apps
from django.contrib.auth.backends import ModelBackend


@cache
def model_permission_names() -> frozenset[str]:
    """``app_label.codename`` of every permission Django creates for the installed models."""
    names: set[str] = set()
    for model in apps.get_models():
        options = model._meta
        names.update(f"{options.app_label}.{action}_{options.model_name}" for action in options.default_permissions)
        names.update(f"{options.app_label}.{codename}" for codename, _name in options.permissions)
    return frozenset(names)


class PasswordBackend(ModelBackend):
    """``ModelBackend`` that leaves the product's rules to the rules backend (a name that is both a rule and a model
    permission, such as ``registry.view_organisation``, is still answered by both, as before)."""

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if rules.perm_exists(perm) and perm not in model_permission_names():
            return False
        return super().has_perm(user_obj, perm, obj)
