"""Where each demo login begins: the first page to open and the one thing to try there, printed by
``manage.py demo_logins`` (``make demo``) beside the logins."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# user name → (route name, what to try there)
START = {
    "admin": ("audit:log", _("See who read whose personal data, and every change of a record.")),
    "koordynator": (
        "staffing:round-list",
        _("Open the diagnosis round of Grudziądz and the staffing plan its partners sign."),
    ),
    "koordynator.janow": (
        "placement:index",
        _("Run the matching of ready participants to the open positions of Janów Lubelski."),
    ),
    "pracownik.socjalny": (
        "admission:create",
        _("Refer a person to the CIS with your opinion after the community interview."),
    ),
    "pracownik.socjalny.janow": ("admission:sent", _("Follow the stays of the people your CUS referred.")),
    "pracownik.socjalny.modliborzyce": (
        "admission:sent",
        _("See the referrals of your GOPS and the stays of the people it referred."),
    ),
    "kadra.cis": (
        "admission:incoming",
        _("Accept a referral to the CIS: the person is enrolled in the same step."),
    ),
    "kadra.kis": ("training:participant-list", _("Open a participant of the KIS: stay, programme, attendance.")),
    "kadra.cis.janow": ("training:attendance-week", _("Record this week's attendance in the grid.")),
    "manager.pes": (
        "staffing:my-needs",
        _("Declare a staffing need of your cooperative; the pay is checked against the minimum wage."),
    ),
    "manager.pes.janow": (
        "placement:provider-candidates",
        _("See the candidates proposed for your open positions."),
    ),
    "doradca.owes": ("staffing:need-list", _("Browse the open staffing needs of the region's providers.")),
    "partner.szkola": ("staffing:need-list", _("See which positions the region's providers need to fill.")),
    "partner.pup": ("staffing:need-list", _("See which positions the region's providers need to fill.")),
    "urzednik.wojewody": (
        "registry:list",
        _("Check the CIS and KIS of kujawsko-pomorskie and the terms of their register entries."),
    ),
    "urzednik.wojewody.lublin": (
        "reporting:report-list",
        _("Read the yearly reports the CIS and KIS of lubelskie submitted."),
    ),
    "ekspert.pilotazu": ("staffing:index", _("Compare the staffing overviews of the pilot's municipalities.")),
    "specjalista.jakosci": ("catalogue:list", _("Read the service cards and their quality standards.")),
    "ekspert.efektow": ("catalogue:list", _("Check the learning outcomes of the CIS and KIS courses on the cards.")),
    "analityk": ("staffing:index", _("See the region's staffing needs and plans by municipality.")),
    "redaktor.katalogu": ("catalogue:list", _("Prepare a new version of a service card; published ones never change.")),
}


def start_of(username: str) -> tuple[str, str] | None:
    """The path to open first and what to try there, or None for a login without one."""
    found = START.get(username)
    if found is None:
        return None
    url_name, what = found
    return reverse(url_name), str(what)
