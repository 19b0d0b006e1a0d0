#### source with args
printf 'echo "sourced $# $1"\nx=from-src\nreturn 3\necho no\n' > s.sh; source ./s.sh a b; echo "status=$? $x"; . ./s.sh; echo $?
#### source missing file
source nothere.sh; echo "status=$?"; . ; echo "status=$?"
#### eval
x='echo evaluated'; eval $x; eval 'y=5; echo $y'; eval "echo \$HOME" ; eval; echo $?
#### eval syntax error
eval 'echo (' ; echo "status=$?"
#### export and env
X=1; env | grep -c '^X='; export X; env | grep '^X='; Y=2 env | grep '^Y='; echo "[$Y]"; export -n X; env | grep -c '^X='
#### export -p format
export Z='a b"c'; export -p | grep ' Z='
#### unset
x=1; unset x; echo "[${x-gone}]"; unset -v nosuch; echo $?; f() { :; }; unset f; type f 2>&1 | head -1
#### readonly errors
readonly r=1; r=2; echo "status=$?"; unset r; echo "status=$?"; echo $r
#### readonly list
readonly q=z; readonly -p | grep ' q='
#### declare -p forms
x=1; declare -p x; declare -i n=3; declare -p n; export e=v; declare -p e; declare -r ro=r; declare -p ro; declare -p nosuch; echo "status=$?"
#### declare -i arithmetic
declare -i n; n=2+3; echo $n; n="n*2"; echo $n
#### declare case attributes
declare -u up=hello; declare -l lo=HELLO; echo $up $lo; up=again; echo $up
#### type keyword builtin file
type if; type cd; type cat; type -t for; type -t echo; type -t ls; type -t nosuch; echo "status=$?"
#### type missing
type nosuchcmd; echo "status=$?"
#### type -a and -p
type -a echo | head -2; type -p cat; type -P echo
#### command -v
command -v cd; command -v cat; command -v if; command -v nosuch; echo "status=$?"; f() { :; }; command -v f
#### command -V
command -V echo; command -V nosuch; echo "status=$?"
#### read basic
read a b <<< "one two three"; echo "$a|$b"; read -r x <<< 'a\b'; echo "$x"; read y <<< 'a\b'; echo "$y"
#### read with IFS
IFS=: read u p rest <<< "root:x:0:0:root"; echo "$u $p $rest"
#### read at EOF
read x < /dev/null; echo "status=$? [$x]"; printf 'noeol' | { read l; echo "$? $l"; }
#### read default REPLY
read <<< "  spaced  "; echo "[$REPLY]"
#### read -p to non terminal
read -p "prompt> " v <<< answer; echo "[$v]"
#### read -n and -d
read -n 3 a <<< abcdef; echo $a; read -d , b <<< "x,y"; echo $b
#### read invalid option
read -Z x; echo "status=$?"
#### read backslash continuation
printf 'a\\\nb\n' | { read l; echo "[$l]"; }
#### shift
set -- a b c d; shift; echo "$@"; shift 2; echo "$@"; shift 5; echo "status=$? $@"
#### shift bad
set -- a; shift x; echo "status=$?"; shift -1; echo "status=$?"
#### exit in subshell
(exit 5); echo $?; (echo in; exit); echo $?
#### exit bad arg
echo before; exit abc; echo after
#### exit big
(exit 256); echo $?; (exit -1); echo $?
#### true false colon
true; echo $?; false; echo $?; : ignored args; echo $?
#### echo options
echo -n a; echo -e 'b\tc'; echo -E 'd\te'; echo -ne 'x\n'; echo -- -n; echo -z
#### printf builtin basics
printf '%s-%d\n' a 1 b 2; printf '%5.2f|%-4s|%x\n' 3.14159 ab 255
#### getopts
set -- -a -b val file; while getopts ab: o; do echo "$o ${OPTARG-}"; done; echo $OPTIND
#### getopts invalid
set -- -z; getopts a o; echo "$o $?"
#### hash and which
hash -r; type -t cat
#### builtin and command with nonexisting
builtin nosuch; echo "status=$?"; command nosuch; echo "status=$?"
#### test builtin via brackets
[ -d /tmp ] && echo dir; [ a = b ]; echo $?; [ 1 -lt ]; echo $?; [ ; echo $?
#### double bracket
[[ abc == a* ]] && echo glob; [[ abc =~ ^a(b)c$ ]] && echo ${BASH_REMATCH[1]}; [[ -z "" && ! -n "" ]] && echo empty; x="a b"; [[ $x == "a b" ]] && echo nosplit
#### double bracket errors
[[ 1 -eq a ]]; echo "status=$?"; [[ a < b ]] && echo less
#### mapfile options
printf 'a,b,c' | { mapfile -d , -t -O 2 -s 1 x; declare -p x; }; mapfile -n x a; echo "status=$?"; mapfile 1a < /dev/null; echo "status=$?"
#### mapfile keeps newlines
printf 'p\nq\n' | { readarray y; declare -p y; }
#### mapfile bad option
mapfile -x; echo "status=$?"
#### set -o invalid
set -o bogus; echo "status=$?"; set +o bogus; echo "status=$?"
#### set -o listing interactive comments
set -o | grep -E '^(interactive|braceexpand|hashall)'
#### dollar dash in -c
echo $-
#### break zero in nested loops
for i in 1; do for j in 2; do break 0; done; echo mid; done; echo end
