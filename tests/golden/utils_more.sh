#### sdiff: side by side, -s -l -w -t, stdin, missing newlines
printf 'a\nb\nc\nd\n' > x; printf 'a\nB\nc\ne\nf\n' > y; printf 'a\tb\n' > tb; printf 'a\tc\n' > tc; printf a > nn
sdiff x y; echo st=$?; sdiff -s x y; sdiff -l x y; sdiff -w 30 x y; sdiff -t -w 40 x y; sdiff x x; echo $?
sdiff -w 10 x y; sdiff tb tc; sdiff -t tb tc; sdiff nn x; sdiff nn nn; echo; sdiff x - < y; sdiff -i -w 50 x y; echo $?
sdiff -W -b -w 20 x y; sdiff --left-column --width=25 x y; echo $?
#### sdiff: usage errors are sdiff's, file errors are diff's
printf 'a\n' > x; printf 'b\n' > y
sdiff; echo $?; sdiff x; echo $?; sdiff x nope; echo $?; sdiff x y z; echo $?; sdiff -w x x y; echo $?
sdiff -w 0 x y; echo $?; sdiff -z x y; echo $?; sdiff -I; echo $?; sdiff -v | head -1
#### sdiff -o: answers from stdin, EOF and q stop with status 2
printf 'a\nb\nc\nd\n' > x; printf 'a\nB\nc\ne\nf\n' > y
sdiff -o out x y </dev/null; echo st=$?; cat out; printf 'r\nl\n' | sdiff -o out x y; echo st=$?; cat out
printf 'x\nq\n' | sdiff -o out2 x y; echo st=$?; cat out2; printf 's\nr\n 2 \n' | sdiff -o out3 x y; echo st=$?; cat out3
printf '1\nv\nr\n' | sdiff -s -o out4 x y; echo st=$?; cat out4; sdiff -o out5 x x; echo st=$?; cat out5
#### diff3: default format, ed scripts and merges
printf 'a\nb\nc\nd\ne\n' > o; printf 'a\nB\nc\nd\ne\n' > m; printf 'a\nb\nc\nD\ne\nf\n' > t; printf 'a\nX\nc\nd\ne\n' > t2; printf 'a\nB\nc\nd\ne\n' > m3
diff3 m o t; echo st=$?; diff3 m o t2; echo st=$?; diff3 -e m o t; echo st=$?; diff3 -m m o t2; echo st=$?
diff3 -A m o t2; echo st=$?; diff3 -x m o t2; echo st=$?; diff3 -X m o t2; echo st=$?; diff3 -3 m o t2; echo st=$?
diff3 -m m o t; echo st=$?; diff3 -E m o t2; echo st=$?; diff3 m o m3; echo st=$?; diff3 -A m o t; echo st=$?
diff3 -i m o t2; echo $?; diff3 -e -i m o t; diff3 -m -e m o t2; echo $?; diff3 -L x -L y -L z -m m o t2
diff3 m o /dev/null; diff3 -A m o m3; diff3 -m m o m3; echo $?; diff3 -T m o t; diff3 -3 m o t
printf '.x\nb\n' > dm; printf 'a\nb\n' > do; printf '.y\nb\n' > dy; diff3 -e dm do dy; diff3 -A dm do dy
printf "a\nb\nc\n" > q1; printf "a\nc\n" > q2; printf "a\nB\nc\n" > q3; diff3 q2 q1 q3; diff3 q1 q2 q3
diff3 -e q2 q1 q2; diff3 q2 q1 q1; diff3 -m q1 q2 q3; echo $?; diff3 -A q1 q3 q2
printf 'a\nb\nc' > r1; printf 'a\nB\nc' > r2;  diff3 r1 r2 r2; diff3 -m r1 r1 r2; echo; diff3 - o t < m
#### diff3: usage errors
printf 'a\n' > a
diff3 a; echo $?; diff3; echo $?; diff3 a b; echo $?; diff3 a b c d; echo $?; diff3 a a nope; echo $?
diff3 -e -x a a a; echo $?; diff3 -L 1 -L 2 -L 3 -L 4 a a a; echo $?; diff3 -q a a a; echo $?; diff3 -v | head -1
#### rename.ul: first, last, all, symlinks, no-act, no-overwrite, statuses
touch foo1 foo2 bar; rename.ul foo baz foo1 foo2; echo $?; ls; rename.ul -v baz qux baz1 nope; echo $?; rename.ul -n -v qux z qux1; echo $?; ls
rename.ul x y bar; echo $?; rename.ul -v x y bar; echo $?; rename.ul; echo $?; rename.ul a; echo $?; rename.ul a b; echo $?
touch aaa; rename.ul -a -v a b aaa; rename.ul -l -v b c bbb; echo $?; ln -s foo lnk; rename.ul -s -v foo FOO lnk; readlink lnk
touch e1 e2; rename.ul -o -v e1 e2 e1; echo $?; rename.ul -s x y bar; echo $?; mkdir -p d; touch d/dd; rename.ul -v d z d/dd; rename.ul -v d/ z/ d/dd; echo $?
rename.ul -z a b c; echo $?; rename.ul -V; rename.ul .txt .md *.txt; echo $?; touch a.txt b.txt; rename.ul -v .txt .md *.txt; ls
