"""Protection on arrival: child identifiers pseudonymised, dates of birth cut to the month.

A keyed hash (HMAC-SHA256) rather than a plain one: the identifiers of a council's children
are few and guessable, so an unkeyed hash could be reversed by hashing every candidate.
The same child keeps the same pseudonym across uploads (re-referrals and previous plans
are found by it) as long as the key stays the same.
"""

import hashlib
import hmac
from collections.abc import Iterable


def pseudonymise(child_ids: Iterable[str], *, key: str) -> dict[str, str]:
    """Each distinct identifier -> its pseudonym (64 hex characters).

    Identifiers are compared trimmed and in upper case: ``ab123 `` and ``AB123`` are one
    child, as a case-management system would say."""
    keyed = hmac.new(key.encode(), digestmod=hashlib.sha256)  # the key's pads, hashed once

    def pseudonym(child_id: str) -> str:
        mac = keyed.copy()
        mac.update(child_id.strip().upper().encode())
        return mac.hexdigest()

    return {child_id: pseudonym(child_id) for child_id in set(child_ids)}
