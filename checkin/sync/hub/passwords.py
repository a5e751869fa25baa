"""The hub's users and their passwords, the routes' password, and what a user may be named."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from checkin.files import write_private
from checkin.sync.address import DEFAULT_USER
from checkin.sync.errors import HubSetupError

ROUTE_USER = "route"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,62}")


@dataclass
class Secrets:
    """Passwords of the hub's users and of the routes between clustered hubs.

    Stored in one owner-only file.  Hubs of one cluster must share it (copy it
    to the other machines), or they would refuse each other's routes.
    """

    users: dict[str, str] = field(default_factory=dict)
    route_password: str = ""
    # The event token each desk of its own is limited to; the shared user has none.
    scopes: dict[str, str] = field(default_factory=dict)
    # Desks whose credentials were revoked: their user stays, allowed nothing
    # (see checkin.sync.hub.desks.revoke_desk for why it stays).
    revoked: set[str] = field(default_factory=set)

    @classmethod
    def load_or_create(cls, path: Path) -> Secrets:
        if path.exists():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                users = {str(k): str(v) for k, v in raw["users"].items()}
                scopes = {str(k): str(v) for k, v in raw.get("scopes", {}).items()}
                revoked = {str(name) for name in raw.get("revoked", [])}
                return cls(users, str(raw["route_password"]), scopes, revoked & set(users))
            except (ValueError, KeyError, TypeError, AttributeError):
                raise HubSetupError(
                    f"{path} is not a hub secrets file: remove it to generate new secrets"
                ) from None
        made = cls({DEFAULT_USER: _password()}, _password())
        made.save(path)
        return made

    def save(self, path: Path) -> None:
        write_private(
            path,
            json.dumps(
                {
                    "users": self.users,
                    "route_password": self.route_password,
                    "scopes": self.scopes,
                    "revoked": sorted(self.revoked),
                },
                indent=1,
            )
            + "\n",
            make_folder=True,
        )

    def add_user(self, name: str) -> str:
        """The password of desk ``name``: its current one, or a new one if new or revoked."""
        check_desk_name(name)
        if name in self.revoked:
            self.revoked.discard(name)
            del self.users[name]  # the revoked file must stay revoked
        self.users.setdefault(name, _password())
        return self.users[name]

    @property
    def active_desks(self) -> list[str]:
        """Desks of their own that may connect now (not the shared user, not revoked)."""
        return sorted(u for u in self.users if u != DEFAULT_USER and u not in self.revoked)


def check_desk_name(name: str) -> None:
    if not _NAME.fullmatch(name) or name in (ROUTE_USER, DEFAULT_USER):
        raise HubSetupError(
            f"{name!r} cannot be a desk name: use letters, digits, - and _ (up to 63)"
        )


def _password() -> str:
    return secrets.token_urlsafe(24)
