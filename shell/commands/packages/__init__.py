"""Package managers: apt, apt-get, apt-cache, dpkg, pip."""
