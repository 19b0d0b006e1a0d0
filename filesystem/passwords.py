"""SHA-512 crypt (`$6$salt$hash`), from Ulrich Drepper's published specification.

Python 3.13 drops the `crypt` module, so /etc/shadow hashes are made and checked here.
Only the `$6$` scheme is produced; `verify` also knows the locked (`!`) and empty forms.
"""
from __future__ import annotations

import hashlib
import secrets

_ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
ROUNDS_DEFAULT = 5000
_ROUNDS_MIN, _ROUNDS_MAX = 1000, 999_999_999

# The byte order in which the final digest is encoded, three bytes per four characters.
_ORDER = [(0, 21, 42), (22, 43, 1), (44, 2, 23), (3, 24, 45), (25, 46, 4), (47, 5, 26), (6, 27, 48),
          (28, 49, 7), (50, 8, 29), (9, 30, 51), (31, 52, 10), (53, 11, 32), (12, 33, 54), (34, 55, 13),
          (56, 14, 35), (15, 36, 57), (37, 58, 16), (59, 17, 38), (18, 39, 60), (40, 61, 19), (62, 20, 41)]


def _b64(b2: int, b1: int, b0: int, n: int) -> str:
    w = (b2 << 16) | (b1 << 8) | b0
    out = []
    for _ in range(n):
        out.append(_ITOA64[w & 0x3F])
        w >>= 6
    return "".join(out)


def _repeat(digest: bytes, length: int) -> bytes:
    return digest * (length // 64) + digest[: length % 64]


def sha512_crypt(password: str | bytes, salt: str, rounds: int | None = None) -> str:
    """The `$6$[rounds=N$]salt$hash` string for `password` (salt cut to 16 characters)."""
    pw = password.encode("utf-8", "surrogateescape") if isinstance(password, str) else password
    salt = salt[:16]
    s = salt.encode("ascii", "replace")
    custom = rounds is not None
    n = ROUNDS_DEFAULT if rounds is None else max(_ROUNDS_MIN, min(_ROUNDS_MAX, rounds))
    b = hashlib.sha512(pw + s + pw).digest()
    a = hashlib.sha512(pw + s)
    a.update(_repeat(b, len(pw)))
    i = len(pw)
    while i:
        a.update(b if i & 1 else pw)
        i >>= 1
    da = a.digest()
    dp = _repeat(hashlib.sha512(pw * len(pw)).digest(), len(pw))
    ds = _repeat(hashlib.sha512(s * (16 + da[0])).digest(), len(s))
    c = da
    for r in range(n):
        h = hashlib.sha512(dp if r & 1 else c)
        if r % 3:
            h.update(ds)
        if r % 7:
            h.update(dp)
        h.update(c if r & 1 else dp)
        c = h.digest()
    enc = "".join(_b64(c[x], c[y], c[z], 4) for x, y, z in _ORDER) + _b64(0, 0, c[63], 2)
    head = f"$6$rounds={n}$" if custom else "$6$"
    return f"{head}{salt}${enc}"


def new_salt(length: int = 16) -> str:
    return "".join(secrets.choice(_ITOA64) for _ in range(length))


def hash_password(password: str) -> str:
    """A fresh shadow hash, as passwd/chpasswd write it."""
    return sha512_crypt(password, new_salt())


def verify(password: str, stored: str) -> bool:
    """Does `password` match a shadow field?  Locked ('!...') and '*' never match."""
    if not stored.startswith("$6$"):
        return False
    parts = stored.split("$")
    rounds = None
    if len(parts) == 5 and parts[2].startswith("rounds="):
        try:
            rounds = int(parts[2][7:])
        except ValueError:
            return False
        salt = parts[3]
    elif len(parts) == 4:
        salt = parts[2]
    else:
        return False
    return secrets.compare_digest(sha512_crypt(password, salt, rounds), stored)
