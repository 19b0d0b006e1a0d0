#### exec of a missing command ends a non-interactive shell with 127
exec nosuch; echo after $?
#### exec with execfail set goes on
shopt -s execfail; exec nosuch; echo after $?; exec /tmp; echo $?; exec ./nosuch; echo $?; mkdir d; exec d; echo $?
echo hi > f; chmod -x f; exec ./f; echo $?; exec .//nosuch; echo $?; exec help; echo $?
#### exec in a subshell ends the subshell only
(exec nosuch); echo $?; (exec /tmp); echo $?; (exec sub/../nosuch); echo $?
#### exec of a directory or a file that cannot run
echo hi > f; chmod -x f; exec ./f; echo never
#### exec of a directory
exec /tmp; echo never
#### read from a closed stdin, a directory, a write-only fd
read x <&-; echo $?; read x < /tmp; echo $?; read -u 3 x 3</tmp; echo $?; read -u 3 x 3<&-; echo $?; mapfile a < /tmp; echo $?
read x 0>/dev/null; echo $?; read -n 2 x < /tmp; echo $?; read -N 2 x < /tmp; echo $?; read -d '' x <&-; echo $?; read -a arr <&-; echo $?; read <&-; echo $?
read -u 0 x <&-; echo $?; read -u 1 x; echo $?; read -u 5 x; echo $?
#### writing to a read-only fd, reading a write-only one
echo hi 1</etc/hostname; echo $?; cat 0>/dev/null; echo $?
