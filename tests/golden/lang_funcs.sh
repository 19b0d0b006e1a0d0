#### function definition forms
f() { echo f $1; }; function g { echo g $#; }; function h() { echo h; }; f a; g 1 2; h
#### local scoping
x=global; f() { local x=local; echo $x; g; }; g() { echo "g sees $x"; }; f; echo $x
#### local without value and unset
f() { local v; echo "[${v-unset}]"; v=1; }; v=out; f; echo $v
#### return status
f() { return 3; }; f; echo $?; g() { false; return; }; g; echo $?; h() { true; }; h; echo $?
#### return bad arg
f() { return abc; }; f; echo "status=$?"
#### return outside function
return 2; echo "status=$?"
#### return big number wraps
f() { return 300; }; f; echo $?; g() { return -1; }; g; echo $?
#### recursion
fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }; fact 6
#### positional in functions
set -- outer; f() { echo "$# $1 $@"; shift; echo "$1"; }; f a b c; echo $1
#### local outside function
local x=1; echo "status=$?"
#### function overrides command and command builtin
echo() { builtin echo "wrapped: $*"; }; echo hi; command echo plain; unset -f echo; echo back
#### function with redirect
f() { echo to-file; } > out; f; cat out
#### function in pipeline
f() { while read l; do echo "f:$l"; done; }; printf '1\n2\n' | f
#### declare -f and -F
f() { echo hi; }; declare -F f; declare -f f; declare -F nosuch; echo "status=$?"
#### type of function
f() { :; }; type f
#### unset function
f() { echo x; }; unset -f f; f; echo "status=$?"
#### function exit ends script
f() { exit 4; }; f; echo never
#### local array and export
f() { local -a a=(1 2); echo ${#a[@]}; local -x E=1; env | grep '^E='; }; f; env | grep -c '^E='
#### nested function definition
outer() { inner() { echo inner; }; }; outer; inner
#### function name with dash
my-func() { echo dash; }; my-func
#### subshell function body
f() ( x=inside; echo $x ); x=out; f; echo $x
