"""The public face of a certificate code: the verification address a QR code opens, and reading
a code back out of whatever a person or a scanner typed. (The printed line that names the
address is documents.certificates.verification_line, with the page's layout.)"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from cohort_desk.errors import ValidationError

#: The QR text used before an academy sets a verification address, still printed without one
#: and still accepted by `verify`: "COHORT-DESK-CERT SLA-2026-0042 7KQM-2XPA-9HD4".
QR_PREFIX = "COHORT-DESK-CERT"
#: A longer address makes a denser QR code: 100 characters plus a code still fit QR version 7
#: (45 modules), over half a millimetre each at the printed 24 mm, easy for any phone.
MAX_ADDRESS_LENGTH = 100


def check_verification_address(text: str) -> str:
    """The verification address as it will be printed, or "" for none; refuses anything a
    browser could not open as the published page.

    Only https (or http on this computer, for trying the page out): the page decrypts with the
    browser's WebCrypto, which browsers offer only to secure pages. No fragment of its own,
    because the code goes there.
    """
    address = text.strip()
    if not address:
        return ""
    if len(address) > MAX_ADDRESS_LENGTH:
        raise ValidationError(
            f"The verification address is {len(address)} characters long; keep it under "
            f"{MAX_ADDRESS_LENGTH} so the QR code stays easy to scan.",
            field="verification_address",
        )
    if any(ch.isspace() for ch in address):
        raise ValidationError(
            "The verification address must be one web address without spaces, "
            "like https://academy.example.nhs.uk/verify/.",
            field="verification_address",
        )
    parts = urlsplit(address)
    local = parts.hostname in ("localhost", "127.0.0.1")
    if parts.scheme.lower() != "https" and not (parts.scheme.lower() == "http" and local):
        raise ValidationError(
            "The verification address must start with https:// (browsers check codes only "
            "on secure pages), like https://academy.example.nhs.uk/verify/.",
            field="verification_address",
        )
    if not parts.hostname or "." not in parts.hostname and not local:
        raise ValidationError(
            "The verification address needs the website's name, "
            "like https://academy.example.nhs.uk/verify/.",
            field="verification_address",
        )
    if "#" in address:
        raise ValidationError(
            "Leave the # part out of the verification address: the code is added there.",
            field="verification_address",
        )
    return address


def verification_link(address: str, code: str) -> str:
    """The address with the code in its fragment: browsers never send the fragment to the web
    server, so codes stay out of its logs."""
    return f"{address}#{code}"


def qr_payload(number: str, code: str, address: str = "") -> str:
    """What a certificate's QR code holds: the link to the published page when the academy has
    an address, else the text form (upper case keeps that QR alphanumeric: smaller, easier)."""
    if address:
        return verification_link(address, code)
    return f"{QR_PREFIX} {number} {code}".upper()


def code_from(text: str) -> str:
    """The code in typed or scanned text: a bare code, a whole verification link
    ("https://…/verify/#7KQM-2XPA-9HD4") or the text form of older QR codes. What comes back
    still needs `certificate_codes.code_status`; the browser page does the same (verify.js)."""
    text = text.strip()
    if "#" in text:
        return unquote(text.rsplit("#", 1)[1])
    parts = text.split()
    if len(parts) == 3 and parts[0].upper() == QR_PREFIX:
        return parts[2]
    return text
