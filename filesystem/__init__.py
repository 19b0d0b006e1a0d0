"""The simulated machine's disk and accounts; knows nothing of shells."""
from shelldojo.filesystem.credentials import ROOT, Credentials, acting_as
from shelldojo.filesystem.machine import DiskLimits, Machine
from shelldojo.filesystem.vfs import VFS, strerror

__all__ = ["ROOT", "VFS", "Credentials", "DiskLimits", "Machine", "acting_as", "strerror"]
