"""SSH key formats as OpenSSH reads and writes them: public key lines, the openssh-key-v1
private key container, SHA256 fingerprints, the randomart picture and known_hosts entries.

Parsing needs only the standard library (a private key's public half is stored in clear);
making keys and decrypting passphrase-protected ones needs `cryptography`, imported only then.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct
from dataclasses import dataclass

PRIVATE_BEGIN = b"-----BEGIN OPENSSH PRIVATE KEY-----"
PRIVATE_END = b"-----END OPENSSH PRIVATE KEY-----"
_MAGIC = b"openssh-key-v1\0"
# key algorithm name -> ssh-keygen's type name
KINDS = {"ssh-ed25519": "ED25519", "ssh-rsa": "RSA", "ecdsa-sha2-nistp256": "ECDSA",
         "ecdsa-sha2-nistp384": "ECDSA", "ecdsa-sha2-nistp521": "ECDSA", "ssh-dss": "DSA"}
# ssh-keygen -t name -> key algorithm name (ecdsa by its size)
TYPE_ALGS = {"ed25519": "ssh-ed25519", "rsa": "ssh-rsa", "ecdsa": "ecdsa-sha2-nistp256", "dsa": "ssh-dss"}


class KeyError_(ValueError):
    """Not a key OpenSSH could read."""


def _string(data: bytes, pos: int) -> tuple[bytes, int]:
    if pos + 4 > len(data):
        raise KeyError_("truncated")
    (n,) = struct.unpack(">I", data[pos:pos + 4])
    end = pos + 4 + n
    if end > len(data):
        raise KeyError_("truncated")
    return data[pos + 4:end], end


def _mpint_bits(value: bytes) -> int:
    return int.from_bytes(value, "big").bit_length()


@dataclass(frozen=True)
class PublicKey:
    """A public key: its algorithm and wire blob, and the comment its line carried."""

    alg: str
    blob: bytes
    comment: str = ""

    @property
    def kind(self) -> str:
        return KINDS.get(self.alg, self.alg.upper())

    @property
    def bits(self) -> int:
        """The size ssh-keygen -l shows (256 for ed25519, the modulus for RSA, the curve for ECDSA)."""
        try:
            _name, pos = _string(self.blob, 0)
            if self.alg == "ssh-rsa":
                _e, pos = _string(self.blob, pos)
                n, _ = _string(self.blob, pos)
                return _mpint_bits(n)
            if self.alg.startswith("ecdsa-sha2-nistp"):
                return int(self.alg.rsplit("nistp", 1)[1])
            if self.alg == "ssh-dss":
                p, _ = _string(self.blob, pos)
                return _mpint_bits(p)
        except (KeyError_, ValueError):
            return 0
        return 256

    def line(self) -> str:
        text = f"{self.alg} {base64.b64encode(self.blob).decode()}"
        return f"{text} {self.comment}" if self.comment else text

    def fingerprint(self) -> str:
        return fingerprint(self.blob)


def fingerprint(blob: bytes) -> str:
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def parse_public(line: str) -> PublicKey | None:
    """One `ALG BASE64 [comment]` line (options before it, as in authorized_keys, skipped)."""
    words = line.strip().split(None, 2)
    for i, word in enumerate(words[:2]):
        if word in KINDS and i + 1 < len(words):
            rest = line.strip().split(None, i + 2)
            try:
                blob = base64.b64decode(rest[i + 1], validate=True)
                name, _ = _string(blob, 0)
            except (binascii.Error, KeyError_, ValueError):
                return None
            if name.decode("latin-1") != word:
                return None
            comment = rest[i + 2].strip() if len(rest) > i + 2 else ""
            return PublicKey(word, blob, comment)
    return None


@dataclass(frozen=True)
class PrivateKey:
    """An openssh-key-v1 file as read without its passphrase: the public half and whether
    the private half is encrypted."""

    public: PublicKey
    encrypted: bool
    data: bytes          # the whole file, for cryptography when it must be decrypted


def parse_private(data: bytes) -> PrivateKey | None:
    text = data.strip()
    if not text.startswith(PRIVATE_BEGIN) or PRIVATE_END not in text:
        return None
    body = text[len(PRIVATE_BEGIN):text.index(PRIVATE_END)]
    try:
        raw = base64.b64decode(b"".join(body.split()), validate=True)
        if not raw.startswith(_MAGIC):
            return None
        pos = len(_MAGIC)
        cipher, pos = _string(raw, pos)
        _kdf, pos = _string(raw, pos)
        _kdfopts, pos = _string(raw, pos)
        pos += 4
        blob, pos = _string(raw, pos)
        alg, _ = _string(blob, 0)
    except (binascii.Error, KeyError_, ValueError):
        return None
    return PrivateKey(PublicKey(alg.decode("latin-1"), blob), cipher != b"none", data)


def decrypt_ok(key: PrivateKey, passphrase: str) -> bool:
    """Does `passphrase` open the private key?"""
    if not key.encrypted:
        return True
    from cryptography.hazmat.primitives.serialization import load_ssh_private_key  # heavy: only here

    try:
        load_ssh_private_key(key.data, passphrase.encode() or None)
    except (ValueError, TypeError):
        return False
    return True


def private_comment(key: PrivateKey, passphrase: str = "") -> str:
    """The comment stored inside an unencrypted private key ("" when encrypted or absent)."""
    if key.encrypted:
        return ""
    try:
        text = key.data.strip()
        raw = base64.b64decode(b"".join(text[len(PRIVATE_BEGIN):text.index(PRIVATE_END)].split()))
        pos = len(_MAGIC)
        for _ in range(3):
            _, pos = _string(raw, pos)
        pos += 4
        _, pos = _string(raw, pos)
        priv, _ = _string(raw, pos)
        alg, p = _string(priv, 8)
        fields = {"ssh-ed25519": 2, "ssh-rsa": 6, "ssh-dss": 5}.get(alg.decode("latin-1"), 3)
        for _ in range(fields):
            _, p = _string(priv, p)
        comment, _ = _string(priv, p)
        return comment.decode("utf-8", "replace")
    except (KeyError_, ValueError, binascii.Error):
        return ""


# ----------------------------------------------------------------------------- making keys
def generate(kind: str, bits: int, comment: str, passphrase: str) -> tuple[bytes, PublicKey]:
    """A new key pair in OpenSSH's formats: the private file's bytes and the public key."""
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa

    key: object
    if kind == "ed25519":
        key = ed25519.Ed25519PrivateKey.generate()
    elif kind == "rsa":
        key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    elif kind == "dsa":
        key = dsa.generate_private_key(key_size=1024)
    else:
        curve = {256: ec.SECP256R1(), 384: ec.SECP384R1(), 521: ec.SECP521R1()}[bits]
        key = ec.generate_private_key(curve)
    enc = ser.BestAvailableEncryption(passphrase.encode()) if passphrase else ser.NoEncryption()
    private = key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.OpenSSH, enc)  # type: ignore[attr-defined]
    private = _with_comment(private, comment) if not passphrase else private
    public_line = key.public_key().public_bytes(ser.Encoding.OpenSSH, ser.PublicFormat.OpenSSH)  # type: ignore[attr-defined]
    pub = parse_public(public_line.decode())
    assert pub is not None
    return private, PublicKey(pub.alg, pub.blob, comment)


def _with_comment(private: bytes, comment: str) -> bytes:
    """cryptography writes an empty comment into the private key; ssh-keygen writes -C's."""
    text = private.strip()
    raw = base64.b64decode(b"".join(text[len(PRIVATE_BEGIN):text.index(PRIVATE_END)].split()))
    pos = len(_MAGIC)
    for _ in range(3):
        _, pos = _string(raw, pos)
    pos += 4
    _, pos = _string(raw, pos)
    head = raw[:pos]
    priv, _ = _string(raw, pos)
    alg, p = _string(priv, 8)
    fields = {"ssh-ed25519": 2, "ssh-rsa": 6, "ssh-dss": 5}.get(alg.decode("latin-1"), 3)
    for _ in range(fields):
        _, p = _string(priv, p)
    body = priv[:p] + struct.pack(">I", len(comment.encode())) + comment.encode()
    body += bytes(range(1, 1 + (-len(body)) % 8))   # OpenSSH's padding 1, 2, 3...
    raw = head + struct.pack(">I", len(body)) + body
    b64 = base64.b64encode(raw).decode()
    lines = [b64[i:i + 70] for i in range(0, len(b64), 70)]
    return (PRIVATE_BEGIN.decode() + "\n" + "\n".join(lines) + "\n" + PRIVATE_END.decode() + "\n").encode()


# ----------------------------------------------------------------------------- randomart
_AUGMENT = " .o+=*BOX@%&#/^SE"


def randomart(key: PublicKey) -> str:
    """OpenSSH's "drunken bishop" picture of the SHA256 fingerprint (sshkey.c)."""
    width, height = 17, 9
    field = [[0] * height for _ in range(width)]
    x, y = width // 2, height // 2
    top = len(_AUGMENT) - 1
    for byte in hashlib.sha256(key.blob).digest():
        for _ in range(4):
            x = min(max(x + (1 if byte & 1 else -1), 0), width - 1)
            y = min(max(y + (1 if byte & 2 else -1), 0), height - 1)
            if field[x][y] < top - 2:
                field[x][y] += 1
            byte >>= 2
    field[width // 2][height // 2] = top - 1
    field[x][y] = top
    title = f"[{key.kind} {key.bits}]"
    if len(title) > width:
        title = f"[{key.kind}]"

    def border(label: str) -> str:
        left = (width - len(label)) // 2
        return "+" + "-" * left + label + "-" * (width - left - len(label)) + "+\n"

    rows = "".join("|" + "".join(_AUGMENT[min(field[i][j], top)] for i in range(width)) + "|\n"
                   for j in range(height))
    return border(title) + rows + border("[SHA256]")


# ----------------------------------------------------------------------------- known_hosts
def host_pattern(host: str, port: int) -> str:
    """The name a known_hosts entry records: `host`, or `[host]:port` off port 22."""
    return host if port == 22 else f"[{host}]:{port}"


def hashed_name(name: str, salt: bytes | None = None) -> str:
    """HashKnownHosts' |1|salt|hmac (HMAC-SHA1 of the name keyed by a random salt)."""
    salt = salt if salt is not None else os.urandom(20)
    digest = hmac.new(salt, name.encode(), hashlib.sha1).digest()
    return f"|1|{base64.b64encode(salt).decode()}|{base64.b64encode(digest).decode()}"


def _glob(pattern: str, name: str) -> bool:
    import fnmatch

    return fnmatch.fnmatchcase(name.lower(), pattern.lower().replace("[", "[[]"))


def names_match(field: str, name: str) -> bool:
    """Does a known_hosts host field (comma list, negations, wildcards, or one hashed name) name `name`?"""
    if field.startswith("|1|"):
        parts = field.split("|")
        if len(parts) != 4:
            return False
        try:
            salt = base64.b64decode(parts[2])
        except (binascii.Error, ValueError):
            return False
        return hmac.compare_digest(hashed_name(name, salt), field)
    hit = False
    for pattern in field.split(","):
        if pattern.startswith("!"):
            if _glob(pattern[1:], name):
                return False
        elif _glob(pattern, name):
            hit = True
    return hit


@dataclass(frozen=True)
class KnownHost:
    path: str
    number: int          # line number (for the messages that name it)
    field: str
    key: PublicKey
    marker: str = ""     # @revoked / @cert-authority


def known_entries(path: str, text: str) -> list[KnownHost]:
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        marker = ""
        if words[0].startswith("@"):
            marker, words = words[0], words[1:]
        if len(words) < 3:
            continue
        key = parse_public(" ".join(words[1:]))
        if key is not None:
            out.append(KnownHost(path, number, words[0], key, marker))
    return out


def clear_name(field: str) -> str:
    """The first plain name of a field (for "known by other names" lines); hashed: itself."""
    return field.split(",")[0]
