"""Personal data in public output: phone numbers are masked unless declared public."""

from __future__ import annotations

import re

from jixiao.data.model import Contact

MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")


def mask_phone(phone: str) -> str:
    """``13988620970`` → ``139****0970``; other numbers keep only their last four digits."""
    digits = re.sub(r"\D", "", phone)
    if MOBILE.fullmatch(digits):
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * max(0, len(digits) - 4) + digits[-4:]


def contact_text(contact: Contact | None) -> str:
    """``刘虹 139****0970`` — a contact as shown to the public."""
    if contact is None:
        return "-"
    if not contact.phone:
        return contact.name
    phone = contact.phone if contact.public else mask_phone(contact.phone)
    return f"{contact.name} {phone}"
