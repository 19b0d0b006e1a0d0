#### command substitution strips trailing newlines
x=$(printf 'a\n\n\n'); echo "[$x]"; y=$(printf '\n\na'); echo "[$y]"
#### nested command substitution
echo $(echo a $(echo b $(echo c)))
#### backticks
echo `echo hi` "`echo 'q'`" `echo \`echo nest\``
#### exit status after command substitution
x=$(false); echo $?; x=$(exit 7); echo $?; echo $(false) $?
#### substitution word splitting
printf '<%s>' $(echo "a  b") "$(echo "a  b")"; echo
#### substitution of file
printf 'line1\nline2\n' > f; echo $(< f); echo "$(< f)"
#### command substitution in subshell does not change vars
x=1; y=$(x=2; echo $x); echo $x $y
#### substitution with case and parens
echo $(case a in a) echo matched;; esac)
#### arithmetic basics
echo $((1+2*3)) $(( (1+2)*3 )) $((7/2)) $((7%3)) $((2**10)) $((-7/2)) $((1<<4))
#### arithmetic variables
x=5; echo $((x+1)) $(($x*2)) $((x++)) $x $((++x)) $((x-=2)) $x
#### arithmetic comparisons and logic
echo $((3>2)) $((3<2)) $((1&&0)) $((1||0)) $((!5)) $((5==5)) $((3!=3)) $((1?10:20))
#### arithmetic bases
echo $((0x1f)) $((010)) $((2#101)) $((16#ff)) $((36#z))
#### arithmetic bitwise
echo $((5&3)) $((5|3)) $((5^3)) $((~5)) $((-8>>1))
#### arithmetic division by zero
echo before; echo $((5/0)); echo after
#### arithmetic modulo by zero in subshell
( echo $((5%0)) ); echo "status=$?"
#### arithmetic syntax error
( echo $((1+)) ); echo "status=$?"; ( echo $((2 3)) ); echo "status=$?"
#### arithmetic unset is zero
unset n; echo $((n+1)) $((n)); s=abc; echo $((s))
#### double paren command status
((0)); echo $?; ((5)); echo $?; ((x=3)); echo $? $x; (( 1 > 2 )) || echo no
#### let
let a=1+2 b=a*2; echo $a $b; let 0; echo $?; let "c = 4"; echo $c
#### let with no args
let; echo "status=$?"
#### increment operators
i=0; ((i++)); echo $i $?; ((i--)); echo $i; j=0; echo $((j++ + ++j))
#### arithmetic assignment ops
x=10; ((x+=5, x*=2, x/=3)); echo $x; ((x%=4)); echo $x
#### arithmetic nested vars
a=b; b=3; echo $((a+1))
#### arithmetic negative exponent
( echo $((2**-1)) ); echo "status=$?"
#### arithmetic overflow wraps
echo $((9223372036854775807+1))
#### arithmetic invalid number
( echo $((09)) ); echo "status=$?"; ( echo $((2#3)) ); echo "status=$?"
#### legacy dollar bracket
echo $[1+1]
#### file read substitution errors
x=$(< nofile); echo "status=$?"; mkdir d; x=$(< d); echo "status=$? [$x]"
#### legacy arithmetic forms
x=4; echo $[x*2] "$[ x + 1 ]"
