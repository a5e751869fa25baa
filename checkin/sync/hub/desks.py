"""Desk users: what each may touch, the users file, and adding or revoking a desk.

The users are in a file of their own, included by the configuration, so a
desk can be added or revoked while the hub runs: only that file is
rewritten, and the running server is asked to reload it.
"""

from __future__ import annotations

import json
import logging
import os
import signal
from pathlib import Path

from checkin.files import write_private
from checkin.sync.address import DEFAULT_USER, INBOX_ROOT, Credentials
from checkin.sync.errors import HubSetupError
from checkin.sync.hub.config import quoted
from checkin.sync.hub.liveness import running_server_pid
from checkin.sync.hub.passwords import Secrets
from checkin.sync.hub.settings import HubSettings

log = logging.getLogger(__name__)

# Named here as well as in checkin.sync.link, which imports nats (the hub must not).
HUB_BUCKET = "CHECKIN_HUB"
BINDING_KEY = "event"


def desk_permissions(user: str, token: str) -> dict[str, list[str]]:
    """What a desk of its own may publish and subscribe: its event's subjects and nothing else.

    Every JetStream API subject is named for the one stream or bucket it
    touches, so a desk cannot read, delete or purge another event's stream,
    nor the hub's other buckets.  Replies come to an inbox under the desk's
    own name (``checkin.sync.link.inbox_prefix``), so no desk can read, or
    inject into, another desk's deliveries.
    """
    stream = f"CHECKIN_{token}"
    claims = f"CHECKIN_CLAIMS_{token}"
    api = "$JS.API"
    # The hub's binding is read, never written: a plain publish there would
    # overwrite it (permissions cannot tell a create from an overwrite), and
    # every desk would then refuse the hub.  The shared user binds a new hub.
    publish = [f"checkin.{token}.>", f"$KV.{claims}.>"]
    for name in (stream, f"KV_{claims}", f"KV_{HUB_BUCKET}"):
        publish += [
            f"{api}.STREAM.INFO.{name}",
            f"{api}.STREAM.MSG.GET.{name}",
            f"{api}.DIRECT.GET.{name}",
            f"{api}.DIRECT.GET.{name}.>",
        ]
    publish += [f"{api}.STREAM.CREATE.{stream}", f"{api}.STREAM.CREATE.KV_{claims}"]
    publish += [
        f"{api}.CONSUMER.CREATE.{stream}",
        f"{api}.CONSUMER.CREATE.{stream}.>",
        f"{api}.CONSUMER.DELETE.{stream}.>",
        f"$JS.FC.{stream}.>",
    ]
    return {"publish": publish, "subscribe": [f"{INBOX_ROOT}.{user}.>"]}


# What a revoked desk may do: nothing at all (see revoke_desk).
REVOKED_PERMISSIONS = 'permissions: {publish: {deny: [">"]}, subscribe: {deny: [">"]}}'


def render_users(hub_secrets: Secrets) -> str:
    """The users part of the configuration, in its own file so adding a desk touches nothing else."""
    entries = []
    for user, password in sorted(hub_secrets.users.items()):
        entry = f"  {{user: {quoted(user)}, password: {quoted(password)}"
        token = hub_secrets.scopes.get(user)
        if user in hub_secrets.revoked:
            entry += f", {REVOKED_PERMISSIONS}"
        elif token is not None:
            rules = desk_permissions(user, token)
            entry += (
                f", permissions: {{publish: {{allow: {json.dumps(rules['publish'])}}}, "
                f"subscribe: {{allow: {json.dumps(rules['subscribe'])}}}}}"
            )
        entries.append(entry + "}")
    users = ",\n".join(entries)
    return f"users = [\n{users}\n]\n"


def add_desk(settings: HubSettings, name: str, hub_url: str = "", *, event_token: str) -> Path:
    """Give a desk its own user, limited to one event; writes its credentials file.

    Only the users file is rewritten and a running server reloads it: the rest
    of the configuration belongs to the running server, whose settings this
    command does not know.
    """
    hub_secrets = Secrets.load_or_create(settings.secrets_file)
    password = hub_secrets.add_user(name)
    hub_secrets.scopes[name] = event_token
    hub_secrets.save(settings.secrets_file)
    path = settings.credentials_dir / f"{name}.json"
    Credentials(name, password, hub_url, _known_certificate(settings)).save(path)
    _reload_users(settings, hub_secrets)
    return path


def _known_certificate(settings: HubSettings) -> str:
    """The hub's certificate if it has one: ``--add-desk`` runs without knowing about ``--tls``."""
    if settings.tls:
        return settings.hub_certificate()
    try:
        return settings.tls_cert_file.read_text(encoding="ascii")
    except OSError:
        return ""


def revoke_desk(settings: HubSettings, name: str) -> None:
    """Take a desk's rights away; a running hub reloads its users and the desk stops at once.

    The desk's user stays, with its password, allowed to publish and
    subscribe to nothing.  Deleting it would make the hub answer that desk
    exactly as it answers a wrong password, and the person at the desk would
    hunt for a typo or a stale file.  Kept this way, the desk still logs in,
    and the first thing it does on every connection (subscribing to its own
    inbox, which every desk of its own may do) is refused with a permissions
    error: ``checkin.sync.link`` reads that as "revoked at the hub" and says
    so.  A desk that connected before the revocation has its subscriptions
    taken away when the hub reloads, with the same error.  The revoked user
    can do nothing once logged in; ``--add-desk`` with the same name later
    issues a new password, so the revoked file stays revoked.
    """
    hub_secrets = Secrets.load_or_create(settings.secrets_file)
    if name not in hub_secrets.users or name == DEFAULT_USER:
        known = hub_secrets.active_desks
        raise HubSetupError(
            f"this hub has no desk named {name!r} to revoke"
            + (f" (its desks: {', '.join(known)})" if known else "")
        )
    hub_secrets.revoked.add(name)
    hub_secrets.scopes.pop(name, None)
    hub_secrets.save(settings.secrets_file)
    (settings.credentials_dir / f"{name}.json").unlink(missing_ok=True)
    _reload_users(settings, hub_secrets)


def _reload_users(settings: HubSettings, hub_secrets: Secrets) -> None:
    write_private(settings.users_file, render_users(hub_secrets), make_folder=True)
    pid = running_server_pid(settings)
    if pid is not None and hasattr(signal, "SIGHUP"):
        os.kill(pid, signal.SIGHUP)
        log.info("asked the hub server (pid %d) to reload its users", pid)
