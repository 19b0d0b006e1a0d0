#### free's header line
free | head -1
#### free -w's header line
free -w | head -1
#### free's row names and columns
free | awk '{print $1, NF}'
#### free -t adds a total row; -l low and high rows
free -t | tail -1 | awk '{print $1, NF}'; free -l | awk '{print $1}'
#### free -h units on every value
free -h | awk 'NR>1 {for (i=2; i<=NF; i++) if ($i !~ /^[0-9.]+[BKMGTP]i?$/) print "bad", $i}'; echo done
#### free: two units
free -m -g; echo "status=$?"
#### free: a bad count and bad seconds
free -c 0; echo "status=$?"; free -s 0; echo "status=$?"; free -s x; echo "status=$?"; free -c x; echo "status=$?"
#### free: an operand
free extra; echo "status=$?"
#### free: a bad option
free -x; echo "status=$?"
#### free -c 2 -s 0.1 prints two reports separated by a blank line
free -c 2 -s 0.1 | awk '{print $1}'
#### free -V and uptime -V
free -V; uptime -V; vmstat -V
#### uptime -p's shape
uptime -p | grep -Eq '^up ([0-9]+ (year|week|day|hour|minute)s?(, )?)+$' && echo ok
#### uptime -s is a date and time
uptime -s | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$' && echo ok
#### uptime's shape
uptime | grep -Eq '^ [0-9]{2}:[0-9]{2}:[0-9]{2} up .*, +[0-9]+ users?,  load average: [0-9]+\.[0-9]{2}, [0-9]+\.[0-9]{2}, [0-9]+\.[0-9]{2}$' && echo ok
#### uptime: an operand, a bad option
uptime a; echo "status=$?"; uptime -x; echo "status=$?"
#### vmstat's two header lines and its field count
vmstat | head -2; vmstat | tail -1 | awk '{print NF}'
#### vmstat -a's header
vmstat -a | sed -n 2p
#### vmstat: a bad argument
vmstat a; echo "status=$?"
#### nproc honours OpenMP's variables
OMP_NUM_THREADS=5 nproc; OMP_NUM_THREADS=5 nproc --all | grep -vq 5 && echo all; OMP_NUM_THREADS=3,2 nproc; OMP_NUM_THREADS=" 4" nproc; OMP_NUM_THREADS=7 OMP_THREAD_LIMIT=6 nproc
#### /proc/meminfo agrees with free
[ "$(awk '/^MemTotal/ {print $2}' /proc/meminfo)" = "$(free | awk '/^Mem/ {print $2}')" ] && echo same
#### /proc/cpuinfo agrees with nproc
[ "$(grep -c ^processor /proc/cpuinfo)" = "$(nproc)" ] && echo same
#### /proc/loadavg and /proc/uptime shapes
grep -Eq '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+/[0-9]+ [0-9]+$' /proc/loadavg && echo ok; grep -Eq '^[0-9]+\.[0-9]{2} [0-9]+\.[0-9]{2}$' /proc/uptime && echo ok
#### /proc/version names the kernel uname gives
grep -q "^Linux version $(uname -r) " /proc/version && echo ok
#### /proc/mounts has the root file system
awk '$2 == "/" {print $3}' /proc/mounts | head -1
#### timeout ends a sleep: 124
timeout 1 sleep 5; echo $?
#### timeout -s KILL: 137
x=$(timeout -s KILL 1 sleep 5); echo $?
#### timeout --preserve-status: the signal's status
timeout --preserve-status 0.2 sleep 5; echo $?; timeout --preserve-status -s HUP 0.2 sleep 5; echo $?
#### timeout with an ignored signal, then -k's KILL
timeout -s CONT 0.2 sleep 0.5; echo $?; x=$(timeout -k 0.2 -s CONT 0.2 sleep 5); echo $?
#### timeout of a command that ends in time keeps its status
timeout 5 true; echo $?; timeout 5 false; echo $?; timeout 5 bash -c 'exit 3'; echo $?
#### timeout 0 disables the limit; durations with suffixes
timeout 0 true; echo $?; timeout 1d true; echo $?; timeout 0.01m true; echo $?; timeout 1e-1 sleep 1; echo $?
#### timeout ends a busy loop in a child shell
timeout 0.3 bash -c 'while :; do :; done'; echo $?
#### timeout -v says what it sends
timeout -v 0.2 sleep 1; echo $?
#### timeout: bad intervals and signals
timeout x sleep 1; echo $?; timeout 1.5x true; echo $?; timeout -s FOO 1 true; echo $?; timeout -k x 1 true; echo $?
#### timeout: missing operands, a bad option
timeout; echo $?; timeout 1; echo $?; timeout -1 true; echo $?
#### timeout: a command that is not there, one that cannot run
timeout 1 /nonexistent/cmd; echo $?; timeout 1 /etc/passwd; echo $?
#### timeout --help's first lines
timeout --help | head -3
#### nested timeouts: the shorter one wins
timeout 0.2 timeout 5 sleep 3; echo $?; timeout 5 timeout 0.2 sleep 3; echo $?
#### nohup off a terminal just runs the command
nohup true; echo $?; nohup sh -c 'exit 4'; echo $?; nohup echo hi
#### nohup errors
nohup; echo $?; nohup -x; echo $?; nohup /nonexistent/cmd; echo $?; nohup /etc/passwd; echo $?
#### nohup --help's first lines
nohup --help | head -2
#### nice prints the niceness; nice -n adds to it
nice; nice -n 5 nice; nice nice; nice -n 3 -n 4 nice; nice --adjustment=7 nice; nice -5 nice; nice -n 50 nice
#### nice: lowering the niceness as a user is refused but the command runs
nice -n -5 nice; echo $?; nice --5 nice
#### nice: errors
nice -n x true; echo $?; nice -x; echo $?; nice -n; echo $?; nice /nonexistent/cmd; echo $?; nice /etc/passwd; echo $?
#### renice the shell itself
renice -n 5 -p $$ | sed "s/^$$ /PID /"; renice -n 7 $$ | sed "s/^$$ /PID /"; echo $?
#### renice: lowering as a user, a process that is not there
renice -n 5 -p $$ >/dev/null; renice -n 1 -p $$ 2>&1 | sed "s/ $$ / PID /"; echo ${PIPESTATUS[0]}; renice -n 5 -p 3999999; echo $?
#### renice: init is another user's
renice -n 5 -p 1; echo $?
#### renice: bad arguments
renice; echo $?; renice 5; echo $?; renice -n x -p 1; echo $?; renice 5 x; echo $?
