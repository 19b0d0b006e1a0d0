"""The teacher's authentication for the dashboard (issue 18).

Two ways in, both with the one teacher password:
- HTTP basic auth as user `teacher` (scripts, `curl -u teacher:PW`);
- the form at /teacher/login (field `password`), which answers with a session cookie
  (`shelldojo_teacher`: a random token, HttpOnly, SameSite=Strict, Path=/teacher).

Every POST carries a per-session CSRF token (field `csrf`): a cookie session has its own,
basic auth gets one derived from the server's secret; the login form itself is protected by a
double-submit token (a `shelldojo_login` cookie equal to the form's field).  Passwords are
compared in constant time; failed attempts are counted per client address and refused with
429 once too many fall in a window, so the password cannot be guessed at speed.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from shelldojo.shell.serve.limits import AddressBook, Refused, ServeLimits

COOKIE = "shelldojo_teacher"
LOGIN_COOKIE = "shelldojo_login"
USER = "teacher"
SESSION_SECONDS = 12 * 3600          # a school day, then log in again
MAX_SESSIONS = 256                   # the oldest session goes when more are opened
MAX_FAILURES = 10                    # failed logins per address within FAILURE_WINDOW ...
FAILURE_WINDOW = 600.0               # ... seconds, then 429 until the oldest failure ages out


@dataclass
class TeacherSession:
    token: str
    csrf: str
    expires: float


class TeacherAuth:
    """Who is the teacher: passwords, sessions, CSRF tokens and the login-attempt limit.
    `clock` is injectable so tests move time without sleeping."""

    def __init__(self, password: str, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._digest = hashlib.sha256(password.encode("utf-8", "surrogateescape")).digest()
        self._secret = secrets.token_bytes(32)
        self._clock = clock
        self._sessions: OrderedDict[str, TeacherSession] = OrderedDict()
        # the server's one mechanism for failed logins (limits.py), in a book of its own: students
        # mistyping the class code must not lock the teacher out
        self.attempts = AddressBook(ServeLimits(login_attempts=MAX_FAILURES, login_window_s=FAILURE_WINDOW), clock)

    # -- passwords ----------------------------------------------------------------
    def password_ok(self, password: str) -> bool:
        """Constant time: both sides are hashed to the same length before the compare."""
        given = hashlib.sha256(password.encode("utf-8", "surrogateescape")).digest()
        return hmac.compare_digest(given, self._digest)

    def blocked(self, address: str) -> str | None:
        """Why `address` may not try a password now (too many failures), or None."""
        try:
            self.attempts.may_try_login(address)
        except Refused as exc:
            return str(exc)
        return None

    def failed(self, address: str) -> None:
        self.attempts.login_failed(address)

    # -- sessions ---------------------------------------------------------------
    def open_session(self) -> TeacherSession:
        session = TeacherSession(secrets.token_urlsafe(32), secrets.token_urlsafe(32),
                                 self._clock() + SESSION_SECONDS)
        self._sessions[session.token] = session
        while len(self._sessions) > MAX_SESSIONS:
            self._sessions.popitem(last=False)
        return session

    def close_session(self, token: str) -> None:
        self._sessions.pop(token, None)

    def session(self, token: str | None) -> TeacherSession | None:
        if not token:
            return None
        found = self._sessions.get(token)
        if found is None or found.expires <= self._clock():
            self._sessions.pop(token, None)
            return None
        return found

    def basic_session(self) -> TeacherSession:
        """What a basic-auth request is: no cookie, a CSRF token derived from the server's secret
        (a forged cross-site form cannot know it)."""
        csrf = hmac.new(self._secret, b"basic-auth csrf", hashlib.sha256).hexdigest()
        return TeacherSession("", csrf, self._clock() + SESSION_SECONDS)

    def login_token(self) -> str:
        return secrets.token_urlsafe(24)

    # -- requests ---------------------------------------------------------------
    def identify(self, request: web.Request) -> TeacherSession | None:
        """The teacher's session for this request, or None.  A wrong basic-auth password counts
        as a failed attempt (and is not even compared while the address is blocked)."""
        found = self.session(request.cookies.get(COOKIE))
        if found is not None:
            return found
        header = request.headers.get("Authorization", "")
        if not header.lower().startswith("basic "):
            return None
        address = client_address(request)
        if self.blocked(address):
            return None
        try:
            user, _, password = base64.b64decode(header[6:].strip(), validate=True).decode(
                "utf-8", "surrogateescape").partition(":")
        except (binascii.Error, ValueError):
            user, password = "", ""
        # both compared, so timing does not tell a wrong user from a wrong password
        user_ok = hmac.compare_digest(user.encode("utf-8", "surrogateescape"), USER.encode())
        if self.password_ok(password) and user_ok:
            return self.basic_session()
        self.failed(address)
        return None

    def csrf_ok(self, session: TeacherSession, given: object) -> bool:
        return isinstance(given, str) and hmac.compare_digest(given.encode(), session.csrf.encode())


def client_address(request: web.Request) -> str:
    """The peer's address (a reverse proxy's X-Forwarded-For is not trusted: it is forgeable)."""
    return request.remote or "unknown"


def set_session_cookie(response: web.StreamResponse, request: web.Request, session: TeacherSession) -> None:
    response.set_cookie(COOKIE, session.token, max_age=SESSION_SECONDS, path="/teacher", httponly=True,
                        samesite="Strict", secure=request.secure)


def clear_session_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(COOKIE, path="/teacher")
