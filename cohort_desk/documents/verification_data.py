"""The published list of certificates: every entry found by a one-way hash of its code and
sealed with a key derived from that code, so the file reveals nothing without a code.

The browser page (resources/verification/verify.js) does the same steps with WebCrypto:

    seed   = PBKDF2-HMAC-SHA256(code's 12 characters, salt, iterations, 32 bytes)
    lookup = HKDF-SHA256(seed, info "cohort-desk verification lookup v1", 16 bytes)
    key    = HKDF-SHA256(seed, info "cohort-desk verification key v1", 32 bytes)
    entry  = base64(nonce || AES-256-GCM(key, nonce, details JSON padded, aad=lookup))

Why a slow hash when the codes come from an HMAC: a code is 11 characters of HMAC output
(55 bits; the 12th is only a check), unguessable one at a time, but whoever downloads the file
can guess offline against every entry at once. With 20,000 entries a guess hits one of them
once in 2^55 / 20,000 = 2^40.7 tries: a fast hash would give up a name in hours on one GPU.
PBKDF2 (the one slow derivation every browser's WebCrypto has) multiplies each try by
ITERATIONS: 2^40.7 x 20,000 = 3.6e16 hash steps, about six weeks of a top GPU (~1e10 steps a
second) for the first single name, and a list of names is out of reach. The same cost is paid
once per entry when publishing (about 5 ms), so the seeds are kept in the database (they
reveal no more than the codes beside them) and publishing again costs only new entries. The
salt, random per database, stops anyone computing guesses once for every academy.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT = 1
ITERATIONS = 20_000
SALT_BYTES = 16
LOOKUP_INFO = b"cohort-desk verification lookup v1"
KEY_INFO = b"cohort-desk verification key v1"
#: Details are padded to a multiple of this, so an entry's length does not give away the
#: length of the name in it.
PAD_TO = 128
GLOBAL_NAME = "cohortDeskVerification"
DATA_FILE = "certificates.js"


@dataclass(frozen=True)
class Sealing:
    """What every entry of one publication shares: the salt and the work per guess."""

    salt: bytes
    iterations: int = ITERATIONS

    @classmethod
    def new(cls) -> Sealing:
        return cls(os.urandom(SALT_BYTES), ITERATIONS)


def code_secret(code: str) -> bytes:
    """The code as the derivation sees it: its 12 characters, no dashes ("7KQM2XPA9HD4")."""
    return code.replace("-", "").encode("ascii")


def derive_seed(code: str, sealing: Sealing) -> bytes:
    """The slow step (hashlib's PBKDF2 runs in OpenSSL and lets other threads run)."""
    return hashlib.pbkdf2_hmac("sha256", code_secret(code), sealing.salt, sealing.iterations, 32)


def derive_seeds(codes: Iterable[str], sealing: Sealing, workers: int = 2) -> list[bytes]:
    codes = list(codes)
    if len(codes) < 50:
        return [derive_seed(code, sealing) for code in codes]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda code: derive_seed(code, sealing), codes, chunksize=64))


def _hkdf(seed: bytes, info: bytes, length: int) -> bytes:
    # RFC 5869 with an empty salt (the seed is already uniformly random): one HMAC to extract,
    # one block to expand, since length <= 32.
    prk = hmac.new(b"\x00" * 32, seed, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()[:length]


def lookup_of(seed: bytes) -> str:
    return _b64(_hkdf(seed, LOOKUP_INFO, 16))


def _key_of(seed: bytes) -> bytes:
    return _hkdf(seed, KEY_INFO, 32)


def seal(seed: bytes, details: Mapping[str, Any]) -> str:
    """One entry: a fresh random nonce each time, because the key lives on across
    publications while the details (a revocation, a corrected name) change."""
    text = json.dumps(details, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % PAD_TO)
    nonce = os.urandom(12)
    lookup = base64.urlsafe_b64decode(lookup_of(seed) + "==")
    return _b64(nonce + AESGCM(_key_of(seed)).encrypt(nonce, text, lookup))


def open_entry(code: str, data: Mapping[str, Any]) -> dict[str, Any] | None:
    """The details for a code from a parsed data file, or None: what the page does, in Python
    (for tests and for checking a published folder)."""
    kdf = data["kdf"]
    sealing = Sealing(base64.b64decode(kdf["salt"]), int(kdf["iterations"]))
    seed = derive_seed(code, sealing)
    lookup = lookup_of(seed)
    entry = data["entries"].get(lookup)
    if entry is None:
        return None
    raw = base64.urlsafe_b64decode(entry + "=" * (-len(entry) % 4))
    plain = AESGCM(_key_of(seed)).decrypt(
        raw[:12], raw[12:], base64.urlsafe_b64decode(lookup + "==")
    )
    details: dict[str, Any] = json.loads(plain.decode("utf-8"))
    return details


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def data_document(
    entries: Mapping[str, str], sealing: Sealing, published: str, published_text: str, academy: str
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "academy": academy,
        "published": published,
        "published_text": published_text,
        "kdf": {
            "name": "PBKDF2-SHA256",
            "salt": base64.b64encode(sealing.salt).decode("ascii"),
            "iterations": sealing.iterations,
        },
        # Sorted by lookup, so the order says nothing about when or to whom each was issued.
        "entries": dict(sorted(entries.items())),
    }


def data_script(document: Mapping[str, Any]) -> str:
    """The data file as a script that sets one global: a page opened from disk (file://)
    may load a script beside it but may not fetch() a JSON file (Chromium refuses)."""
    body = json.dumps(document, ensure_ascii=True, indent=None, separators=(",", ":"))
    return (
        "/* Cohort Desk: the published list of certificates. Each entry opens only with its "
        "certificate's code. */\n"
        f"window.{GLOBAL_NAME} = {body};\n"
    )


def parse_data_script(text: str) -> dict[str, Any]:
    """The document inside a data file written by `data_script`."""
    start = text.index("=", text.index(f"window.{GLOBAL_NAME}")) + 1
    document: dict[str, Any] = json.loads(text[start:].strip().rstrip(";"))
    return document
