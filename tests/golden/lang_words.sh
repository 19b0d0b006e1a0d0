#### IFS splitting custom
x="a:b::c"; IFS=:; printf '<%s>' $x; echo
#### IFS whitespace and non whitespace
x=" a , b ,, c "; IFS=" ,"; printf '<%s>' $x; echo
#### empty IFS no splitting
x="a b c"; IFS=; printf '<%s>' $x; echo
#### default IFS collapses
x="  a   b	c
d  "; printf '<%s>' $x; echo
#### unquoted empty vanishes
e=; printf '<%s>' $e "$e" x; echo
#### glob star question bracket
touch a1 a2 b1 .hid ab; echo a*; echo ?1; echo [ab]1; echo [!a]*; echo [^b]?
#### glob no match stays literal
echo *.none; echo "status=$?"; echo x[; echo [z]*
#### glob dotfiles
touch .x y; echo .*; echo *
#### glob directories only
mkdir d1 d2; touch f; echo */; echo d*/
#### glob in quotes not expanded
touch a; echo "*" '*' \*
#### glob character classes
touch a1 B2 c_; echo [[:upper:]]*; echo *[[:digit:]]; echo [[:alpha:]]_
#### glob with path components
mkdir -p p/q; touch p/q/r p/s; echo p/*/r; echo p/*
#### nullglob and failglob
shopt -s nullglob; echo x*.none y; shopt -u nullglob; shopt -s failglob; echo *.none; echo "status=$?"
#### failglob abandons the line
shopt -s failglob
echo *.none; echo same-line
echo "status=$?"
#### shopt listing
shopt -s nullglob; shopt -p nullglob failglob; shopt -q nullglob; echo $?; shopt -s | head -3
#### brace expansion basic
echo a{b,c,d}e {x,y}{1,2}
#### brace nested
echo a{b,c{1,2},d}e
#### brace ranges
echo {1..5} {5..1} {a..e} {e..a}
#### brace padding and steps
echo {01..10} {1..10..3} {10..1..4} {a..k..2} {-3..3..2}
#### brace invalid forms stay
echo {a} {a,} {} {1..} {a..5} {1..3..0} x{,}y
#### brace quoted not expanded
echo "{a,b}" '{1..3}' \{a,b\} {a,'b c'}
#### brace with variables
x=1; echo {$x..3} a{$x,2}
#### brace mixed padding
echo {1..010..3} {-01..2}
#### tilde forms
cd /tmp; echo ~ ~/x ~learner ~root ~nouser "~" x~ ~+ ; cd /etc; cd /; echo ~-
#### tilde in assignment
p=~/bin:~/lib; echo $p; q="~/q"; echo $q
#### tilde after colon only in assignment
echo a:~/b
