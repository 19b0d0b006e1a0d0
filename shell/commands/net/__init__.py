"""Network tools: ssh, scp, rsync, curl, wget, ping, ip, ss, host, nc (the simulated network only)."""
