#### a stopped job continued, then terminated
sleep 30 & kill -STOP $!; kill -CONT $!; kill $!; wait $!; echo $?
#### a stopped job killed with -9
{ sleep 30 & kill -STOP $!; kill -9 $!; wait $!; echo $?; } 2>/dev/null
#### a stopped job: TSTP then CONT then KILL
{ sleep 30 & kill -TSTP $!; kill -CONT $!; kill -KILL $!; wait $!; echo $?; } 2>/dev/null
#### stop signals by name and status
kill -l STOP TSTP TTIN TTOU CONT; kill -l 147 148 149 150
#### suspend without job control
suspend; echo $?
suspend -x; echo $?
