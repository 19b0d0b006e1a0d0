#### readlink variants
mkdir -p d/e; touch d/e/f; ln -s d/e/f l; ln -s l l2
readlink l; readlink l2; readlink -f l2; readlink -e l2; readlink -m nothere/x; readlink d; echo "status=$?"
readlink -f nothere/x; echo "status=$?"; readlink -e nothere; echo "status=$?"
#### readlink missing operand and -n -v
readlink; echo "status=$?"; ln -s target t; readlink -n t; echo; readlink -v d; echo "status=$?"
#### realpath variants
mkdir -p a/b; touch a/b/f; ln -s a/b lb
realpath lb; realpath -s lb; realpath lb/f a/../a; realpath nothere; realpath -e nothere; echo "status=$?"
realpath -m x/../../y; realpath --relative-to=a/b a; realpath --relative-to=a a/b/f; realpath --relative-base=a a/b/f /etc
#### realpath missing operand and errors
realpath; echo "status=$?"; touch f; realpath f/x; echo "status=$?"; realpath -e f/x; echo "status=$?"
#### realpath permission
realpath /root/x; echo "status=$?"; realpath -q /root/x/y; echo "status=$?"
#### basename
basename /usr/bin/sort; basename include/stdio.h .h; basename -s .h include/stdio.h; basename -a any/str1 any/str2
basename /; basename //; basename a/b/; basename .h .h; basename x.h -s; echo "status=$?"
basename; echo "status=$?"; basename a b c; echo "status=$?"; basename -z a/b | tr "\0" @; echo
#### dirname
dirname /usr/bin/; dirname dir1/str dir2/str; dirname stdio.h; dirname /; dirname //; dirname a//b//; dirname; echo "status=$?"
#### stat -c formats
printf 'hello' > f; mkdir d; ln -s f l; chmod 640 f
stat -c '%n %s %a %A %F %U %G %h' f d l; stat -c '%N' l f; stat -c '%b %B %o' f
stat -L -c '%n %F %s' l; stat --printf='%n\t%s\n' f; stat -c '%%' f; stat -c '%z?' f | cut -c1-0
#### stat -c more codes
printf 'abc' > f; stat -c '%f %T %t %m %R %y' f 2>&1 | cut -d' ' -f1-4; stat -c '%a %U %G %n' /etc/shadow /tmp /root
#### stat errors
stat nothere; echo "status=$?"; stat; echo "status=$?"; stat -c; echo "status=$?"; stat /root/x; echo "status=$?"
#### stat -f and -t shape
touch f; stat -t f | cut -d' ' -f1-3; stat -c %n --terse f; echo "status=$?"
#### file types
printf 'hello\n' > t.txt; printf '#!/bin/sh\necho hi\n' > s.sh; mkdir d; ln -s t.txt l; : > empty; ln -s gone dang
printf '\x89PNG\r\n\x1a\n' > p.png; printf '{"a": 1}\n' > j.json; printf 'a,b\n1,2\n' > c.csv
file t.txt s.sh d l empty dang; file -b t.txt; file -L l; file nothere; echo "status=$?"; file; echo "status=$?"
#### file more
printf '<html><body>x</body></html>\n' > h.html; printf '\x7fELF\x02\x01\x01' > e; printf 'x\r\ny\r\n' > crlf; printf 'caf\xc3\xa9\n' > u
file h.html crlf u; file /etc/passwd /etc/shadow /tmp /usr/bin
#### du sizes
mkdir -p d/e; head -c 10000 /dev/zero > d/f; head -c 100 /dev/zero > d/e/g
du d | sort; du -s d; du -sh d; du -a d | sort -k2; du -h d/f; du -c d/f d/e/g
#### du errors
du nothere; echo "status=$?"; mkdir -p x/locked; chmod 000 x/locked; du x; echo "status=$?"; chmod 755 x/locked
#### du -b and --max-depth
mkdir -p a/b/c; printf 12345 > a/b/c/f; du -b a/b/c/f; du --max-depth=1 a | sort -k2; du -d 0 a; du -sk a; du -sm a
