"""Users of a shared server: named users with a role and a personal token.

Tokens are ``secrets.token_urlsafe`` (192 bits); the store keeps only their sha256 (a random
token needs no slow password hash: there is nothing to brute-force in 2**192), and a presented
token is checked by looking up its hash and comparing with ``hmac.compare_digest``. There are no
passwords. Roles are ordered: a reader reads, an analyst also writes verdicts, notes,
corrections and watchlists (and uploads), an admin also manages users.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from ..errors import UsageError
from ..store import desk as sql

ROLES = ("reader", "analyst", "admin")
_RANK = {r: i for i, r in enumerate(ROLES)}
# Why this shape: user names appear in audit rows, exports and the CLI; letters, digits and . _ - @
# keep them readable and unambiguous in every one of those.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
SERVER_USER = "server-token"  # who a write made with the server's own (``serve --token``) token is


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a request or command acts as."""

    name: str
    role: str

    def can(self, role: str) -> bool:
        """True when this principal's role is ``role`` or above it."""
        return _RANK[self.role] >= _RANK[role]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_name(name: str) -> str:
    if not name or not _NAME.fullmatch(name):
        raise UsageError(f"user name {name!r}: 1-64 letters, digits or . _ - @, starting with a letter or digit")
    return name


def check_role(role: str) -> str:
    if role not in _RANK:
        raise UsageError(f"role {role!r} is not one of {', '.join(ROLES)}")
    return role


def add_user(store, name: str, role: str, *, by: str) -> str:
    """Create a user; returns the token (shown once: only its hash is stored)."""
    check_name(name)
    check_role(role)
    if any(u["name"] == name for u in sql.users(store)):
        raise UsageError(f"user {name!r} exists (use `newstrace users token {name}` for a new token)")
    token = secrets.token_urlsafe(24)
    sql.insert_user(store, name, role, hash_token(token), by)
    return token


def new_token(store, name: str, *, by: str) -> str:
    """Replace a user's token (the old one stops working); returns the new token."""
    token = secrets.token_urlsafe(24)
    if not sql.update_user(store, name, by, token_hash=hash_token(token)):
        raise UsageError(f"no user {name!r}")
    return token


def set_role(store, name: str, role: str, *, by: str) -> None:
    if not sql.update_user(store, name, by, role=check_role(role)):
        raise UsageError(f"no user {name!r}")


def set_disabled(store, name: str, disabled: bool, *, by: str) -> None:
    if not sql.update_user(store, name, by, disabled=disabled):
        raise UsageError(f"no user {name!r}")


def remove_user(store, name: str, *, by: str) -> None:
    if not sql.delete_user(store, name, by):
        raise UsageError(f"no user {name!r}")


def list_users(store) -> list[dict]:
    return sql.users(store)


def authenticate(store, token: str | None, server_token: str | None = None) -> Principal | None:
    """The principal a bearer token names, else None (no token, wrong token, disabled user).

    The server's own token (``serve --token``) acts as an admin named SERVER_USER.
    """
    if not token:
        return None
    if server_token and hmac.compare_digest(token.encode("utf-8"), server_token.encode("utf-8")):
        return Principal(SERVER_USER, "admin")
    digest = hash_token(token)
    found = sql.user_by_token_hash(store, digest)
    if found is None:
        return None
    name, role, stored = found
    # The lookup already matched; the constant-time comparison keeps the check itself free of
    # early exits should the lookup ever become a prefix or range match.
    if not hmac.compare_digest(digest.encode(), stored.encode()):
        return None
    return Principal(name, role)
