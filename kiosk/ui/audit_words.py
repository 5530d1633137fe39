"""An audit log entry's detail in words, for the audit screen: what changed, not the
stored record ("Idle timeout (s): 45 (was 90)", not ``session.idle_timeout_s=90→45``).

Record ids are left out (the entry names whom it concerns); a prescription is its
summary; a setting, a patient's field or any other key is named in words, and a key
this version does not know is still shown, readable.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from kiosk.programme import Programme
from kiosk.staff.api import AuditEntry
from kiosk.ui.wording import SETTING_WORDS, programme_summary, words

# Detail keys of the audit log in words (a patient's fields as their table's columns).
DETAIL_KEY_WORDS = {
    "name": "Name", "clinic_id": "Clinic ID", "birth_year": "Year of birth", "sex": "Sex",
    "body_mass_kg": "Body mass (kg)", "injured_side": "Injured side",
    "diagnosis": "Diagnosis", "clinician": "Clinician", "notes": "Notes",
    "archived": "Archived", "role": "Role", "reason": "Why",
    "failures": "Wrong PINs in a row", "seconds": "Locked for (s)", "until": "Until",
    "weight_kg": "Calibration weight (kg)", "problems": "Problems",
    "older_than_days": "Older than (days)", "files": "Files", "bytes": "Bytes",
    "from": "From", "to": "To", "by": "By",
}
# Why staff mode ended (the sign-out's reason).
SIGN_OUT_REASON_WORDS = {"button": "tapped Sign out", "timeout": "2 minutes without a touch",
                         "step_on": "somebody stepped on"}
_PROGRAMME_KEYS = frozenset(f.name for f in dataclasses.fields(Programme))


def _is_id(key: str) -> bool:
    return key == "id" or (key.endswith("_id") and key != "clinic_id")


def value_words(value: object) -> str:
    """One recorded value as text: on/off as yes/no, lists joined, nothing as "none"."""
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(value_words(v) for v in value) or "none"
    if isinstance(value, Mapping):
        if set(value) == {"from", "to"}:  # words, not an arrow: the font has none
            return f"{value_words(value['to'])} (was {value_words(value['from'])})"
        return ", ".join(f"{k}: {value_words(v)}" for k, v in value.items())
    return str(value)


def _programme(data: Mapping[str, object]) -> str | None:
    fields = {k: v for k, v in data.items() if k in _PROGRAMME_KEYS}
    if "position" not in fields and "mode" not in fields:
        return None
    try:
        return programme_summary(Programme.from_dict(fields))
    except (TypeError, ValueError, KeyError):  # recorded by another version: shown as keys
        return None


def detail_lines(entry: AuditEntry) -> list[str]:
    """The entry's detail, one line per item (empty when it has none)."""
    data = entry.data
    if entry.action in ("prescribe", "accept_suggestion"):
        summary = _programme(data)
        if summary is not None:
            return [summary]
    if entry.action == "sign_out" and "reason" in data:
        reason = str(data["reason"])
        return [f"Why: {SIGN_OUT_REASON_WORDS.get(reason, reason)}"]
    key_words = SETTING_WORDS if entry.action == "change_settings" else DETAIL_KEY_WORDS
    return [f"{words(key_words, key)}: {value_words(value)}"
            for key, value in data.items()
            if not _is_id(key) and not (entry.target and value == entry.target)]


def concerns(entry: AuditEntry) -> str:
    """Whom the entry concerns, unless it is who did it ("" then)."""
    return "" if entry.target == entry.actor else entry.target


def detail_text(entry: AuditEntry) -> str:
    """Whom it concerns and the detail, in one run of text (``Anna Berger  ·  Why: ...``)."""
    return "  ·  ".join(x for x in (concerns(entry), *detail_lines(entry)) if x)
