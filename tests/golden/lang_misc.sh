#### empty quoted at
set --; printf '<%s>' "$@"; echo "n=$#"; printf '<%s>' "${@:-def}"; echo; printf '<%s>' "$*"; echo
#### last positional indirect
set -- a b c; echo ${!#} ${@: -1} ${#@}
#### default with quotes and spaces
unset u; printf '<%s>' ${u:-"a b"} "${u:-a b}" ${u:-a b}; echo
#### nested parameter in default
unset u; v=inner; echo ${u:-${v}-x} "${u:-$(echo cmd)}"
#### pattern with variable quoted vs unquoted
x='a*'; y=abc; echo ${y#$x} ${y#"$x"}; z='a*c'; echo ${z#"$x"}
#### replace with special chars
x='a.b.c'; echo ${x//./\\} ${x//./&} "${x/./ }"
#### double bracket patterns and regex quoting
x=abc; [[ $x == a?c ]] && echo q; [[ $x == "a?c" ]] || echo lit; re='^a.c$'; [[ $x =~ $re ]] && echo re; [[ $x =~ "a.c" ]] || echo quoted-re
#### double bracket string comparisons
[[ b > a ]] && echo gt; [[ abc < abd ]] && echo lt; [[ -n x && -z "" ]] && echo nz; [[ ! -e /nonexistent ]] && echo ne
#### double bracket numeric
[[ 10 -gt 9 ]] && echo num; [[ 10 > 9 ]] || echo str; [[ 1+1 -eq 2 ]] && echo arith
#### test -v and -z
x=1; [[ -v x ]] && echo set; [[ -v nope ]] || echo unset; a=(1); [[ -v a[0] ]] && echo elem
#### case with classes and escapes
for c in a 1 '*' ' '; do case "$c" in [[:alpha:]]) echo alpha;; [[:digit:]]) echo digit;; \*) echo star;; *) echo other;; esac; done
#### heredoc inside command substitution
x=$(cat <<EOF
hello $USER
EOF
); echo "$x"
#### assignment in arithmetic with arrays
a=(); for i in 1 2 3; do (( a[i] = i * i )); done; echo ${a[@]} ${!a[@]}
#### local in nested functions
x=0; outer() { local x=1; inner; echo "outer $x"; }; inner() { x=2; echo "inner $x"; }; outer; echo "global $x"
#### recursive local counter
count() { local n=$1; [ $n -eq 0 ] && return; echo $n; count $((n-1)); }; count 3
#### eval with quotes and variables
cmd='echo "a  b"'; eval "$cmd"; eval echo '$HOME' | grep -c learner; v=x; eval "$v=5"; echo $x
#### special builtin assignment persists
x=1 :; echo "[$x]"; y=2 true; echo "[${y-unset}]"
#### command not found and status
nosuchcmd arg; echo "status=$?"; ./nosuch; echo "status=$?"; /etc; echo "status=$?"
#### permission denied script
printf 'echo hi\n' > s; ./s; echo "status=$?"; chmod +x s; ./s; echo "status=$?"
#### bash -c with args
bash -c 'echo $0 $1 $#' zero one two; sh -c 'exit 3'; echo $?
#### word splitting of assignment rhs not done
x="a   b"; y=$x; echo "$y"; z=*; echo "$z"
#### quoted glob chars from variables
touch ab; p='a*'; echo $p "$p"; set -f; echo $p; set +f
#### arithmetic with spaces and parens in for
for (( i = 10 ; i > 0 ; i -= 4 )); do printf '%d ' $i; done; echo
#### IFS read with leading separators
IFS=, read -r a b c <<< ",x,,y"; echo "[$a][$b][$c]"
#### read with fewer fields
read a b c <<< "one"; echo "[$a][$b][$c]"
#### read -a with IFS
IFS=: read -ra parts <<< "a:b::c"; echo ${#parts[@]}; printf '<%s>' "${parts[@]}"; echo
#### printf -v
printf -v out '%03d' 7; echo $out
#### unset in loop and array holes
a=(a b c d); unset 'a[1]' 'a[2]'; echo "${a[@]}" ${#a[@]}; a+=(e); echo ${!a[@]}
