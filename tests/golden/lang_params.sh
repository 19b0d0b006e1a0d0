#### default forms
unset u; e=; s=set
echo "${u-d1} ${u:-d2} [${e-d3}] ${e:-d4} ${s:-d5}"
echo "${u+a1} [${e+a2}] [${e:+a3}] ${s:+a4}"
#### assign default
unset u; echo "${u:=new} $u"; e=; echo "${e=keep}|$e|${e:=over}|$e"
#### error if unset is fatal
echo start
unset u
echo "${u:?is missing}"
echo never
#### error if unset default message
x=${nope?}
echo never
#### length
x=hello; echo ${#x}; y="héllo"; echo ${#y}; unset z; echo ${#z}
#### prefix removal
p=/usr/local/lib/file.tar.gz
echo ${p#*/} ${p##*/} ${p%.*} ${p%%.*}
#### prefix removal with classes and quotes
x=aaabbb; echo ${x#a*} ${x##a*} ${x%b} ${x%%[ab]b} "${x#"aa"}"
#### replacement
x=banana; echo ${x/a/A} ${x//a/A} ${x/#b/B} ${x/%a/A} ${x/n} ${x//[an]/_}
#### replacement with empty pattern and slash
x=a/b/c; echo ${x//\//:} "${x//'/'/-}" ${x/#/pre} ${x/%/post}
#### substring
x=abcdefgh; echo ${x:2} ${x:2:3} ${x: -3} ${x: -3:2} ${x:(-2)} ${x:1:-2} ${x:10}
#### substring negative length error
x=abc; echo ${x:1:-5}; echo "status=$?"
#### case modification
x="hello World"; echo ${x^} ${x^^} ${x,} ${x,,} ${x^^[lo]} ${x~~}
#### indirect expansion
x=y; y=value; echo ${!x}; n=3; set -- a b c; echo ${!n}
#### indirect prefix names
var_a=1 var_b=2; echo ${!var_*}; echo "${!var_@}"
#### bad substitution
echo before
echo ${x:}
echo after
#### bad substitution forms
echo ${a b}
#### positional parameters
set -- "a b" c "" d; echo $#; printf '<%s>' "$@"; echo; printf '<%s>' $@; echo; printf '<%s>' "$*"; echo; printf '<%s>' $*; echo
#### star with custom IFS
set -- x y z; IFS=:; echo "$*"; IFS=; echo "$*"; unset IFS; echo "$*"
#### positional beyond 9
set -- 1 2 3 4 5 6 7 8 9 10 11; echo $10 ${10} ${11} $#
#### positional substring
set -- a b c d e; echo ${@:2} ${@:2:2} ${*: -2} "${@:0:1}"
#### special parameters
false; echo $?; true; echo $?; echo $- | grep -c h; echo ${#@}
#### dollar zero and dollar dollar is number
case $$ in *[!0-9]*) echo bad;; *) echo ok;; esac
#### unset variable with nounset
set -u
echo ${undefined_var}
echo never
#### nounset allows defaults
set -u; echo "${nope:-fine}" "${nope-x}"; echo "${#}"; echo ok
#### length of positional
set -- abc de; echo ${#1} ${#2} ${#}
#### pattern ops on positional
set -- foo.c bar.c; echo "${@%.c}" ${*/#/x}
#### assignment words
a=1 b=$a; echo $b; c=x d=$c env | grep -E '^(c|d)='; echo "${c-unset}"
#### plus equal on string
s=ab; s+=cd; echo $s; declare -i n=5; n+=3; echo $n
#### error if null in subshell keeps going
e=; ( : "${e?}" ); echo "status=$?"
#### declare -p with control characters
x=$'a\nb\tc'; declare -p x; y='q"$`\'; declare -p y
#### declared without value is unset
f() { local v; echo "[${v-unset}]"; declare -p v; v=1; declare -p v; }; f
declare -a b; declare -p b; echo "${#b[@]}"; b=(); declare -p b
#### export without value
export g; declare -p g; echo "${g-unset}"
#### case attributes
declare -u up=hello; declare -l lo=HELLO; echo $up $lo; up=again; echo $up; declare -p up lo
#### toggle case
x=Hello; echo ${x~} ${x~~}
#### empty substring is bad
x=abc; echo "${x:}"; echo after
