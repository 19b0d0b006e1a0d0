#### heredoc pipe on first line
cat <<EOF | tr a-z A-Z
one
two
EOF
#### heredoc pipe on last line
cat <<EOF |
hello
EOF
tr a-z A-Z
#### heredoc as command prefix
<<EOF cat
prefix here
EOF
#### heredoc prefix with redirect after
<<EOF tr a-z A-Z >out.txt
abc
EOF
cat out.txt
#### heredoc two pipes
cat <<A | cat - /dev/null | wc -l
1
2
3
A
#### heredoc in function then pipe
f() { cat <<EOF
in f
EOF
}
f | tr f F
#### read backslash escapes
printf 'a\\ b\\tc\n' | { read x; echo "[$x]"; }
printf 'a\\ b\\tc\n' | { read -r x; echo "[$x]"; }
#### read backslash continuation
printf 'one \\\ntwo\n' | { read x; echo "[$x]"; }
#### read IFS backslash space
printf 'a\\b c\n' | { IFS='\ ' read -r x y; echo "[$x][$y]"; }
printf 'a\\b c\n' | { IFS='\ ' read x y; echo "[$x][$y]"; }
#### read escaped IFS char
printf 'a\\:b:c\n' | { IFS=: read x y; echo "[$x][$y]"; }
#### tilde in assignment
HOME=/home/learner
x=~; echo $x
y=~/a:~/b; echo $y
z=a~; echo $z
#### tilde in default
HOME=/home/learner
unset u
echo ${u-~}
echo ${u:-~/d}
echo "${u-~}"
#### tilde after colon in export arg
HOME=/home/learner
export P=~/x:~/y; echo $P
#### patsub empty pattern
x=abc
echo "[${x///}]"
echo "[${x//}]"
echo "[${x///z}]"
#### patsub anchors
x=aaa
echo ${x/#a/b} ${x/%a/b} ${x//a/b}
echo ${x/#/X} ${x/%/Y}
#### patsub slash in replacement
x=a/b/c
echo ${x//\//-}
echo ${x//'/'/_}
#### patsub on array
a=(ab cb db)
echo ${a[@]//b/X}
#### dollar single octal
echo $'\101\102\103'
echo $'\0101' | od -c | head -1
echo $'a\1b' | od -c | head -1
#### dollar single hex and unicode
echo $'\x41\x4a' $'\u00e9'
#### dollar single control
echo $'\cA' | od -c | head -1
#### printf time with TZ
TZ=UTC printf '%(%Y-%m-%d %H:%M)T\n' 0
TZ=UTC printf '%(%H)T|\n' 3600
#### printf time default format
TZ=UTC printf '%()T\n' 86400
#### let with parens
let 'x=(1+2)*3'; echo $x
let "y = (x > 5) ? 1 : 0"; echo $y
let x=\(2+3\)*2; echo $x
#### let status
let 0; echo $?
let 1; echo $?
#### continue in subshell
for i in 1 2 3; do ( continue; echo no ); echo $i; done
#### break in subshell
for i in 1 2; do ( break ); echo after $i; done
#### break in condition
for i in 1 2 3; do if break; then echo x; fi; done; echo end
#### continue in while condition
i=0; while i=$((i+1)); [ $i -lt 4 ] && { [ $i = 2 ] && continue; true; }; do echo $i; done
#### redirect move fd
exec 3>out.txt
echo hi >&3
exec 4>&3-
echo there >&4
echo x >&3 ; echo st=$?
exec 4>&-
cat out.txt
#### redirect 3>&3-
exec 3>o3
echo a 3>&3-
echo b >&3
cat o3
#### redirect bad fd 100
echo hi >&100; echo st=$?
#### redirect to closed fd
echo hi >&7; echo st=$?
#### assignment then redirect
x=1>file; echo "[$x]"; cat file; ls
#### redirect before assignment
>f2 y=2; echo "[$y]"; ls f2
#### dbracket across lines
if [[ a == a &&
      b == b ]]; then echo yes; fi
[[ 1 -eq 1 ||
   x ]] && echo ok
#### dbracket -z special
[[ -z '>' ]]; echo $?
[[ -n '<' ]]; echo $?
[[ '>' ]]; echo $?
[[ -z '' ]]; echo $?
#### dbracket newline inside parens
[[ ( a == a
) ]] && echo paren
#### cp into missing dir
echo x >f
cp f missing/dir/; echo st=$?
cp f missing/; echo st=$?
#### compgen wordlist and prefix
compgen -W "apple banana apricot" ap; echo st=$?
compgen -W "a b" z; echo st=$?
compgen -P "<" -S ">" -W "x y"
compgen -X "a*" -W "ab cd"; compgen -X "!a*" -W "ab cd"
IFS=: compgen -W "p:q r" 
#### compgen actions
compgen -b | head -4; compgen -b | wc -l
compgen -k | tr "\n" " "; echo
alias ll="ls -l"; compgen -a
f(){ :; }; g2(){ :; }; compgen -A function
MYV1=1 MYV2=2; export MYX=3; compgen -v MYV; compgen -e MYX; compgen -A export MYV
compgen -A user roo; compgen -A group roo
compgen -A signal SIGR | head -3
compgen -c ulimi; compgen -A builtin ech
#### compgen files and dirs
mkdir -p d1 d2/sub; touch f1 f2 .hid
compgen -f | sort; echo --; compgen -d | sort; echo --; compgen -f f; compgen -d d2/
compgen -G "f*" | sort
#### compgen errors
compgen -Z; echo st=$?
compgen -A bogus; echo st=$?
compgen -o bogus; echo st=$?
compgen; echo st=$?
#### complete specs
complete -p; echo st=$?
complete -W "a b" foo; complete -F _f -o default bar
complete -p; complete -p foo
complete -p nope; echo st=$?
complete -r foo; complete -p
complete -r nope; echo st=$?
complete -D -W x; complete -E -F g; complete -I -W y; complete -p
complete -C "echo hi" -A file -X "*.o" -P pre -S suf -G "*.c" baz; complete -p baz
complete -o bogus q; echo st=$?
complete -A bogus q; echo st=$?
complete -r; complete -p; echo end
#### complete hash order
for n in git ls ssh make cd tar apt man kill; do complete -W x $n; done
complete -p
#### compopt outside completion
compopt -o nospace; echo st=$?
compopt; echo st=$?
#### nameref basics
x=1; declare -n r=x; echo $r; r=5; echo $x; echo ${!r}; declare -p r
unset r; echo "[${x-unset}]"; declare -p r; unset -n r; declare -p r; echo st=$?
#### nameref in function
f(){ local -n v=$1; v=changed; v+=X; echo ${#v}; }; y=orig; f y; echo $y
#### nameref to array
declare -n r=arr; arr=(a b c); echo ${r[1]} ${#r[@]}; r[3]=d; echo ${arr[@]}
#### nameref errors
declare -n r=x; echo "[$r]"; r=new; echo $x
declare -n bad="1x"; echo st=$?
declare -n s=s; echo st=$?
declare -n u; u=x; declare -p u; declare -n
#### nameref circular
declare -n a=b; declare -n b=a; echo "[$a]"; echo st=$?
#### ulimit queries
ulimit -c; ulimit -s; ulimit -n; ulimit -e; ulimit -p
ulimit -f 1; ulimit -f; ulimit -Sf; ulimit -Hf
ulimit -f 10; echo st=$?
ulimit -f abc; echo st=$?
ulimit -Z; echo st=$?
ulimit -p 5; echo st=$?
ulimit -S -n 100; ulimit -n; ulimit -Sn; ulimit -c -s
#### ulimit file size honoured
ulimit -f 1
{ head -c 3000 /dev/zero > big; echo st=$?; } 2>/dev/null
wc -c < big
x=$(head -c 3000 /dev/zero > b2); echo st=$?; wc -c < b2
(ulimit -f 0; echo in) ; ulimit -f
#### times format
times | sed 's/[0-9]/N/g'
#### read drops NUL bytes
printf 'a\0b\n' | { read y; echo ${#y}; }
printf 'a\0b\0' | { read -d '' y; echo $y; }
#### read -u and -N
read -u 7; echo st=$?
read -u x; echo st=$?
read -u 3 v 3<<<"from three"; echo "$v"
echo 'a b c' | { read -N 4 p q; echo "[$p][$q]"; }
#### ulimit file size counts an appended file
head -c 1000 /dev/zero > f
ulimit -f 1
{ head -c 100 /dev/zero >> f; echo st=$?; } 2>/dev/null
wc -c < f
#### dbracket syntax errors after an expression
[[ -z a b ]]; echo st=$?
#### dbracket operator after an expression
[[ a == b ( ]]; echo st=$?
#### dbracket newlines before and-or
[[ a == a
&& b == b
|| c ]] && echo yes
