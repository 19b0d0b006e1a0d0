#### set -e stops on failure
set -e; echo a; false; echo never
#### set -e exceptions
set -e; if false; then :; fi; false || echo or; ! true; while false; do :; done; false && echo no; echo survived
#### set -e in function and subshell
set -e; f() { false; echo not-here; }; f; echo never
#### set -e with subshell failure
set -e; (false); echo never
#### set -e last of and-list
set -e; true && false; echo never
#### set -e command substitution assignment
set -e; x=$(false); echo never
#### set -u unset variable
set -u; echo "$x"; echo never
#### set -u with arrays and positional
set -u; a=(1); echo ${a[@]}; echo "$@"; echo $1; echo never
#### set -o pipefail
set -o pipefail; false | true; echo $?; true | (exit 2) | true; echo $?
#### set -x trace
set -x; echo hi "a b"; x=1; y=$((x+1)) z=q; echo $y | cat; set +x; echo off
#### set -x quoting in trace
set -x; echo '' "it's" 'a"b' $'t\tab' '*' x=y; set +x
#### set -x PS4
PS4='>> '; set -x; echo hi; set +x
#### set -o list
set -o | grep -E '^(errexit|nounset|pipefail|xtrace|noclobber)'
#### set +o output
set -eu; set +o | grep -E 'errexit|nounset|xtrace'
#### set bad option
set -Q; echo "status=$?"; set -o nosuch; echo "status=$?"
#### set -- clears args
set -- a b; set --; echo $#; set -- -x; echo $1
#### set -f noglob
touch a; set -f; echo *; set +f; echo *
#### set -C noclobber
echo 1 > f; set -C; echo 2 > f; echo "status=$?"; echo 3 >| f; cat f
#### dollar dash flags
set -eu; echo $- | grep -o '[eu]' | tr -d '\n'; echo
#### shopt print and errors
shopt nullglob; shopt -s nosuchopt; echo "status=$?"; shopt -p extglob
