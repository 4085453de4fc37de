"""What `formkit serve` is configured with, and the rule that guards a non-loopback bind.

A page bound to 127.0.0.1 is reachable only from this computer. Bound to any other address it
is reachable from the network, where the answers people save are personal data: then an access
token (made here and printed once, as Jupyter does) or a configured password is required, and
starting without one is refused in one line.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import FormkitError

MIB = 1024 * 1024


@dataclass(frozen=True)
class ServeSettings:
    """The data folder (everything the page writes lives under it) and the limits per request."""

    data_dir: Path | str = "formkit-data"
    token: str | None = None  # a secret the first visit carries in ?token=...
    password: str | None = None  # asked on a login page instead of a token
    max_request_bytes: int = 60 * MIB  # one upload request, every file together
    max_file_bytes: int = 10 * MIB  # one uploaded PDF
    max_files: int = 100  # files in one upload
    max_overlay_bytes: int = 256 * 1024  # an overlay YAML; a logo is checked by the overlay loader
    store_url: str | None = None  # the answer store (formkit.store); default: formkit.db in the data folder
    secret_key: bytes | None = None  # signs the session cookie; default: a 0600 file in the data folder

    @property
    def folder(self) -> Path:
        return Path(self.data_dir)

    @property
    def guarded(self) -> bool:
        return bool(self.token or self.password)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost': addresses no other computer can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(24)


def check_bind(host: str, settings: ServeSettings) -> None:
    """Refuse to listen beyond this computer without a token or a password."""
    if not is_loopback(host) and not settings.guarded:
        raise FormkitError(f"binding to {host} makes the page reachable from the network, where it needs an "
                           "access token or a password", key="--host",
                           hint="Add --token (one is made and printed) or set FORMKIT_SERVE_PASSWORD, or bind "
                                "to 127.0.0.1")
