"""What a running hub tells people and desks: ``hub.json`` and the shared credentials file."""

from __future__ import annotations

import json
from pathlib import Path

from checkin.files import write_private
from checkin.sync.address import DEFAULT_USER, Credentials
from checkin.sync.hub.passwords import Secrets
from checkin.sync.hub.settings import HubSettings


def hub_info(
    settings: HubSettings, urls: list[str], url: str, credentials: Path, pid: int
) -> dict[str, object]:
    return {
        "url": url,
        "urls": urls,
        "credentials": str(credentials),
        "pid": pid,
        "server_name": settings.name,
        "tls_certificate": str(settings.tls_cert_file) if settings.tls else None,
        "cluster": None
        if settings.cluster is None
        else {
            "name": settings.cluster.name,
            "listen": "{}:{}".format(*settings.cluster.listen),
            "peers": ["{}:{}".format(*peer) for peer in settings.cluster.peers],
        },
    }


def write_hub_info(settings: HubSettings, info: dict[str, object]) -> Path:
    path = settings.info_file
    write_private(path, json.dumps(info, indent=1) + "\n")
    return path


def recorded_url(settings: HubSettings) -> str:
    """The desks' URL the hub last wrote in ``hub.json``; "" if it never ran here."""
    try:
        info = json.loads(settings.info_file.read_text())
        return str(info.get("url", ""))
    except (OSError, ValueError, AttributeError):
        return ""


def shared_credentials_file(settings: HubSettings) -> Path:
    """Where the credentials of the user all desks may share are written."""
    return settings.credentials_dir / f"{DEFAULT_USER}.json"


def default_credentials(settings: HubSettings, url: str) -> Path:
    """Write (or refresh) the shared desk credentials file and return its path."""
    hub_secrets = Secrets.load_or_create(settings.secrets_file)
    path = shared_credentials_file(settings)
    Credentials(
        DEFAULT_USER, hub_secrets.users[DEFAULT_USER], url, settings.hub_certificate()
    ).save(path)
    return path
