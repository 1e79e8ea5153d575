"""Secrets handed out once (API keys, Open311 keys, enrolment links) and stored only as a digest.

The secrets carry 256 random bits, so a fast hash suffices (as for GitHub's tokens): no salt, no stretching.
"""

import hashlib
import secrets


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
