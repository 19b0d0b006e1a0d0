"""The simulated machine's disk and accounts; knows nothing of shells."""
from filesystem.credentials import ROOT, Credentials, acting_as
from filesystem.machine import DiskLimits, Machine
from filesystem.vfs import VFS, strerror

__all__ = ["ROOT", "VFS", "Credentials", "DiskLimits", "Machine", "acting_as", "strerror"]
