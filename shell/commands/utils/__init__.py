"""util-linux and bsdutils tools a learner meets: column, getopt, whereis, flock, lsblk..."""
