"""The help shown on the pages of `core` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

register_help(
    "core:home",
    purpose=_(
        "The start page: the parts of Kooperacja, from the registers shared by everyone to the three "
        "spheres of cooperation."
    ),
    next_steps=_(
        "Open a part: staffing (sphere 1) is in use today; spheres 2, 3 and Kooperacje 3D are in "
        "preparation. Once signed in, you see what your role lets you do."
    ),
    guide="sfera-1-krok-po-kroku-kto-co-robi",
)
