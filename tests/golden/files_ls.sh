#### ls plain and -a -A
mkdir d; touch d/b d/a d/.h
ls d; ls -a d; ls -A d; ls -1 d
#### ls -R
mkdir -p t/x/y t/z; touch t/f t/x/g t/x/y/h
ls -R t
#### ls -R -a on dot
mkdir -p t/x; touch t/x/f
cd t && ls -Ra
#### ls -d and dir operand
mkdir d; touch d/f
ls -d d; ls -d; ls -d d/ .
#### ls -F classify
mkdir d; touch f; ln -s f l; ln -s d ld; touch x; chmod +x x; ln -s nowhere broken
ls -F; ls -p; ls --file-type
#### ls -r reverse
touch a b c; ls -r; ls -1r
#### ls -t by mtime
touch -d '2020-01-01 00:00' old; touch -d '2022-01-01 00:00' new; touch -d '2021-01-01 00:00' mid
ls -t; ls -tr; ls -lt | tr -s ' ' | cut -d' ' -f1,5,9-
#### ls -S by size
printf 'xxxxx' > big; printf 'x' > small; printf 'xxx' > medium
ls -S; ls -Sr; ls -1S
#### ls -l with awk
mkdir d; printf 'hello\n' > f; ln -s f l
ls -l | tr -s ' ' | cut -d' ' -f1-5,9-
#### ls -l total and -h
head -c 5000 /dev/zero > five; head -c 2000000 /dev/zero > two
ls -lh | tr -s ' ' | cut -d' ' -f1,5,9-; ls -sh; ls -s
#### ls -ld
mkdir d; ls -ld d | cut -c1-10; ls -ld /tmp | cut -c1-10; ls -ld /root | cut -c1-10
#### ls missing file
ls nothere; echo "status=$?"
ls nothere other; echo "status=$?"
#### ls mixed missing and present
touch a; mkdir d; touch d/x
ls a nothere d; echo "status=$?"
#### ls permission denied
ls /root; echo "status=$?"
mkdir locked; touch locked/f; chmod 000 locked; ls locked; echo "status=$?"; chmod 755 locked
#### ls bad option
ls -j; echo "status=$?"
ls --nope; echo "status=$?"
#### ls --help head
ls --help | head -3
#### ls files and dirs order
mkdir b a; touch z y; touch a/1 b/2
ls z a y b
#### ls symlink to dir
mkdir d; touch d/in; ln -s d l
ls l; ls -l l | tr -s ' ' | cut -d' ' -f1,9-; ls -L l; ls -H l
#### ls -1 with -a on empty
mkdir e; ls e; ls -a e; echo "status=$?"
#### ls -m and -x and -Q
touch a b 'c d'
ls -m; ls -Q; ls -x; ls -1 --quoting-style=shell
#### ls names with spaces
touch 'a b' "it's" plain
ls; ls -1
#### ls -n numeric vs -g -o
touch f; ls -g f | tr -s ' ' | cut -d' ' -f1-4,8; ls -o f | tr -s ' ' | cut -d' ' -f1-4,8
#### ls --sort and -U -X -v
touch b.txt a.c c.txt a10 a2
ls -X; ls -v; ls --sort=extension; ls --sort=bogus; echo "status=$?"
#### ls -l sticky setuid modes
touch s; chmod 4755 s; touch g; chmod 2755 g; mkdir t; chmod 1777 t; touch n; chmod 000 n
ls -l | cut -c1-10
ls -ld t | cut -c1-10
#### ls -i free: --indicator-style
mkdir d; touch f
ls --indicator-style=slash; ls --indicator-style=none; ls --indicator-style=x; echo "status=$?"
#### ls -l /etc/shadow
ls -l /etc/shadow | tr -s ' ' | cut -d' ' -f1,3,4
cat /etc/shadow; echo "status=$?"
#### ls -A in home
ls -A; ls -a
#### ls quoting styles
touch a 'c d' "it's" 'b\s' 'x"y' '#h' 'a=b'
for s in literal shell shell-always shell-escape shell-escape-always c c-maybe escape locale clocale; do echo "== $s"; ls --quoting-style=$s; done
ls -b; ls -N; ls -Q -m; ls --quoting-style=sh; echo "status=$?"
#### ls -C and -x with quoting to a pipe
touch a 'c d' b; ls -C --quoting-style=shell-escape; ls -x --quoting-style=shell; ls -C -w 10; ls -w x; echo "status=$?"
#### ls -v version sort
touch a1 a10 a2 a1.txt a1.tar.gz 'a1~' b.1.2 b.1.10 .hid 1 01 001
ls -v; ls -vA; ls -vr
#### ls --format and --time-style
touch -d '2001-01-01 10:20' a; mkdir d
ls --format=commas; ls --format=single-column; ls --format=long --time-style=iso a | cut -d' ' -f6-; ls --format=x; echo "status=$?"
ls -l --time-style=+%s a | cut -d' ' -f6-; ls -l --time-style=posix-long-iso a | cut -d' ' -f6-; ls -l --time-style=bogus; echo "status=$?"
ls --time=x; echo "status=$?"; ls --sort=t; ls --sort=e; ls --sort=v; echo "status=$?"
#### ls --group-directories-first and -lR
mkdir z; touch a y; mkdir b; touch b/f
ls --group-directories-first; ls -lR | cut -c1-10
#### ls --color=never and bad --color
touch a; ls --color=never; ls --color=bogus; echo "status=$?"; ls --classify=nope; echo "status=$?"
