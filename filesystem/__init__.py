"""The simulated machine's disk and accounts; knows nothing of shells."""
from filesystem.credentials import ROOT, Credentials, acting_as
from filesystem.machine import DiskLimits, Machine
from filesystem.vfs import VFS, strerror

__all__ = ["ROOT", "Credentials", "DiskLimits", "Machine", "VFS", "acting_as", "strerror"]
