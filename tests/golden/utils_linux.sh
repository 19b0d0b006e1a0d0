#### egrep, fgrep, rgrep run grep -E, -F, -r
printf 'ab\nc\na|c\n' > f; mkdir -p d; printf 'x c\n' > d/g
egrep 'a|c' f; echo "st=$?"; fgrep 'a|c' f; echo "st=$?"; rgrep -n c d; echo "st=$?"
egrep -x zz f; echo "st=$?"; fgrep -q; echo "st=$?"; egrep '(' f; echo "st=$?"
#### cmp: first difference, -l, -b, EOF messages, skips and limits
printf "abcdef\nxyz\n" > a; printf "abXdeY\nxyz\n" > b; printf "ab" > c; printf "ab\n" > d; printf "ab\ncd" > f; printf "" > e
printf "a\nb\nc" > g; printf "a\nb\nX" > h; printf "\x01\xff\n" > i; printf "\x02\x80\n" > j
cmp a b; echo st=$?; cmp -l a b; echo st=$?; cmp -b a b; echo st=$?; cmp -bl a b; echo $?; cmp a c; echo st=$?
cmp c a; echo $?; cmp -s a b; echo $?; cmp a a; echo $?; cmp -n 2 a b; echo $?; cmp -i 3 a b; echo $?
cmp -i 2:3 a b; echo $?; cmp a nope; echo $?; cmp a </dev/null; echo $?; cmp e a; echo $?; cmp - a < b; echo $?
cmp . a; echo $?; cmp --print-bytes --verbose a b; echo $?; cmp -n 1K a b; echo $?; cmp -i 1K a b; echo $?
cmp d f; echo $?; cmp g h; cmp -l g h; cmp -b i j; cmp -bl i j;  cmp -bl a c; echo $?; cmp -n 2 a c; echo $?
cmp a b 2 2; echo $?; cmp a b 1K; echo $?
#### cmp usage errors
printf "abc\n" > a; printf "abd\n" > b
cmp; echo $?; cmp a b c d; echo $?; cmp -z a b; echo $?; cmp -n x a b; echo $?; cmp a b 1 2 3; echo $?
cmp -i 1:x a b; echo $?; cmp -l -s a b; echo $?; cmp -n -1 a b; echo $?; cmp a b x; echo $?
#### getopt: quoting, long options, errors and the old form
getopt ab:c:: -a -b x arg -c; echo st=$?
getopt -o ab:c:: -l alpha,beta:,gamma:: -- -a --beta=1 --gam file "it's" -cz; echo st=$?
getopt -o a -- -z; echo st=$?
getopt -o a -n myprog -- -z -a; echo st=$?
getopt -o a -q -- -z -a x; echo st=$?
getopt -o ab: -Q -- -a -b; echo st=$?
getopt -o ab: -- -a -b; echo st=$?
getopt -T; echo st=$?
getopt; echo st=$?
getopt -o a -l verbose -- --verb --nope x; echo st=$?
getopt -o a -l verbose -- --verbose=1; echo st=$?
getopt -o a -l ve,verbose -- --v; echo st=$?
getopt -u -o ab: -- -a -b "x y" z; echo st=$?
getopt -o +ab -- -a x -b; echo st=$?
getopt -a -o a -l long -- -long -a; echo st=$?
getopt -o a -l req: -- --req; echo st=$?
getopt -o "" -- a b; echo st=$?
getopt -x; echo st=$?
getopt -o 'a' -s tcsh -- -a 'x!y'; echo st=$?
getopt -o a -- $'new\nline' ; echo st=$?
POSIXLY_CORRECT=1 getopt -o ab -- -a x -b; echo st=$?
getopt -o -ab -- x -a y; echo st=$?
#### getopt in a script's while/case loop
set -- -v --file out.txt extra
args=$(getopt -o vf: -l verbose,file: -n demo -- "$@") || exit 1
eval set -- "$args"
while true; do case "$1" in -v|--verbose) echo verbose; shift;; -f|--file) echo "file=$2"; shift 2;; --) shift; break;; esac; done
echo "rest: $*"
#### column: fill columns, fill rows, tables, JSON
printf 'name age city\nalice 30 paris\nbob 4 rome\n' > t
printf 'a:b:c\nlong:x:yy\n' > p
seq 1 30 > n
column -t t; echo st=$?
column -t -s: p; echo st=$?
column -t -s: -o ' | ' p
column -t -N A,B,C -s: p
column -t -N A,B,C -R B -s: p
column -t -J -N a,b,c -s: p
column n
column -c 30 n
column -x -c 30 n
column -c 20 t
column -t -R 2 t
printf 'x\n\nyy\n' | column -t
printf 'x\n\nyy\n' | column
printf '' | column; echo st=$?
column -t -s '' p; echo st=$?
printf 'a\tb  c\n' | column -t
printf 'a b\n' | column -t -N A; echo st=$?
seq 100 | column -c 60
column -t -n nm -J -N a,b,c t
printf 'a::b\n' | column -t -s:
printf 'é\tb\n日本 c\nx y\n' | column -t
#### column errors
column nope; echo st=$?
column -J t; echo st=$?
column -z; echo st=$?
#### whereis
whereis ls; echo st=$?
whereis -b ls bash; whereis -m ls; whereis -s ls; whereis nosuchcmd; echo st=$?
whereis; echo st=$?
whereis -x ls; echo st=$?
whereis -b useradd
whereis cd
#### flock: a lock file, -n, -w, -s, -c, -E and errors
flock lf echo hi; echo st=$?; ls -l lf | cut -c1-10
flock -n lf flock -n lf echo inner; echo st=$?
flock -w 0.2 lf flock -w 0.1 lf echo inner; echo st=$?
flock -n -E 7 lf flock -n -E 7 lf true; echo st=$?
flock -s lf flock -s -n lf echo shared; echo st=$?
flock -x lf -c 'echo via c; exit 3'; echo st=$?
flock; echo st=$?
flock lf; echo st=$?
flock -u lf true; echo st=$?
flock /nodir/x true; echo st=$?
flock -w abc lf true; echo st=$?
flock -z lf true; echo st=$?
flock -n -v lf flock -v -n lf true; echo st=$?
flock -c; echo st=$?
flock 9; echo st=$?
( flock -n 9 && echo got ) 9>lk; echo st=$?
#### setsid
setsid echo hi; echo st=$?; setsid; echo st=$?; setsid -w false; echo st=$?; setsid -f true; echo st=$?; setsid -z; echo st=$?
setsid sh -c 'exit 5'; echo st=$?
#### mountpoint
mountpoint /; echo st=$?; mountpoint /home; echo st=$?; mountpoint -q /; echo st=$?; mountpoint -q /tmp; echo st=$?
mountpoint /nope; echo st=$?; mountpoint; echo st=$?; mountpoint -d /proc; echo st=$?; mountpoint /etc/passwd; echo st=$?
#### namei
namei /etc/passwd; echo st=$?; namei -l /usr/bin/ls; namei -m /tmp; namei -o /bin/ls; namei -x /; namei /nope/x; echo st=$?
namei; echo st=$?; namei -n /bin
mkdir -p d/e; ln -sf d/e lnk; namei -o lnk/x; namei -l lnk; namei -mo lnk; namei -v /bin/ls; namei -n lnk a b; echo $?
namei lnk; namei -lx /proc/1
