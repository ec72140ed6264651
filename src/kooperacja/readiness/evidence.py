"""Evidence files of a readiness assessment: checked by name and by content (PDF, JPG, PNG, DOCX, XLSX), at most
10 MB, encrypted at rest (``core.crypto.encrypt_bytes`` bound to the file's public id) and given back only to those
who see the assessment (the selectors decide). The provider attaches them while assessing itself, the assessor
while reviewing (e.g. photographs of the visit)."""

import io
import uuid
import zipfile

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.core.crypto import decrypt_bytes, encrypt_bytes
from kooperacja.readiness.models import AssessmentItem, AssessmentStatus, EvidenceFile, ReadinessAssessment

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 50
# Extension -> the content type given back on download.
ALLOWED = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# What the file of each kind must hold inside a ZIP container.
_OFFICE_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def content_matches(extension: str, content: bytes) -> bool:
    """Whether ``content`` is really a file of ``extension`` (its signature, and for DOCX/XLSX the part inside)."""
    if extension == "pdf":
        return content.startswith(b"%PDF-")
    if extension in ("jpg", "jpeg"):
        return content.startswith(b"\xff\xd8\xff")
    if extension == "png":
        return content.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in _OFFICE_PART:
        if not content.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                return _OFFICE_PART[extension] in archive.namelist()
        except (zipfile.BadZipFile, ValueError):
            return False
    return False


def _may_attach(actor: User | None, assessment: ReadinessAssessment) -> bool:
    if actor is None:
        return True
    if assessment.status == AssessmentStatus.DRAFT:
        return actor.has_perm("readiness.self_assess", assessment)
    if assessment.status == AssessmentStatus.UNDER_REVIEW:
        return actor.has_perm("readiness.review", assessment)
    return False


def evidence_attach(
    *,
    actor: User | None,
    assessment: ReadinessAssessment,
    file_name: str,
    content: bytes,
    item: AssessmentItem | None = None,
) -> EvidenceFile:
    """Attach a file (refused with the reason: wrong type by name or by content, empty, too large, too many)."""
    if not _may_attach(actor, assessment):
        if assessment.status not in (AssessmentStatus.DRAFT, AssessmentStatus.UNDER_REVIEW):
            raise ValidationError(_("Evidence is attached while the assessment is in progress or under review."))
        raise PermissionDenied
    name = (file_name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255]
    extension = _extension(name)
    if extension not in ALLOWED:
        raise ValidationError({"file": _("Attach a PDF, JPG, PNG, DOCX or XLSX file.")})
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    if not content_matches(extension, content):
        raise ValidationError(
            {"file": _("The content of the file is not a %(kind)s file.") % {"kind": extension.upper()}}
        )
    if item is not None and item.assessment_id != assessment.pk:
        raise ValidationError({"item": _("This requirement is not part of the assessment.")})
    with transaction.atomic():
        locked = ReadinessAssessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != assessment.status:
            raise ValidationError(_("The assessment changed in the meantime; reload the page."))
        if EvidenceFile.objects.filter(assessment=assessment).count() >= MAX_FILES:
            raise ValidationError({"file": _("An assessment holds at most %(count)d files.") % {"count": MAX_FILES}})
        public_id = uuid.uuid4()
        return EvidenceFile.objects.create(
            public_id=public_id,
            assessment=assessment,
            item=item,
            file_name=name,
            content_type=ALLOWED[extension],
            size=len(content),
            content_encrypted=encrypt_bytes(content, associated_data=str(public_id).encode()),
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )


def evidence_remove(*, actor: User | None, evidence: EvidenceFile) -> None:
    """Remove a file while its assessment may still take files, by who may attach them."""
    assessment = evidence.assessment
    if not _may_attach(actor, assessment):
        raise ValidationError(_("Evidence is removed while the assessment is in progress or under review."))
    evidence.delete()


def evidence_content(evidence: EvidenceFile) -> bytes:
    return decrypt_bytes(bytes(evidence.content_encrypted), associated_data=str(evidence.public_id).encode())
