"""The FmLTP key exchange: Diffie-Hellman over the server's parameters, HKDF, then Fernet.

Both sides derive ``Fernet(urlsafe_b64encode(HKDF(SHA256, 32, salt=None, info=None)(shared)))``
from the DH shared secret, as the FlexMusic server does. Everything here is the ``cryptography``
library's; this module only chooses the formats the protocol fixes: parameters as PKCS#3 PEM,
public keys as SubjectPublicKeyInfo PEM.

Loading a peer's key makes the library check the DH parameters, which takes about 30 ms of CPU
for 1024-bit parameters (the GIL held); callers run it off the event loop.
"""

from __future__ import annotations

import base64
import os
import warnings
from functools import lru_cache

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dh
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.utils import CryptographyDeprecationWarning

from ...errors import LoadError, Location

KEY_BITS = 1024
"""The size of the parameters FlexMusic generates (its ``key_size`` default)."""
MAX_PEM = 8192
"""The largest PEM block either side accepts: a 1024-bit key is about 450 bytes, 4096-bit 1.4 KB."""

# FlexMusic fixes finite-field DH; cryptography marks it deprecated. The warning is for whoever
# chooses the algorithm, which neither statuskit's users nor this module can change.
warnings.filterwarnings(
    "ignore", category=CryptographyDeprecationWarning, module=r"statuskit\.examples\.fmltp\.kex"
)


class KexError(ValueError):
    """A peer's PEM block, public key or parameters cannot be used."""


def generate_parameters(bits: int = KEY_BITS) -> dh.DHParameters:
    """New DH parameters (generator 2); slow: 0.3 s to several seconds for 1024 bits."""
    return dh.generate_parameters(generator=2, key_size=bits)


def parameters_pem(parameters: dh.DHParameters) -> bytes:
    """The parameters as the server sends them: PKCS#3 PEM, ending with a newline."""
    return parameters.parameter_bytes(serialization.Encoding.PEM, serialization.ParameterFormat.PKCS3)


def read_parameters(data: bytes) -> dh.DHParameters:
    """Parameters from PKCS#3 PEM; KexError when they are not DH parameters the library accepts.

    A server sends the same parameters to every connection, so the last few are remembered: a
    client reconnecting to it skips the library's ~30 ms check.
    """
    try:
        return _parameters(bytes(data))
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise KexError(f"not DH parameters in PKCS#3 PEM: {error}") from None


@lru_cache(maxsize=16)
def _parameters(data: bytes) -> dh.DHParameters:
    return serialization.load_pem_parameters(data)  # only successes are cached


@lru_cache(maxsize=16)
def _static_key(data: bytes) -> PublicKeyTypes:
    return serialization.load_pem_public_key(data)


def load_parameters_file(path: str | os.PathLike[str]) -> dh.DHParameters:
    """The parameters of a PEM file (``--dh-params``); LoadError says which file and why."""
    where = Location(os.fspath(path))
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_PEM + 1)
    except OSError as error:
        raise LoadError(f"cannot read: {error.strerror}", where) from None
    if len(data) > MAX_PEM:
        raise LoadError(f"larger than {MAX_PEM} bytes; expected one PKCS#3 PEM block", where)
    try:
        parameters = read_parameters(data)
    except KexError as error:
        raise LoadError(f"{error}; make one with 'openssl dhparam -out FILE 1024'", where) from None
    if not isinstance(parameters, dh.DHParameters):
        raise LoadError("expected DH PARAMETERS, found another kind of PEM block", where)
    return parameters


def new_private_key(parameters: dh.DHParameters) -> dh.DHPrivateKey:
    """A fresh key pair on ``parameters``."""
    return parameters.generate_private_key()


def public_pem(key: dh.DHPrivateKey) -> bytes:
    """The public half of ``key`` as SubjectPublicKeyInfo PEM, as both sides send it."""
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def cipher(own: dh.DHPrivateKey, peer_pem: bytes, *, remember: bool = False) -> Fernet:
    """The session cipher from our key and the peer's public key PEM; KexError when unusable.

    The peer's key must be a DH key on the same parameters as ours. ``remember`` keeps the last
    few loaded keys: for a client, as FlexMusic sends every connection the same key.
    """
    try:
        peer = _static_key(bytes(peer_pem)) if remember else serialization.load_pem_public_key(peer_pem)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise KexError(f"not a public key in SubjectPublicKeyInfo PEM: {error}") from None
    if not isinstance(peer, dh.DHPublicKey):
        raise KexError(f"expected a DH public key, got {type(peer).__name__}")
    if peer.parameters().parameter_numbers() != own.parameters().parameter_numbers():
        raise KexError("the public key is not on the server's DH parameters")
    try:
        shared = own.exchange(peer)
    except ValueError as error:
        raise KexError(f"the key exchange failed: {error}") from None
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=None).derive(shared)
    return Fernet(base64.urlsafe_b64encode(key))
