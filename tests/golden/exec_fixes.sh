#### readonly prefix assignment still runs the command
readonly r=1; r=2 echo hi; echo "status=$?"
f(){ echo "in f $r"; }; r=3 f; echo "r=$r"
#### FUNCNAME in nested functions
f(){ echo "${FUNCNAME[@]}" ${#FUNCNAME[@]}; g; }
g(){ echo "${FUNCNAME[*]}"; echo "src=${BASH_SOURCE[*]}"; }
f; echo "top=${#FUNCNAME[@]}"
#### FUNCNAME BASH_SOURCE BASH_LINENO in a script and a sourced file
printf 'f(){ echo "${FUNCNAME[*]}" "${BASH_SOURCE[*]}" "${BASH_LINENO[*]}"; }\n\nf\necho "${BASH_SOURCE[*]}" ${#FUNCNAME[@]} $LINENO\n' > s.sh
bash s.sh; source s.sh; bash -c '. ./s.sh'
#### declare -p of the call-stack arrays
declare -p FUNCNAME BASH_SOURCE BASH_LINENO
#### fatal expansion error in a subshell gives 1
e=; ( : "${e:?}" ); echo "status=$?"
( echo "${e:?custom}"; echo no ); echo "status=$?"
x=$(echo ${e:?}); echo "status=$?"
{ echo ${e:?}; } | cat; echo "ps=${PIPESTATUS[*]}"
#### fatal expansion error at top level gives 127
e=; echo start; : "${e:?}"; echo never
#### set -u in a subshell
set -u; ( echo $nope ); echo "status=$?"
#### set -n stops everything
echo before; set -n; echo hidden; set +n; echo still hidden
#### break inside a function does not leave the caller's loop
f(){ break; }; for i in 1 2; do f; echo $i; done; echo "status=$?"
#### continue inside a function
f(){ continue; }; for i in 1 2; do f; echo $i; done
#### set -x traces compound commands
set -x
for i in a "b c"; do :; done
[[ a == a* && -n x ]]
[[ ! -z x || -f /nope ]]
case x in x) : ;; esac
for ((i=0; i<1; i++)); do :; done
x=1; y="a b"; z=; w=*
a=(1 "2 3"); b+=" q"
v=$(echo $(echo 3))
(( i++ ))
export E=1
#### set -x with PS4 and prefix assignments
set -x
PS4='+$LINENO: '
echo hi
x=1 y='a b' true
PS4=
echo bare
#### for with a bad name
for 1x in a; do :; done; echo "status=$?"
for a-b in a; do :; done; echo "status=$?"
#### break 0 and continue 0
for i in 1 2; do echo $i; break 0; echo after; done; echo "status=$?"
for j in 1; do for i in 1 2; do echo $i; continue 0; done; echo in; done; echo "status=$?"
#### set -u in arithmetic
set -u; echo $((x=2)); echo $((x+1)); echo $((y+1)); echo never
#### set -u in (( ))
set -u; (( q++ )); echo never
#### bad for (( ))
for ((i=0; i<2)); do :; done
#### for (( )) with too many parts
echo first
for ((i=0; i<2; i++; j)); do :; done
#### EXIT trap runs at the end
trap 'echo bye $?' EXIT; echo hi; false
#### EXIT trap with exit
trap 'echo bye' EXIT; exit 3
#### exit inside the EXIT trap
trap 'echo bye; exit 7' EXIT; exit 3
#### EXIT trap in subshells and child shells
trap 'echo main-bye' EXIT
( echo sub ); x=$(echo c); echo $x
( trap 'echo sub-bye' EXIT; echo in; exit 4 ); echo "status=$?"
( trap -p )
bash -c 'trap "echo inner" EXIT; echo child'
echo x | { trap 'echo pipe' EXIT; cat; }
#### EXIT trap after a fatal error
trap 'echo bye' EXIT; set -u; echo $zz; echo never
#### EXIT trap after a syntax error
trap 'echo bye' EXIT
echo hi
if then
#### EXIT trap set in a function
f(){ trap 'echo fbye' EXIT; }; f; echo after; set -e; false; echo never
#### export without a value is not in the environment
export g; env | grep '^g'; echo "status=$?"
g=1; env | grep '^g'
h=2; export h; f(){ local h; env | grep '^h'; }; f
#### prefix assignments do not persist on builtins
x=1 :; echo "x=[$x]"; y=2 true; echo "y=[$y]"; z=3 eval 'echo "z=$z"'; echo "z=[$z]"
#### dotglob nocaseglob nullglob failglob
mkdir d && cd d && touch a.txt .h B.txt
echo *; shopt -s dotglob; echo *; shopt -u dotglob
shopt -s nocaseglob; echo b*; echo [a]*; shopt -u nocaseglob
shopt -s nullglob; echo x* "[" z; shopt -u nullglob
shopt -s failglob; echo x*; echo never
#### failglob in a pipeline stage
shopt -s failglob; echo x* | cat; echo "status=$?"
#### extglob patterns
shopt -s extglob
mkdir d && cd d && touch a b c .d a.c a.h
echo !(a); echo @(a|c) *(b) +(c) ?(a); echo *.@(c|h); echo !(*.c)
echo "@(a)"; x=abc; echo ${x#@(a|b)} ${x/+(b|c)/X} ${x%%+([bc])}
case a in @(a|b)) echo y1;; esac
p='@(x|y)'; case y in $p) echo y2;; esac
[[ ab == +(a|b) ]] && echo y3; [[ ab == "+(a|b)" ]] || echo n4
echo !(*)
#### extglob needs a previous line
shopt -s extglob; echo @(a|b)
#### extglob off: a list in a variable is literal
p='@(a|b)'; case a in $p) echo y;; *) echo n;; esac
