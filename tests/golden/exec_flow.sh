#### PIPESTATUS and pipefail
true | false | true; echo "${PIPESTATUS[*]} $?"
set -o pipefail; true | false | true; echo "$?"; false | true; echo $?
! true | false; echo "neg=$? ${PIPESTATUS[*]}"
#### negation
! true; echo $?; ! false; echo $?; ! { false; }; echo $?
#### set -e corner cases
set -e
false || echo recovered
if false; then :; fi
while false; do :; done
! true
false && echo no
f(){ false; echo in-f; }; f || echo f-failed
echo before; false; echo never
#### set -e in a subshell
set -e; (false; echo no); echo never
#### set -e with a pipeline
set -e; false | true; echo ok; true | false; echo never
#### exit codes above 255 and negative
bash -c 'exit 256'; echo $?; bash -c 'exit 257'; echo $?; bash -c 'exit -1'; echo $?
bash -c 'exit abc'; echo $?; bash -c 'exit 1 2'; echo $?
#### return outside a function
return 3; echo "status=$?"
#### return with a bad argument
f(){ return abc; }; f; echo "status=$?"
#### source with return and arguments
printf 'echo "args=$*"\nreturn 4\necho never\n' > lib.sh
source ./lib.sh a b; echo "status=$?"; . ./lib.sh; echo "status=$?"
#### source a missing file
source ./nope.sh; echo "status=$?"; . /etc/shadow; echo "status=$?"
#### command not found variants
nosuchcmd; echo $?; ./nosuch; echo $?; /usr/bin/nosuch arg; echo $?
mkdir dir; ./dir; echo $?; touch plain; ./plain; echo $?
#### script without execute bit and with shebangs
printf '#!/bin/bash\necho "0=$0 1=$1 #=$#"\n' > s.sh
./s.sh a; echo $?; chmod +x s.sh; ./s.sh a b; bash s.sh x; sh ./s.sh
printf '#!/nonexistent/sh\necho hi\n' > t.sh; chmod +x t.sh; ./t.sh; echo $?
#### script with no shebang
printf 'echo "no shebang $0"\n' > n.sh; chmod +x n.sh; ./n.sh
#### exit status of a script
printf 'echo a\nexit 5\necho b\n' > e.sh; bash e.sh; echo "status=$?"
#### wait and background jobs
sleep 0 & wait; echo "wait=$?"
(exit 3) & wait $!; echo "wait=$?"
false & echo "bg=$?"
#### $? after various things
false; echo $?; $(exit 4); echo $?; x=$(exit 5); echo $?; : $(exit 6); echo $?
#### here-doc into a loop
while read -r a b; do echo "[$a|$b]"; done <<EOF2
one two
three four five
EOF2
#### here-string and redirections into blocks
{ read -r x; read -r y; } <<< $'l1\nl2'; echo "$x $y"
#### redirection errors
echo hi > /nope/f; echo "status=$?"
cat < nofile; echo "status=$?"
echo x > /etc/passwd; echo "status=$?"
v=; echo x > $v; echo "status=$?"
echo x > "a b" && cat "a b"
#### ambiguous redirect
f='a b'; echo hi > $f; echo "status=$?"
#### noclobber
set -C; echo 1 > f; echo 2 > f; echo "status=$?"; echo 3 >| f; cat f
#### fd duplication and closing
{ echo out; echo err >&2; } 2>&1 | cat
echo hi 3>&1 1>&2 2>&3 | cat
echo x >&5; echo "status=$?"
exec 3>log; echo to3 >&3; exec 3>&-; cat log; echo y >&3; echo "status=$?"
#### exec redirections
exec > out.txt; echo hidden; exec 2>&1; ls /nope; cat out.txt >&2
#### append and read-write
echo a > f; echo b >> f; cat f; cat <> f
#### &> and &>>
ls /nope &> both; cat both; echo x &>> both; cat both
#### redirect of a compound command
for i in 1 2; do echo $i; done > loop.txt; cat loop.txt
if true; then echo yes; fi 2>&1 > if.txt; cat if.txt
#### subshell and brace groups
x=1; (x=2; echo $x); echo $x; { x=3; }; echo $x
#### functions and locals
f(){ local x=in; g; }; g(){ echo "g sees $x"; }; x=out; f; echo $x
#### trap on RETURN and ERR listing
trap 'echo err' ERR; false; trap - ERR; false; echo done
