"""The simulated network as the shell's tools see it (no host socket anywhere)."""
