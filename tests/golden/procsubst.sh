#### two substitutions count down from 63
echo <(true) <(true)
#### inside a word
echo a<(true)b x>(true)
#### quoted forms are literal
echo "<(x)" '<(x)' "a>(b)"
#### cat reads one
cat <(echo hi)
#### a while loop reads one through a redirection
while read l; do echo "got $l"; done < <(printf 'a\nb\n')
#### paste two
paste <(seq 3) <(seq 4 6)
#### diff of two sorted lists
printf 'b\na\n' > a; printf 'a\nc\n' > b
diff <(sort a) <(sort b); echo "status=$?"
#### its status is not the command's
cat <(exit 3); echo $?
#### wait $! gives its status
cat <(exit 3); wait $!; echo $?
#### a pipe for the test operators
[[ -p <(true) ]] && echo pipe; test -e <(true) && echo exists; stat -c %F <(true)
#### the link names a pipe
readlink <(true) | sed 's/[0-9][0-9]*/N/'
#### ls -l shows the link
ls -l <(true) | cut -c1-10
#### nested three deep
cat <(cat <(cat <(echo deep)))
#### inside a command substitution
echo "$(cat <(echo q))"
#### tee into a substitution
printf 'a\nb\n' | tee >(wc -l) >/dev/null; wait
#### a redirection into one
echo hi > >(cat); wait
#### sort into cat -n
sort <(printf 'b\na\n') > >(cat -n); wait
#### a function reads the name it was given
f() { cat "$1"; cat "$1"; echo "end"; }; f <(echo func)
#### the name is gone after the command
x=<(echo v); echo "$x"; cat $x; echo "status=$?"
#### a for loop's names close with the first command run
for f in <(echo 1) <(echo 2); do cat $f; done
#### case and declare -f
case <(true) in /dev/fd/*) echo m;; esac
f() { cat <(echo a) >(true); }; declare -f f
#### not a directory
cat <(echo hi)<(echo there)
#### empty body
echo <() end
#### exec keeps it open
exec 3< <(echo three); cat <&3
#### a missing paren
echo <(true
#### a missing paren in >(
cat >(cat
