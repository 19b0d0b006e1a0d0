#### md5sum files and stdin
printf 'hello\n' > a; printf 'x' > b
md5sum a b
echo hi | md5sum
md5sum - < a
#### md5sum errors
mkdir d
md5sum nofile d a 2>&1; echo "status=$?"
printf 'hello\n' > a
md5sum /etc/shadow; echo "status=$?"
md5sum -x; echo "status=$?"
#### md5sum check ok and failed
printf 'hello\n' > a; printf 'x' > b
md5sum a b > sums
md5sum -c sums; echo "status=$?"
echo changed > a
md5sum -c sums; echo "status=$?"
md5sum --check --quiet sums; echo "status=$?"
md5sum -c --status sums; echo "status=$?"
#### md5sum check missing and misformatted
printf 'hello\n' > a; printf 'x' > b
md5sum a b > sums; echo junk >> sums; rm b
md5sum -c sums; echo "status=$?"
md5sum -c -w sums; echo "status=$?"
md5sum -c --ignore-missing sums; echo "status=$?"
echo nothing > t
md5sum -c t; echo "status=$?"
echo | md5sum -c; echo "status=$?"
md5sum -c nofile; echo "status=$?"
#### md5sum option misuse
touch a
md5sum --tag -c a; echo "status=$?"
md5sum --quiet a; echo "status=$?"
md5sum --status a; echo "status=$?"
#### sha sums and tag
printf 'abc' > f
sha1sum f; sha256sum f; sha512sum f
md5sum --tag f; sha256sum --tag f
sha256sum f > s.txt; sha256sum -c s.txt
sha1sum --tag f | sha1sum -c
md5sum -z f | od -c | tail -1
#### sum names with spaces
echo hi > 'a b'
md5sum 'a b'
md5sum 'a b' | md5sum -c
md5sum 'no such'; echo "status=$?"
#### sums help
md5sum --help | head -3
sha256sum --version | head -1
#### base64 encode and wrap
printf 'hello world, this is a long line of text to wrap around the column limit ok' | base64
printf 'hi' | base64 -w 2
printf 'hi' | base64 -w 0; echo
printf '' | base64; echo "status=$?"
echo hello > f; base64 f; base64 --wrap=4 f
#### base64 decode
echo 'aGk=' | base64 -d; echo
echo 'aGVsbG8K' | base64 --decode
echo 'aGk' | base64 -d; echo "status=$?"
echo 'a!Gk=' | base64 -d; echo "status=$?"
echo 'a!Gk=' | base64 -di; echo "status=$?"
printf 'aGk=aGk=' | base64 -d; echo
echo 'aG k=' | base64 -d; echo "status=$?"
echo '====' | base64 -d; echo "status=$?"
echo hello | base64 | base64 -d
#### base64 errors
base64 -w x; echo "status=$?"
base64 -w -1; echo "status=$?"
base64 nofile; echo "status=$?"
base64 a b; echo "status=$?"
base64 /etc/shadow; echo "status=$?"
base64 --help | head -2
#### dircolors sh and csh
TERM=xterm dircolors -b | head -c 120; echo
TERM=xterm dircolors -b | tail -1
TERM=xterm dircolors -c | cut -c1-60
TERM=dumb dircolors -b
env -u TERM dircolors --sh
TERM=xterm SHELL=/bin/tcsh dircolors | cut -c1-30
TERM=xterm SHELL=/bin/bash dircolors | cut -c1-30
env -u SHELL dircolors; echo "status=$?"
#### dircolors database and file
dircolors -p | head -5
dircolors -p | wc -l
printf 'TERM x*\nDIR 01;35\n.c 01;32 # c\n*README 4\n' > db
TERM=xterm dircolors -b db
TERM=vt220 dircolors -b db
printf 'BOGUS 1\nNOSECOND\n' > bad
TERM=xterm dircolors -b bad; echo "status=$?"
TERM=xterm dircolors --print-ls-colors db | od -c | head -3
#### dircolors errors
dircolors -p x; echo "status=$?"
dircolors a b; echo "status=$?"
dircolors -b nofile; echo "status=$?"
dircolors -p -b; echo "status=$?"
dircolors -z; echo "status=$?"
dircolors --help | head -2
#### dircolors eval
eval "$(TERM=xterm dircolors -b)"
echo "${LS_COLORS:0:40}"
#### od formats
printf 'hello world\n\x01\xff' > f
od f; od -c f; od -x f; od -A x -t x1 f; od -A n -c f; od -b f
od -An -tx1z f; od -t d2 f; od -w4 -c f; od -t x2 -A d f; od -t u1 f; od -t a f; od -i f; od -d f
#### od repeats limits and errors
head -c 64 /dev/zero | od
printf 'abcdefghabcdefghabcdefghabcdefgh1' | od -c
printf 'abc' > g; od -x g; od -c -x g; od -t x1 -t c g; od -N 2 -c g; od -j 1 -c g
od -j 10 g; echo "status=$?"
od nofile; echo "status=$?"
od -t q g; echo "status=$?"
od -A z g; echo "status=$?"
od -t x3 g; echo "status=$?"
od -N 20 -x /dev/zero
od -v -c /dev/null
od /etc/shadow; echo "status=$?"
