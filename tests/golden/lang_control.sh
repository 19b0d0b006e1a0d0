#### if elif else
for x in 1 2 3; do if [ $x = 1 ]; then echo one; elif [ $x = 2 ]; then echo two; else echo other; fi; done
#### if status
if false; then :; fi; echo $?; if false; then :; else (exit 3); fi; echo $?
#### case patterns
for w in apple Bob c.txt 42 ""; do case $w in a*|b*) echo "ab:$w";; [A-Z]*) echo "up:$w";; *.txt) echo txt;; [0-9][0-9]) echo num;; '') echo empty;; esac; done
#### case fallthrough
case a in a) echo one;& b) echo two;;& *) echo three;; x) echo four;; esac
#### case no match status
case x in y) echo y;; esac; echo $?
#### case quoted pattern
x='*'; case abc in "$x") echo literal;; $x) echo glob;; esac
#### case with optional open paren
case b in (a) echo a;; (b) echo b;; esac
#### while and until
i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done; until [ $i -eq 0 ]; do i=$((i-1)); done; echo $i
#### break and continue
for i in 1 2 3 4 5; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done
#### break N and continue N
for i in a b; do for j in 1 2 3; do [ $j = 2 ] && continue 2; echo $i$j; done; done
for i in a b; do for j in 1 2; do echo $i$j; break 2; done; done
#### break outside loop
break; echo "status=$?"; continue; echo "status=$?"
#### break zero leaves all loops
for i in 1 2; do for j in 3 4; do break 0; echo "in $?"; done; echo "mid"; done; echo end
#### break non numeric is fatal
for i in 1; do true; break x; echo "status=$?"; done; echo never
#### continue non numeric is fatal
for i in 1; do continue y; done; echo never
#### for without in uses positionals
set -- p q "r s"; for a; do echo "<$a>"; done
#### c-style for
for ((i=0; i<3; i++)); do echo $i; done; for ((;;)); do echo once; break; done
#### c style for with multiple
for ((i=0, j=10; i<j; i+=4, j-=4)); do echo $i $j; done
#### while read line
printf 'a b\n  c  \nlast' > f; while read line; do echo "[$line]"; done < f
#### while read -r with IFS
printf ' x\\y \n' | while IFS= read -r l; do echo "[$l]"; done
#### loop status
for i in; do :; done; echo $?; while false; do :; done; echo $?
#### for over words with globs
touch a.c b.c; for f in *.c none*.q; do echo $f; done
#### subshell status
(exit 4); echo $?; (false || true); echo $?
#### negation
! true; echo $?; ! false; echo $?; ! (exit 3); echo $?
#### and or lists
true && echo a || echo b; false && echo c || echo d; false || false && echo e; echo $?
#### brace group and subshell
{ echo a; echo b; } | wc -l; x=1; (x=2); echo $x; { x=3; }; echo $x
#### pipeline status
false | true; echo $?; true | false; echo $?; set -o pipefail; false | true; echo $?; (exit 3) | (exit 0) | true; echo $?
#### PIPESTATUS
true | false | (exit 5); echo ${PIPESTATUS[@]}
#### loop in pipeline
for i in 3 1 2; do echo $i; done | sort
#### until with break status
until false; do break; done; echo $?
#### multiline compound commands
if true
then
  echo yes
fi
while false
do
  :
done
case x in
  x)
    echo x
    ;;
esac
