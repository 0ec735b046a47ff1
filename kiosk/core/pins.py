"""Staff PINs: the policy a new PIN must pass, and scrypt hashing and checking."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import itertools
import re
import secrets
from typing import Final

PIN_MIN: Final = 6
PIN_MAX: Final = 12

# scrypt at the OWASP parameters: N=2**17, r=8, p=1 (about 128 MiB of memory per hash).
DEFAULT_COST = 2**17
BLOCK_SIZE: Final = 8
PARALLELISM: Final = 1
SALT_BYTES: Final = 16
KEY_BYTES: Final = 32

# What verify_pin accepts from a stored string: enough to read any hash made here, little
# enough that a damaged or planted row cannot make the kiosk allocate gigabytes.
_MAX_COST: Final = 2**20
_MAX_BLOCK_SIZE: Final = 16
_MAX_PARALLELISM: Final = 4
_MAXMEM_LIMIT: Final = 2**31 - 1  # hashlib refuses anything at or above INT_MAX

_SCHEME: Final = "scrypt"
_PARAMS = re.compile(r"n=([1-9][0-9]{0,9}),r=([1-9][0-9]{0,2}),p=([1-9][0-9]{0,2})")

# The most used PINs of six digits or more, from published leaks; the rules below catch the
# rest of the same families (one digit, short blocks repeated, runs).
COMMON_PINS: Final = frozenset(
    {
        *(digit * 6 for digit in "0123456789"),
        "123456", "654321", "123123", "112233", "121212", "696969", "159753", "147258",
        "258369", "520520", "123321", "111222", "159357", "147852", "789456", "456123",
        "963852", "852456", "753951", "123654", "123789", "789123", "102030", "100200",
        "112358", "314159", "131313", "101010", "202020", "232323", "520131", "000111",
        "5201314", "1314520", "1234567", "7654321", "12345678", "87654321", "11223344",
        "12341234", "12344321", "11112222", "123456789", "987654321", "1234567890",
        "0987654321", "147258369", "741852963", "159753159", "0123456789",
    }
)  # fmt: skip

PROBLEMS: Final = ("too_short", "not_digits", "too_long", "common", "repeated", "sequential")


def pin_problem(pin: str) -> str | None:
    """Why a new PIN is refused (one of ``PROBLEMS``), or None when it is acceptable."""
    if not pin:
        return "too_short"
    if not (pin.isascii() and pin.isdigit()):
        return "not_digits"
    if len(pin) < PIN_MIN:
        return "too_short"
    if len(pin) > PIN_MAX:
        return "too_long"
    if pin in COMMON_PINS:
        return "common"
    if _repeated(pin):
        return "repeated"
    if _sequential(pin):
        return "sequential"
    return None


def _repeated(pin: str) -> bool:
    """One digit, or a block of two or three digits, over and over (121212, 1231231)."""
    for size in (1, 2, 3):
        block = pin[:size]
        if (block * (len(pin) // size + 1))[: len(pin)] == pin:
            return True
    return False


def _sequential(pin: str) -> bool:
    """Each digit one up (234567, 890123) or one down (987654, 210987) from the last."""
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    return steps in ({1}, {9})


# --- hashing -------------------------------------------------------------------------------------


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def _maxmem(n: int, r: int, p: int) -> int:
    # What OpenSSL needs (128·r·(N+p+2) bytes), with room to spare.
    return 128 * r * (n + p + 2) + 2**20


def _scrypt(pin: str, salt: bytes, *, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_maxmem(n, r, p), dklen=length
    )


def hash_pin(pin: str, *, cost: int = DEFAULT_COST) -> str:
    """A new salted scrypt hash: ``scrypt$n=131072,r=8,p=1$<salt>$<key>`` (base64, unpadded)."""
    if cost < 2 or cost & (cost - 1) or cost > _MAX_COST:
        raise ValueError(f"scrypt cost must be a power of two from 2 to {_MAX_COST}")
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(pin, salt, n=cost, r=BLOCK_SIZE, p=PARALLELISM, length=KEY_BYTES)
    params = f"n={cost},r={BLOCK_SIZE},p={PARALLELISM}"
    return f"{_SCHEME}${params}${_b64(salt)}${_b64(key)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    """The parameters, salt and key of a stored hash; None when it is not one of ours."""
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != _SCHEME:
        return None
    match = _PARAMS.fullmatch(parts[1])
    if match is None:
        return None
    n, r, p = (int(group) for group in match.groups())
    if n < 2 or n & (n - 1) or n > _MAX_COST or r > _MAX_BLOCK_SIZE or p > _MAX_PARALLELISM:
        return None
    if _maxmem(n, r, p) >= _MAXMEM_LIMIT:
        return None
    try:
        salt, key = _unb64(parts[2]), _unb64(parts[3])
    except (binascii.Error, ValueError):
        return None
    if not 8 <= len(salt) <= 64 or not 16 <= len(key) <= 64:
        return None
    return n, r, p, salt, key


def verify_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` matches a hash from ``hash_pin``; anything malformed is simply False."""
    parsed = _parse(stored) if isinstance(stored, str) else None
    if parsed is None or not isinstance(pin, str):
        return False
    n, r, p, salt, key = parsed
    try:
        candidate = _scrypt(pin, salt, n=n, r=r, p=p, length=len(key))
    except (ValueError, MemoryError, UnicodeError):
        return False
    return hmac.compare_digest(candidate, key)


def needs_rehash(stored: str, *, cost: int = DEFAULT_COST) -> bool:
    """Whether a stored hash is weaker than (or different from) what ``hash_pin`` makes now."""
    parsed = _parse(stored)
    if parsed is None:
        return True
    n, r, p, salt, key = parsed
    return (
        n < cost
        or (r, p) != (BLOCK_SIZE, PARALLELISM)
        or len(salt) < SALT_BYTES
        or len(key) != KEY_BYTES
    )
