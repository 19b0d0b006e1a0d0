"""Errno values as GNU tools print them (strerror in the C.UTF-8 locale)."""
from __future__ import annotations

import errno

_MESSAGES = {
    errno.ENOENT: "No such file or directory",
    errno.EACCES: "Permission denied",
    errno.EEXIST: "File exists",
    errno.ENOTDIR: "Not a directory",
    errno.EISDIR: "Is a directory",
    errno.ENOTEMPTY: "Directory not empty",
    errno.EPERM: "Operation not permitted",
    errno.ENOSPC: "No space left on device",
    errno.ELOOP: "Too many levels of symbolic links",
    errno.EINVAL: "Invalid argument",
    errno.EXDEV: "Invalid cross-device link",
    errno.EFBIG: "File too large",
    errno.ENAMETOOLONG: "File name too long",
    errno.EBUSY: "Device or resource busy",
    errno.EROFS: "Read-only file system",
    errno.EBADF: "Bad file descriptor",
    errno.ENOEXEC: "Exec format error",
    errno.EMLINK: "Too many links",
    errno.ENXIO: "No such device or address",
    errno.ENOMEM: "Cannot allocate memory",
    errno.ESRCH: "No such process",
}


def strerror(err: OSError | int) -> str:
    code = err if isinstance(err, int) else (err.errno or 0)
    return _MESSAGES.get(code, "Input/output error")


def oserror(code: int, path: str = "") -> OSError:
    return OSError(code, strerror(code), path)


class FifoBlocked(OSError):
    """Opening a FIFO: no process of the sandbox ever holds its other end at the same time, so
    a real open would wait forever; the shell reports its limit instead (shell/commands/textio)."""
