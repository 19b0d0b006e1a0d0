# Cases taken from the Oils project's spec tests (github.com/oils-for-unix/oils, spec/*.test.sh,
# Apache-2.0): here-doc, tilde, var-op-patsub, loop, dbracket, builtin-read, redirect; cases needing Oils' helper
# scripts (argv.py, read_from_fd.py), $SH or $TMP left out; in builtin-read's, argv.py became
# printf '[%s]' and $TMP the current directory (also in redirect's; its {var} cases and a bash
# bug left out: see the R4 report).  Recorded from real bash 5.2.
#### here-doc: Here redirect with explicit descriptor
cat 0<<EOF
one
EOF
#### here-doc: Here doc with bad var delimiter
cat <<${a}
here
${a}
#### here-doc: Here doc with bad comsub delimiter
cat <<$(a)
here
$(a)
#### here-doc: Here doc with var sub, command sub, arith sub
var=v
cat <<EOF
var: ${var}
command: $(echo hi)
arith: $((1+2))
EOF
#### here-doc: Here doc line continuation
cat <<EOF \
; echo two
one
EOF
#### here-doc: Here doc with quote expansion in terminator
cat <<'EOF'"2"
one
two
EOF2
#### here-doc: Here doc with multiline double quoted string
cat <<EOF; echo "two
three"
one
EOF
#### here-doc: Two here docs -- first is ignored; second ones wins!
<<EOF1 cat <<EOF2
hello
EOF1
there
EOF2
#### here-doc: Here doc with line continuation, then pipe.  Syntax error.
cat <<EOF \
1
2
3
EOF
| tac
#### here-doc: Here doc with pipe on first line
cat <<EOF | tac
1
2
3
EOF
#### here-doc: Here doc with pipe continued on last line
cat <<EOF |
1
2
3
EOF
tac
#### here-doc: Here doc with builtin 'read'
read v1 v2 <<EOF
val1 val2
EOF
echo =$v1= =$v2=
#### here-doc: Compound command here doc
while read line; do
  echo X $line
done <<EOF
1
2
3
EOF
#### here-doc: Here doc in while condition and here doc in body
while cat <<E1 && cat <<E2; do cat <<E3; break; done
1
E1
2
E2
3
E3
#### here-doc: Here doc in while condition and here doc in body on multiple lines
while cat <<E1 && cat <<E2
1
E1
2
E2
do
  cat <<E3
3
E3
  break
done
#### here-doc: Here doc in while loop split up more
while cat <<E1
1
E1

cat <<E2
2
E2

do
  cat <<E3
3
E3
  break
done
#### here-doc: Mixing << and <<-
cat <<-EOF; echo --; cat <<EOF2
	one
EOF
two
EOF2
#### here-doc: Two compound commands with two here docs
while read line; do echo X $line; done <<EOF; echo ==;  while read line; do echo Y $line; done <<EOF2
1
2
EOF
3
4
EOF2
#### here-doc: Function def and execution with here doc
func() { cat; } <<EOF; echo before; func; echo after 
1
2
EOF
#### here-doc: Here doc as command prefix
<<EOF tac
1
2
3
EOF
#### here-doc: Redirect after here doc
cat <<EOF 1>&2
out
EOF
#### here-doc: here doc stripping tabs
cat <<-EOF
	1
	2
  3
EOF
#### here-doc: Here doc within subshell with boolean
[[ $(cat <<EOF
foo
EOF
) == foo ]]; echo $?
#### tilde: ~ expansion in assignment
HOME=/home/bob
a=~/src
echo $a
#### tilde: ~ expansion in readonly assignment
HOME=/home/bob
readonly const=~/src
echo $const
#### tilde: No tilde expansion in word that looks like assignment but isn't
HOME=/home/bob
echo x=~
#### tilde: tilde expansion of word after redirect
echo hi > ~/tilde1.txt
cat $HOME/tilde1.txt | wc -c
#### patsub: Pattern replacement
v=abcde
echo ${v/c*/XX}
#### patsub: Pattern replacement on unset variable
echo -${v/x/y}-
echo status=$?
set -o nounset  # make sure this fails
echo -${v/x/y}-
#### patsub: Global Pattern replacement with /
s=xx_xx_xx
echo ${s/xx?/yy_} ${s//xx?/yy_}
#### patsub: Left Anchored Pattern replacement with #
s=xx_xx_xx
echo ${s/?xx/_yy} ${s/#?xx/_yy}
#### patsub: Right Anchored Pattern replacement with %
s=xx_xx_xx
echo ${s/?xx/_yy} ${s/%?xx/_yy}
#### patsub: Replace fixed strings
s=xx_xx
echo ${s/xx/yy} ${s//xx/yy} ${s/#xx/yy} ${s/%xx/yy}
#### patsub: Replace is longest match
s='begin <html></html> end'
echo ${s/<*>/[]}
#### patsub: Replace char class
s=xx_xx_xx
echo ${s//[[:alpha:]]/y} ${s//[^[:alpha:]]/-}
#### patsub: Replace hard glob
s='aa*bb+cc'
echo ${s//\**+/__}  # Literal *, then any sequence of characters, then literal +
#### patsub: Pattern replacement ${v/} is not valid
v=abcde
echo -${v/}-
echo status=$?
#### patsub: Pattern replacement ${v//} is not valid
v='a/b/c'
echo -${v//}-
echo status=$?
#### patsub: ${v/a} is the same as ${v/a/}  -- no replacement string
v='aabb'
echo ${v/a}
echo status=$?
#### patsub: Replacement with special chars (bug fix)
v=xx
echo ${v/x/"?"}
#### patsub: Replace backslash
v='[\f]'
x='\f'
echo ${v/"$x"/_}
echo ${v/$x/_}
echo ${v/\f/_}
echo ${v/\\f/_}
#### patsub: Replace right ]
v='--]--'
x=']'
echo ${v/"$x"/_}
echo ${v/$x/_}
#### patsub: Substitute glob characters in pattern, quoted and unquoted
g='*'
v='a*b'
echo ${v//"$g"/-}
echo ${v//$g/-}
#### loop: implicit for loop
func() {
  for i; do
    echo $i
  done
}
func 1 2 3
#### loop: empty for loop (has "in")
set -- 1 2 3
for i in ; do
  echo $i
done
#### loop: for loop with invalid identifier
for - in a b c; do
  echo hi
done
#### loop: Tilde expansion within for loop
HOME=/home/bob
for name in ~/src ~/git; do
  echo $name
done
#### loop: Brace Expansion within Array
for i in -{a,b} {c,d}-; do
  echo $i
  done
#### loop: using loop var outside loop
func() {
  for i in a b c; do
    echo $i
  done
  echo $i
}
func
#### loop: continue
for i in a b c; do
  echo $i
  if test $i = b; then
    continue
  fi
  echo $i
done
#### loop: break
for i in a b c; do
  echo $i
  if test $i = b; then
    break
  fi
done
#### loop: continue at top level is error
continue
echo bad
#### loop: break at top level is error
break
echo bad
#### loop: while in while condition
while while true; do echo cond; break; done
do
  echo body
  break
done
#### loop: until loop
until false; do
  echo hi
  break
done
#### dbracket: [[ glob matching, [[ has no glob expansion
[[ foo.py == *.py ]] && echo true
[[ foo.p  == *.py ]] || echo false
#### dbracket: [[ glob matching with escapes
[[ 'foo.*' == *."*" ]] && echo true
#### dbracket: equality
[[ '*.py' == '*.py' ]] && echo true
[[ foo.py == '*.py' ]] || echo false
#### dbracket: [[ glob matching with unquoted var
pat=*.py
[[ foo.py == $pat ]] && echo true
[[ foo.p  == $pat ]] || echo false
#### dbracket: [[ regex matching
regex='.*\.py'
[[ foo.py =~ $regex ]] && echo true
[[ foo.p  =~ $regex ]] || echo false
#### dbracket: [[ regex syntax error
[[ foo.py =~ * ]] && echo true
#### dbracket: [[ has no word splitting
var='one two'
[[ 'one two' == $var ]] && echo true
#### dbracket: [[ has quote joining
var='one two'
[[ 'one 'tw"o" == $var ]] && echo true
#### dbracket: [[ empty string is false
[[ 'a' ]] && echo true
[[ ''  ]] || echo false
#### dbracket: && chain
[[ t && t && '' ]] || echo false
#### dbracket: || chain
[[ '' || '' || t ]] && echo true
#### dbracket: [[ compound expressions
[[ ''||! (1 == 2)&&(2 == 2)]] && echo true
#### dbracket: precedence of && and || inside [[
[[ True || '' && '' ]] && echo true
#### dbracket: precedence of && and || in a command context
if test True || test '' && test ''; then
  echo YES
else
  echo "NO precedence"
fi
#### dbracket: Octal literals with -eq
shopt -u strict_arith || true
decimal=15
octal=017   # = 15 (decimal)
[[ $decimal -eq $octal ]] && echo true
[[ $decimal -eq ZZZ$octal ]] || echo false
#### dbracket: Hex literals with -eq
shopt -u strict_arith || true
decimal=15
hex=0x0f    # = 15 (decimal)
[[ $decimal -eq $hex ]] && echo true
[[ $decimal -eq ZZZ$hex ]] || echo false
#### dbracket: > on strings
[[ b>a ]] && echo true
[[ b<a ]] || echo false
#### dbracket: != on strings
[[ b != a ]] && echo true
[[ a != a ]] || echo false
#### dbracket: -eq on strings 
shopt -u strict_arith || true
[[ a -eq a ]] && echo true
[[ a -eq b ]] && echo true
#### dbracket: [[ compare with literal -f (compare with test-builtin.test.sh)
var=-f
[[ $var == -f ]] && echo true
[[ '-f' == $var ]] && echo true
#### dbracket: [[ with op variable (compare with test-builtin.test.sh)
op='=='
[[ a $op a ]] && echo true
[[ a $op b ]] || echo false
#### dbracket: [[ with unquoted empty var (compare with test-builtin.test.sh)
empty=''
[[ $empty == '' ]] && echo true
#### dbracket: [[ at runtime doesn't work
dbracket=[[
$dbracket foo == foo ]]
#### dbracket: [[ with env prefix doesn't work
FOO=bar [[ foo == foo ]]
#### dbracket: [[ over multiple lines is OK
[[ foo == foo
&& bar == bar
]] && echo true
#### dbracket: Argument that looks like a command word operator
[[ -f -f ]] || echo false
[[ -f == ]] || echo false
#### dbracket: Argument that looks like a real operator
[[ -f < ]] && echo 'should be parse error'
#### dbracket: User array compared to "$@" (broken unless shopt -s strict_array)
a=('1 3' 5)
b=(1 2 3)
set -- 1 '3 5'
[[ "$@" = "${a[@]}" ]] && echo true
[[ "$@" = "${b[@]}" ]] || echo false
#### dbracket: Array coerces to string (shopt -s strict_array to disallow)
a=('1 3' 5)
[[ '1 3 5' = "${a[@]}" ]] && echo true
[[ '1 3 4' = "${a[@]}" ]] || echo false
#### dbracket: (( array1 == array2 )) doesn't work
a=('1 3' 5)
b=('1 3' 5)
c=('1' '3 5')
d=('1' '3 6')
(( a == b ))
echo status=$?
(( a == c ))
echo status=$?
(( a == d ))
echo status=$?
#### dbracket: Quotes don't matter in comparison
[[ '3' = 3 ]] && echo true
[[ '3' -eq 3 ]] && echo true
#### dbracket: -eq does dynamic arithmetic parsing (not supported in OSH)
[[ 1+2 -eq 3 ]] && echo true
expr='1+2'
[[ $expr -eq 3 ]] && echo true  # must be dynamically parsed
#### dbracket: -eq coercion produces weird results
shopt -u strict_arith || true
[[ '' -eq 0 ]] && echo true
#### dbracket: [[ '(' ]] is treated as literal
[[ '(' ]]
echo status=$?
#### dbracket: [[ '(' foo ]] is syntax error
[[ '(' foo ]]
echo status=$?
#### dbracket: empty ! is treated as literal
[[ '!' ]]
echo status=$?
#### dbracket: [[ -z ]] is syntax error
[[ -z ]]
echo status=$?
#### dbracket: [[ -z '>' ]]
[[ -z '>' ]] || echo false  # -z is operator
#### dbracket: [[ -z '>' a ]] is syntax error
[[ -z '>' -- ]]
echo status=$?
#### dbracket: test whether ']]' is empty
[[ ']]' ]]
echo status=$?
#### dbracket: [[ ]] is syntax error
[[ ]]
echo status=$?
#### dbracket: [[ && ]] is syntax error
[[ && ]]
echo status=$?
#### dbracket: [[ a 3< b ]] doesn't work (bug regression)
[[ a 3< b ]]
echo status=$?
[[ a 3> b ]]
echo status=$?
#### dbracket: tilde expansion in [[
HOME=/home/bob
[[ ~ == /home/bob ]]
echo status=$?
[[ ~ == */bob ]]
echo status=$?
[[ ~ == */z ]]
echo status=$?
#### dbracket: more tilde expansion
[[ ~ ]]
echo status=$?
HOME=''
[[ ~ ]]
echo status=$?
[[ -n ~ ]]
echo unary=$?
[[ ~ == ~ ]]
echo status=$?
[[ $HOME == ~ ]]
echo fnmatch=$?
[[ ~ == $HOME ]]
echo fnmatch=$?
#### dbracket: tilde expansion with =~ (confusing)
HOME=foo
[[ ~ =~ $HOME ]]
echo regex=$?
[[ $HOME =~ ~ ]]
echo regex=$?
HOME='^a$'  # looks like regex
[[ ~ =~ $HOME ]]
echo regex=$?
[[ $HOME =~ ~ ]]
echo regex=$?
#### dbracket: special chars
[[ ^ == ^ ]]
echo caret $?
[[ '!' == ! ]]
echo bang $?
#### dbracket: \(\) in pattern (regression)
if [[ 'foo()' == *\(\) ]]; then echo match1; fi
if [[ 'foo()' == *'()' ]]; then echo match2; fi
if [[ 'foo()' == '*()' ]]; then echo match3; fi
shopt -s extglob
if [[ 'foo()' == *\(\) ]]; then echo match1; fi
if [[ 'foo()' == *'()' ]]; then echo match2; fi
if [[ 'foo()' == '*()' ]]; then echo match3; fi
#### dbracket: negative numbers - zero, decimal, octal, hex, base N
[[ -0 -eq 0 ]]; echo zero=$?
[[ -42 -eq -42 ]]; echo decimal=$?
[[ -0123 -eq -83 ]]; echo octal=$?
[[ -0xff -eq -255 ]]; echo hex=$?
[[ -64#a -eq -10 ]]; echo baseN=$?
#### read: read line from here doc
read x <<EOF
A		B C D E
FG
EOF
echo "[$x]"
#### read: read builtin with no newline returns status 1
echo -n ZZZ | { read x; echo status=$?; echo $x; }
#### read: read builtin splits value across multiple vars
read x y z <<EOF
A		B C D E 
FG
EOF
echo "[$x/$y/$z]"
#### read: read builtin with too few variables
set -o errexit
set -o nounset  # hm this doesn't change it
read x y z <<EOF
A B
EOF
echo /$x/$y/$z/
#### read: read -n doesn't strip whitespace (bug fix)
echo '  a b  ' | (read -n 4; echo "[$REPLY]")
echo '  a b  ' | (read -n 5; echo "[$REPLY]")
echo '  a b  ' | (read -n 6; echo "[$REPLY]")
echo '  a b  ' | (read -n 4 myvar; echo "[$myvar]")
echo '  a b  ' | (read -n 5 myvar; echo "[$myvar]")
echo '  a b  ' | (read -n 4 x y z; echo "[$x] [$y] [$z]")
echo '  a b  ' | (read -n 5 x y z; echo "[$x] [$y] [$z]")
#### read: read -d -n - respects delimiter and splits
echo '  a b c ' | (read -d 'c' -n 3; echo "[$REPLY]")
echo '  a b c ' | (read -d 'c' -n 5; echo "[$REPLY]")
echo '  a b c ' | (read -d 'c' -n 4 myvar; echo "[$myvar]")
echo '  a b c ' | (read -d 'c' -n 5 x y z; echo "[$x] [$y] [$z]")
#### read: read -n with invalid arg
read -n not_a_number
echo status=$?
#### read: read -n from pipe
echo abcxyz | { read -n 3; echo reply=$REPLY; }
#### read: read without args uses $REPLY, no splitting occurs (without -n)
echo '  a b  ' | (read; echo "[$REPLY]")
echo '  a b  ' | (read myvar; echo "[$myvar]")
echo '  a b  \
  line2' | (read; echo "[$REPLY]")
echo '  a b  \
  line2' | (read myvar; echo "[$myvar]")
echo '  a b  \
  line2' | (read -r; echo "[$REPLY]")
echo '  a b  \
  line2' | (read -r myvar; echo "[$myvar]")
#### read: read -n vs. -N
echo 'a b c' > readn.txt
read -n 5 A B C < readn.txt; echo "'$A' '$B' '$C'"
read -n 4 A B C < readn.txt; echo "'$A' '$B' '$C'"
read -N 5 A B C < readn.txt; echo "'$A' '$B' '$C'"
read -N 4 A B C < readn.txt; echo "'$A' '$B' '$C'"
#### read: read -N ignores delimiters
echo $'a\nb\nc' > read-lines.txt
read -N 3 out < read-lines.txt
echo "$out"
#### read: read will unset extranous vars
echo 'a b' > read-few.txt
c='some value'
read a b c < read-few.txt
echo "'$a' '$b' '$c'"
c='some value'
read -n 3 a b c < read-few.txt
echo "'$a' '$b' '$c'"
#### read: read -r ignores backslashes
echo 'one\ two' > readr.txt
read escaped < readr.txt
read -r raw < readr.txt
printf '[%s]' "$escaped" "$raw"; echo
#### read: read -r with other backslash escapes
echo 'one\ two\x65three' > readr.txt
read escaped < readr.txt
read -r raw < readr.txt
printf '[%s]' "$escaped" "$raw"; echo
#### read: read with line continuation reads multiple physical lines
echo -e 'one\\\ntwo\n' > readr.txt
read escaped < readr.txt
read -r raw < readr.txt
printf '[%s]' "$escaped" "$raw"; echo
#### read: read multiple vars spanning many lines
read x y << 'EOF'
one-\
two three-\
four five-\
six
EOF
printf '[%s]' "$x" "$y" "$z"; echo
#### read: read -r with \n
echo '\nline' > readr.txt
read escaped < readr.txt
read -r raw < readr.txt
printf '[%s]' "$escaped" "$raw"; echo
#### read: read with IFS=$'\n'
IFS=$(echo -e '\n')
read var <<EOF
  a b c
  d e f
EOF
echo "[$var]"
#### read: read multiple lines with IFS=:
IFS=:
cat >read-ifs.txt <<'EOF'
  \\a :b\: c:d\
  e
EOF
read a b c d < read-ifs.txt
printf "%s\n" "[$a|$b|$c|$d]"
#### read: read with IFS=''
IFS=''
read x y <<EOF
  a b c d
EOF
echo "[$x|$y]"
#### read: read does not respect C backslash escapes
echo '\a \b \c \d \e \f \g \h \x65 \145 \i' > read-c.txt
read line < read-c.txt
echo $line
#### read: read -a reads into array
read -a myarray <<'EOF'
a b c\ d
EOF
printf '[%s]' "${myarray[@]}"; echo
read -r -a array2 extra arguments <<'EOF'
a b c\ d
EOF
printf '[%s]' "${array2[@]}"; echo
#### read: read -d : (colon-separated records)
printf a,b,c:d,e,f:g,h,i | {
  IFS=,
  read -d : v1
  echo "v1=$v1"
  read -d : v1 v2
  echo "v1=$v1 v2=$v2"
  read -d : v1 v2 v3
  echo "v1=$v1 v2=$v2 v3=$v3"
}
#### read: read -d '' (null-separated records)
printf 'a,b,c\0d,e,f\0g,h,i' | {
  IFS=,
  read -d '' v1
  echo "v1=$v1"
  read -d '' v1 v2
  echo "v1=$v1 v2=$v2"
  read -d '' v1 v2 v3
  echo "v1=$v1 v2=$v2 v3=$v3"
}
#### read: read -d when there's no delimiter
{ read -d : part
  echo $part $?
  read -d : part
  echo $part $?
} <<EOF
foo:bar
EOF
#### read: read -u
read -u 3 3<<EOF
hi
EOF
echo reply=$REPLY
#### read: read -N doesn't respect delimiter, while read -n does
echo foobar | { read -n 5 -d b; echo $REPLY; }
echo foobar | { read -N 5 -d b; echo $REPLY; }
#### read: read with smooshed args
echo hi | { read -rn1 var; echo var=$var; }
#### read: read -n and backslash escape
echo 'a\b\c\d\e\f' | (read -n 5; printf '[%s]\n' "$REPLY")
echo 'a\ \ \ \ \ ' | (read -n 5; printf '[%s]\n' "$REPLY")
#### read: read -n 4 with incomplete backslash
echo 'abc\def\ghijklmn' | (read -n 4; printf '[%s]\n' "$REPLY")
echo '   \xxx\xxxxxxxx' | (read -n 4; printf '[%s]\n' "$REPLY")
#### read: read -n 4 with backslash + delim
echo $'abc\\\ndefg' | (read -n 4; printf '[%s]\n' "$REPLY")
#### redirect: >& and <& are the same
echo one 1>&2
echo two 1<&2
#### redirect: <&
echo foo51 > lessamp.txt
exec 6< lessamp.txt
read line <&6
echo "[$line]"
#### redirect: 2>&1 with no command
( exit 42 )  # status is reset after this
echo status=$?
2>&1
echo status=$?
#### redirect: 2&>1 (is it a redirect or is it like a&>1)
2&>1
echo status=$?
#### redirect: Nonexistent file
cat <nonexistent.txt
echo status=$?
#### redirect: Descriptor redirect with spaces
echo one 1>&2
echo two 1 >&2
echo three 1>& 2
#### redirect: Quoted filename redirect with spaces
echo two \1 > file-redir2.txt
cat file-redir2.txt
#### redirect: Descriptor redirect with filename
echo one 1>&./nonexistent-filename__
echo "status=$?"
#### redirect: Redirect echo to stderr, and then redirect all of stdout somewhere.
{ echo foo52 1>&2; echo 012345789; } > block-stdout.txt
cat block-stdout.txt |  wc -c 
#### redirect: Double digit fd (20> file)
exec 20> "double-digit-fd.txt"
echo hello20 >&20
cat "double-digit-fd.txt"
#### redirect: : 9> fdleak (OSH regression)
true 9> "fd.txt"
( echo world >&9 )
cat "fd.txt"
#### redirect: : 3>&3 (OSH regression)
: 3>&3
echo hello
#### redirect: : 3>&3-
: 3>&3-
echo hello
#### redirect: 3>&- << EOF (OSH regression: fail to restore fds)
exec 3> "fd.txt"
echo hello 3>&- << EOF
EOF
echo world >&3
exec 3>&-  # close
cat "fd.txt"
#### redirect: Redirect to empty string
f=''
echo s > "$f"
echo "result=$?"
set -o errexit
echo s > "$f"
echo DONE
#### redirect: Redirect to file descriptor that's not open
echo hi 1>&7
#### redirect: Open multiple descriptors with exec
exec 3>&1
exec 4>&1
echo three 1>&3
echo four 1>&4
#### redirect: >| to clobber
echo XX >| c.txt
set -o noclobber
echo YY >  c.txt  # not clobber
echo status=$?
cat c.txt
echo ZZ >| c.txt
cat c.txt
#### redirect: 1>&- to close file descriptor
exec 5> "f.txt"
echo hello >&5
exec 5>&-
echo world >&5
cat "f.txt"
#### redirect: 1>&2- to move file descriptor
exec 5> "f.txt"
echo hello5 >&5
exec 6>&5-
echo world5 >&5
echo world6 >&6
exec 6>&-
cat "f.txt"
#### redirect: <> for read/write
echo first >rw.txt
exec 8<>rw.txt
read line <&8
echo line=$line
echo second 1>&8
echo CONTENTS
cat rw.txt
#### redirect: exec redirect then various builtins
exec 5>log.txt
echo hi >&5
set -o >&5
echo done
#### redirect: can't mention big file descriptor
echo hi 9>&1
echo hi 99>&1
echo hi 100>&1
#### redirect: : >/dev/null 2> / (OSH regression: fail to pop fd frame)
: >/dev/null 2> /
echo hello
#### redirect: echo foo >&100 (OSH regression: does not fail with invalid fd 100)
fd=100
echo foo53 >&$fd
#### redirect: noclobber can still write to non-regular files like /dev/null
set -C  # noclobber
set -e  # errexit (raise any redirection errors)
echo a  >  /dev/null  # trunc, write stdout
echo a &>  /dev/null  # trunc, write stdout and stderr
echo a  >> /dev/null  # append, write stdout
echo a &>> /dev/null  # append, write stdout and stderr
echo a  >| /dev/null  # ignore noclobber, trunc, write stdout
#### redirect: xtrace not affected by redirects
set -x
printf 'aaaa' > /dev/null 2> test_osh
set +x
cat test_osh
