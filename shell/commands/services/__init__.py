"""Services as a learner meets systemd: systemctl, service, journalctl, and the daemons' programs."""
