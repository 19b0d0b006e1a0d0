"""Start a command, wait for it and report its own peak RSS: `python -S peak_launcher.py FD ARGV...`
writes "WAITSTATUS MAXRSS_KB" to fd FD.

Why a launcher: a child's ru_maxrss includes the RSS of the process it was spawned from (on
exec, Linux folds the old address space's high-water mark into the child's), so a child started
by a big pytest process would report pytest's size.  Started from this small interpreter, the
command's peak is its own (+ a few MB)."""
import os
import sys

report = int(sys.argv[1])
os.set_inheritable(report, False)
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
os.write(report, f"{status} {usage.ru_maxrss}\n".encode())
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
