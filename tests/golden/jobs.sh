#### a background job's status through wait $!
sleep 0.2 & wait $!; echo $?
#### a subshell job's exit status
(exit 3) & wait $!; echo $?
#### wait $! twice remembers the status
(exit 4) & sleep 0.1; wait $!; echo $?; wait $!; echo $?
#### jobs lists a running job, kill %1 ends it
sleep 30 &
jobs
kill %1
wait; echo "wait=$?"
jobs; echo "jobs=$?"
#### jobs -p in a pipeline and in $( )
sleep 30 & sleep 30 &
jobs -p | wc -l
echo $(jobs -p) | wc -w
(jobs); echo sub
kill %1 %2; wait
#### job marks and specs
sleep 30 & { sleep 30 >/dev/null 2>&1; echo x; } & sleep 0.2 | cat &
jobs
jobs %-; jobs %+; jobs %%; jobs %{; jobs %?cat; jobs %sleep; echo $?
jobs %x; echo $?
kill %1 %2 %3; wait
#### $! is a number, not $$
sleep 0.1 & case $! in ''|*[!0-9]*) echo bad;; *) [ $! != $$ ] && echo ok;; esac; wait
#### wait -n
false & wait -n; echo $?
wait -n; echo $?
(exit 5) & sleep 0.1; wait -n; echo $?
wait -n 123; echo $?
#### disown
disown; echo $?
sleep 3 >/dev/null 2>&1 & disown; echo $?; jobs; echo "left=$(jobs | wc -l)"
disown %4; echo $?
#### fg and bg without job control
fg; echo $?
bg %3; echo $?
#### wait errors
wait 99999; echo $?
wait %2; echo $?
wait abc; echo $?
wait -z; echo $?
jobs -z; echo $?
#### a finished job leaves the table of a non-interactive shell
(exit 3) & sleep 0.2; jobs; wait %1; echo $?
#### jobs -x replaces a jobspec by its pid
sleep 30 & jobs -x echo %1 | grep -c '^[0-9][0-9]* *$'; kill %1; wait
#### background output comes through
{ echo from-job; } & wait; echo after
