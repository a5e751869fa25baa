"""The hub's own TLS certificate, made on first ``checkin hub --tls``, and the desks' trust in it.

A venue has no certificate authority and no domain name, so the hub signs
its own certificate for the addresses desks use (its IP addresses and host
name).  Desks do not trust it by a public authority but by pinning it: the
certificate itself travels inside every desk credentials file the hub
writes, so a desk accepts that hub and no other, even on a hostile network.
"""

from __future__ import annotations

import datetime
import ipaddress
import logging
import socket
import ssl
from pathlib import Path

from checkin.files import write_private
from checkin.sync.errors import HubSetupError

log = logging.getLogger(__name__)

VALID_DAYS = 3650


def _addresses(host: str) -> tuple[list[str], list[str]]:
    """(IP addresses, DNS names) a desk may use to reach a hub listening on ``host``."""
    ips = {"127.0.0.1", "::1"}
    names = {"localhost"}
    hostname = socket.gethostname()
    if hostname:
        names.add(hostname)
        try:
            ips.update(socket.gethostbyname_ex(hostname)[2])
        except OSError:
            log.debug("cannot resolve this machine's own name %s", hostname)
    if host not in ("0.0.0.0", "::", ""):
        try:
            ipaddress.ip_address(host)
            ips.add(host)
        except ValueError:
            names.add(host)
    return sorted(ips), sorted(names)


def ensure_certificate(cert_file: Path, key_file: Path, host: str) -> str:
    """The hub's certificate in PEM, made (with its key, owner-only) if the folder has none.

    An existing certificate is kept so that desks holding it keep working;
    remove both files to make a new one (and hand out the credentials again).
    """
    if cert_file.exists() and key_file.exists():
        return cert_file.read_text(encoding="ascii")
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        raise HubSetupError(
            "--tls needs the cryptography package: reinstall checkin, or run the hub without --tls"
        ) from None
    ips, names = _addresses(host)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "checkin hub")])
    now = datetime.datetime.now(datetime.UTC)
    alternatives: list[x509.GeneralName] = [x509.DNSName(n) for n in names]
    alternatives += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(alternatives), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    cert_pem = certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
    write_private(key_file, key_pem, make_folder=True)
    write_private(cert_file, cert_pem, make_folder=True)
    log.info("made the hub's TLS certificate for %s", ", ".join(names + ips))
    return cert_pem


def client_context(ca_pem: str) -> ssl.SSLContext:
    """A TLS context that trusts exactly the hub certificate given (pinned), and nothing else.

    The host name is not checked: only the holder of the hub's private key
    can present a certificate this context accepts, and a venue hub's
    address often changes (DHCP, a second network card) after the
    certificate was made.
    """
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cadata=ca_pem)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_REQUIRED
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context
