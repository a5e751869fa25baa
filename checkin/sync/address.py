"""Hub addresses and desk credentials, checked before any connection is tried.

A typo in an address should say "that is not a hub address", not time out
after ten seconds pretending the network is down; so addresses are parsed
here, and credentials files are read and validated here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from checkin.files import write_private
from checkin.sync.errors import CredentialsError, HubAddressError

DEFAULT_PORT = 4222
# The user whose credentials every desk may share (``checkin hub`` writes them
# as credentials/desks.json); any other user is one desk of its own.
DEFAULT_USER = "desks"
# Replies to a desk come to inboxes under INBOX_ROOT.<user>: the hub lets each
# desk of its own subscribe there only.
INBOX_ROOT = "_INBOX"
_SCHEMES = ("nats", "tls")


def parse_hub_urls(text: str) -> list[str]:
    """The hub's URLs from ``nats://host:port`` (or ``host:port``), comma-separated for a cluster."""
    urls: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        urls.append(_one_url(part))
    if not urls:
        raise HubAddressError("no hub address given: use nats://HOST:PORT")
    return urls


def _one_url(text: str) -> str:
    candidate = text if "://" in text else f"nats://{text}"
    try:
        parts = urlsplit(candidate)
        port = parts.port
    except ValueError:
        raise HubAddressError(
            f"{text!r} is not a hub address: use nats://HOST:PORT, as printed by 'checkin hub'"
        ) from None
    if parts.scheme not in _SCHEMES:
        raise HubAddressError(
            f"{text!r} is not a hub address ({parts.scheme}:// is not the hub's protocol): "
            "use nats://HOST:PORT, as printed by 'checkin hub'"
        )
    if not parts.hostname or parts.path not in ("", "/") or parts.query or parts.username:
        raise HubAddressError(
            f"{text!r} is not a hub address: use nats://HOST:PORT, as printed by 'checkin hub'"
        )
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}:{port or DEFAULT_PORT}"


@dataclass(frozen=True)
class Credentials:
    """A user name and password that the hub's generated configuration accepts."""

    user: str
    password: str
    hub: str = ""
    # The hub's own TLS certificate (PEM) when it runs with --tls: the desk
    # trusts that certificate and no other.
    ca: str = ""

    def to_json(self) -> dict[str, str]:
        data = {"user": self.user, "password": self.password, "hub": self.hub}
        if self.ca:
            data["ca"] = self.ca
        return data

    @property
    def desk_name(self) -> str | None:
        """What a new desk joining with these credentials is named, unless told otherwise.

        A desk's own credentials (``checkin hub --add-desk north``) name it, so
        its scans say "north" on the dashboard and in exports.  The shared
        file names no desk: each desk joining with it gets a generated name.
        """
        return None if self.user == DEFAULT_USER else self.user

    @property
    def inbox_prefix(self) -> str:
        return f"{INBOX_ROOT}.{self.user}"

    def __repr__(self) -> str:  # never put the password in a log line
        return f"Credentials(user={self.user!r}, hub={self.hub!r}, tls={bool(self.ca)})"

    @classmethod
    def load(cls, path: Path | str) -> Credentials:
        path = Path(path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CredentialsError(
                f"no credentials file at {path}: copy the one 'checkin hub' wrote to this machine"
            ) from None
        except OSError as error:
            raise CredentialsError(f"cannot read credentials {path}: {error.strerror}") from None
        except (ValueError, UnicodeDecodeError):
            raise CredentialsError(
                f"{path} is not a credentials file written by 'checkin hub'"
            ) from None
        if (
            not isinstance(raw, dict)
            or not isinstance(raw.get("user"), str)
            or not isinstance(raw.get("password"), str)
            or not raw["user"]
        ):
            raise CredentialsError(f"{path} is not a credentials file written by 'checkin hub'")
        hub = raw.get("hub")
        ca = raw.get("ca")
        if ca is not None and (not isinstance(ca, str) or "BEGIN CERTIFICATE" not in ca):
            raise CredentialsError(
                f"{path} holds no valid hub certificate ('ca'): copy the credentials file "
                "that 'checkin hub --tls' wrote again"
            )
        return cls(raw["user"], raw["password"], hub if isinstance(hub, str) else "", ca or "")

    def save(self, path: Path) -> None:
        write_private(path, json.dumps(self.to_json(), indent=1) + "\n", make_folder=True)
