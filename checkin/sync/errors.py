"""What can go wrong between a desk and the hub, one exception per failure a user can meet.

Each message says what happened and what to do, because the CLI and the
windows show it as it is.  ``SyncError`` is the base, so the background
sync can catch them all and show the latest in the status bar.
"""

from __future__ import annotations

from checkin.errors import UserError


class SyncError(UserError):
    """A sync or hub failure with a message for the person at the desk."""


class HubAddressError(SyncError):
    """The hub address is not one a desk can connect to (a typo, a web address)."""


class HubUnreachable(SyncError):
    """Nothing answers at the hub address: hub stopped, wrong port, or network down."""


class ConnectionLost(HubUnreachable):
    """The hub connection dropped during a sync."""


class HubAuthError(SyncError):
    """The hub refused the desk's credentials."""


class DeskRevokedError(HubAuthError):
    """The hub took this desk's rights away (``checkin hub --revoke-desk``)."""


class HubTLSError(SyncError):
    """The hub's TLS certificate is not the one this desk's credentials trust, or TLS is missing."""


class CredentialsError(SyncError):
    """The credentials file is missing, unreadable or not one written by ``checkin hub``."""


class WrongEventError(SyncError):
    """The desk holds a different event from the one the hub serves."""


class HubEmptyError(SyncError):
    """The hub serves no event yet and the desk has none to give it."""


class HubError(SyncError):
    """The hub answered but cannot do its job (JetStream off, stream refused)."""


class HubSetupError(SyncError):
    """``checkin hub`` cannot start its server (no binary, port taken, bad folder)."""
