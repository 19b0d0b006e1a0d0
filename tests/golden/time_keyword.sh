#### time with an empty TIMEFORMAT prints nothing and keeps the status
TIMEFORMAT=; time true; echo "s=$?"; time false; echo "s=$?"; time (exit 3); echo "s=$?"
#### time reports on the shell's stderr, masked
{ time true; } 2>&1 | sed 's/[0-9]/N/g'
{ time -p true; } 2>&1 | sed 's/[0-9]/N/g'
#### time alone and time -p alone
{ time; } 2>&1 | sed 's/[0-9]/N/g'; { time -p; } 2>&1 | sed 's/[0-9]/N/g'; echo "s=$?"
#### TIMEFORMAT escapes
TIMEFORMAT='%%|a%'; time true
TIMEFORMAT='[%R|%1R|%lR|%3lU|%0S|%E]'; { time true; } 2>&1 | sed 's/[0-9]/N/g'
#### TIMEFORMAT with a bad letter
TIMEFORMAT='%X'; time true; echo "s=$?"; TIMEFORMAT='%3lq'; time false; echo "s=$?"
#### time and ! in both orders
TIMEFORMAT=x; time ! false; echo "s=$?"; ! time false; echo "s=$?"; time ! true; echo "s=$?"; ! time; echo "s=$?"; time !; echo "s=$?"
#### time in lists and pipelines
TIMEFORMAT=x; time echo a | cat; time true && echo b; time false || echo c; echo d; time echo e | tr e E
#### time -- and time -p --
TIMEFORMAT=x; { time -- true; time -p -- true; time time true; } 2>&1 | sed 's/[0-9]/N/g'
#### time output ignores the pipeline's own redirections
TIMEFORMAT=timed; time ls /nope 2>/dev/null; echo "s=$?"; { time ls /nope; } 2>/dev/null; echo "s=$?"
#### time in compound commands and functions
TIMEFORMAT=x; if time true; then time echo y; fi; { time true; }; (time true); f(){ time true; }; f
for i in 1 2; do time break; done; echo end; g(){ time return 4; }; g; echo "g=$?"
#### time exit still reports
TIMEFORMAT=x; time exit 3
#### time -x is a command
TIMEFORMAT=x; time -x true; echo "s=$?"
#### time syntax errors
time | cat
#### time before & is a syntax error
time &
#### a lone ! before & is a syntax error
! &
#### time alone in parentheses is a syntax error
(time)
#### type and help know time
type time; type -t time; help -d time; compgen -k | grep -x time
#### time in a function body as type prints it
f(){ time -p ls | cat; ! time true; time; echo a 2>&1 >/dev/null; time -- true; }; type f
#### exec {fd}> opens a free fd from 10
exec {fd}>out.txt; echo "fd=$fd"; echo hi >&$fd; cat out.txt; exec {fd}>&-; echo gone >&$fd; echo "s=$?"
#### several varname fds
exec {a}>a.txt {b}>b.txt; echo $a $b; exec {c}<>c.txt {d}>>d.txt; echo $c $d; exec {a}>&-; exec {e}>e.txt; echo $e
#### varname fd stays open after a plain command
echo a {fd}>y.txt; echo "fd=$fd"; echo more >&$fd; cat y.txt
#### varredir_close closes it after the command
shopt -s varredir_close; echo a {fd}>y.txt; echo "fd=$fd"; echo more >&$fd; echo "s=$?"; cat y.txt
#### varname dup and here-strings
exec {fd}>&1; echo $fd; echo via >&$fd; exec {g}>&$fd; echo $g; exec {h}<<<"hello"; cat <&$h
exec {d}<<EOF
doc
EOF
cat <&$d; echo $d
#### a bad varname is a word
echo {1x}>x.txt; cat x.txt; echo {x-y}>x.txt; cat x.txt
#### readonly varname
readonly r; exec {r}>x.txt; echo "s=$?"
#### closing through a bad variable
unset fd; exec {fd}>&-; echo "s=$?"; fd=""; exec {fd}>&-; echo "s=$?"; fd=abc; exec {fd}>&-; echo "s=$?"; fd=-1; exec {fd}>&-; echo "s=$?"
fd=99; exec {fd}>&-; echo "s=$?"; fd=" 3 "; exec 3>/dev/null; exec {fd}>&-; echo x >&3; echo "s=$?"
#### failed open assigns nothing
exec {fd}<nonexist; echo "s=$? [$fd]"
#### braces that are words
echo {fd} >z.txt; cat z.txt; echo {a,b}>z.txt; cat z.txt; echo x{fd}>z.txt; cat z.txt; echo '{fd}'>z.txt; cat z.txt
#### varname fds on compound commands and arrays
{ echo in; } {fd}>w.txt; echo "fd=$fd"; echo more >&$fd; cat w.txt; f(){ echo fn; }; f {g}>v.txt; echo $g
exec {a[1]}>x.txt; echo "${a[1]}"; declare -A m; exec {m[k]}>x.txt; echo "${m[k]}"
#### varname fd in a subshell or a null command
echo a {fd}>x.txt | cat; echo "[$fd]"; x=$(echo b {fd2}>x.txt); echo "[$fd2]"; {fd3}>n.txt; echo "[$fd3]"; ls n.txt
#### varname close without exec is undone
exec {fd}>x.txt; : {fd}>&-; echo hi >&$fd; echo "s=$?"; cat x.txt
#### set -x shows exec
set -x; exec {fd}>/dev/null; echo {fd}>/dev/null
#### too many open files
ulimit -n 12; exec {a}>/dev/null; exec {b}>/dev/null; exec {c}>/dev/null; echo "$a $b [$c]"
