#### ps names the shell itself
ps -o comm= -p $$; true
#### ps -o with an empty header prints no header line
ps -o pid= -p $$ | wc -l
#### ps -p of a pid that does not exist: the header, status 1
ps -p 4000000; echo "status=$?"
#### ps -C with no match
ps -C nosuchprog -o comm=; echo "status=$?"
#### ps: a bad pid list
ps -p abc; echo "status=$?"
#### ps: an unknown user
ps -u nosuchuser; echo "status=$?"
#### ps: an unknown format field
ps -o nosuchfield; echo "status=$?"
#### the login shell and a subshell: BASHPID differs, $$ does not
a=$$; b=$(echo $$); [ "$a" = "$b" ] && echo same; [ "$$" != "$(echo $BASHPID)" ] && echo differs
#### a subshell's parent is the shell
[ "$(bash -c 'echo $PPID')" = "$$" ] && echo parent
#### kill -l lists every signal
kill -l
#### kill -l converts names and numbers
kill -l 15; kill -l TERM; kill -l SIGKILL; kill -l 143; kill -l 0; kill -l 49 50
#### kill -l with a bad signal
kill -l 65; echo "status=$?"; kill -l foo; echo "status=$?"
#### kill -s TERM of a name
kill -s TERM nosuch; echo "status=$?"
#### kill of a pid that does not exist
kill 4000000; echo "status=$?"
#### kill of init as a user
kill 1; echo "status=$?"
#### kill without arguments: usage
kill; echo "status=$?"; kill -9; echo "status=$?"
#### kill -s without a signal, and a bad signal name
kill -s; echo "status=$?"; kill -s FOO 1; echo "status=$?"
#### kill -0 of the shell itself
kill -0 $$; echo "status=$?"
#### kill $$ ends a script with 143, and the shell says Terminated
bash -c 'kill $$; echo after'; echo "status=$?"
#### a trapped TERM runs the trap
bash -c 'trap "echo caught" TERM; kill $$; echo after'; echo "status=$?"
#### a subshell killing itself
(kill $BASHPID; echo no); echo "status=$?"
#### a pipeline's stage killed: no message
echo | bash -c 'kill $$'; echo "status=$?"
#### procps kill: a missing pid and a bad argument
env kill 4000000; echo "status=$?"; env kill -9 abc; echo "status=$?"
#### procps kill -l and -L
env kill -l; env kill -l 9; env kill -L
#### kill is a builtin with a program too
type kill; type -a kill | tail -1
#### the first stage of a pipeline killed: no message
bash -c 'kill -9 $$' | cat; echo "status=${PIPESTATUS[*]}"
#### ps in a pipeline is the stage's own process, a child of the shell
[ "$(ps -o ppid= -p $(ps -o pid= -C ps | head -1) | tr -d ' ')" != "" ] && echo ok
#### ps with a value bundled after other options (-fp, -fo)
ps -fp $$ | head -1; ps -fopid= -p $$ | wc -l; true
