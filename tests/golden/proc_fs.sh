#### /proc/$$/comm names the shell
cat /proc/$$/comm; true
#### /proc/self is the reader: cat reads its own comm
cat /proc/self/comm
#### /proc/self/cwd is a symlink to the working directory
cd /tmp && ls -l /proc/self/cwd | sed 's/.* -> //'
#### readlink of cwd and exe
cd /tmp; readlink /proc/self/cwd; readlink /proc/self/exe
#### cmdline is NUL-separated
cat /proc/self/cmdline | tr '\0' ' '; echo
#### comm of a process is its name with a newline
od -c /proc/$$/comm | head -1 | cut -c8-
#### environ of another user's process is refused
cat /proc/1/environ; echo "status=$?"
#### environ is mode 0400
stat -c '%a' /proc/$$/environ
#### status starts with Name and Umask
head -2 /proc/self/status
#### the status of the shell names its pid
grep -c "^Pid:	$$\$" /proc/$$/status
#### the status of the shell names its parent
[ "$(awk '/^PPid:/ {print $2}' /proc/$$/status)" = "$PPID" ] && echo ppid
#### /proc/self is a symlink to a pid
[ "$(readlink /proc/self)" -gt 0 ] && echo number
#### writing a read-only /proc file as a user
echo x > /proc/uptime; echo "status=$?"
#### no new names in /proc
touch /proc/newfile; echo "status=$?"; mkdir /proc/newdir; echo "status=$?"
#### removing a /proc file
rm /proc/uptime; echo "status=$?"
#### rm -f of a /proc file
rm -f /proc/version; echo "status=$?"
#### writing a process's status
echo x > /proc/self/status; echo "status=$?"
#### a pid that does not exist has no directory
ls /proc/4000000; echo "status=$?"
#### the fd directory of init is not ours
ls /proc/1/fd; echo "status=$?"
#### /proc/mounts is a symlink into self
readlink /proc/mounts
#### the mode of /proc and a pid directory
stat -c '%a %U' /proc /proc/1
#### pgrep with nothing to match
pgrep; echo "status=$?"
#### pgrep -x of no such process
pgrep -x nosuch; echo "status=$?"
#### pgrep -c counts, status 1 when none
pgrep -c nosuch; echo "status=$?"
#### pgrep takes one pattern
pgrep a b; echo "status=$?"
#### pgrep of an unknown user
pgrep -u nosuchuser x; echo "status=$?"
#### pkill with nothing to match
pkill; echo "status=$?"
#### pkill of no such process
pkill -9 -x nosuch; echo "status=$?"
#### pidof of no such program
pidof nosuch; echo "status=$?"
#### pidof with no name
pidof; echo "status=$?"
#### killall of no such process
killall nosuch; echo "status=$?"
#### killall -l lists the signals
killall -l
#### killall of an unknown signal
killall -s FOO x; echo "status=$?"
#### pstree of an unknown user
pstree nosuchuser; echo "status=$?"
#### pgrep -V
pgrep -V
