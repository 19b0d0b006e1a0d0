#### sums: b2sum sha224sum sha384sum
printf abc > f; b2sum f; b2sum -l 256 f; b2sum --tag -l 256 f; b2sum -l 7 f; echo $?; b2sum -l 1024 f; echo $?; b2sum -l 256 f > bs; b2sum -c bs; b2sum -l 128 --tag f > bt; b2sum -c bt; sha224sum f; sha384sum --tag f | sha384sum -c; sha224sum f | sha224sum --check --quiet; echo $?
#### cksum and sum
printf abc > f; printf "hello\n" > g
cksum f g; echo x | cksum; cksum -a md5 f; cksum -a sha256 --untagged f; cksum -a blake2b -l 128 f; cksum -a crc --tag f; cksum --untagged f; cksum -a bsd f g; cksum -a sysv f; cksum -a sm3 f
cksum -a md5 f > s; cksum -c s; cksum -a foo f; echo $?; cksum -l 12 -a blake2b f; echo $?; cksum -l 8 f; echo $?
cksum -c f; echo $?; cksum -a crc -c s; echo $?
sum f g; sum -s f g; sum -r f; echo hi | sum; sum -s nofile; echo $?; sum f nofile
b2sum -l 128 --tag f > bt; cksum -a sha1 f g >cs; cksum --check cs; cksum -c bt
echo hi | cksum -a md5; echo hi | cksum -a md5 --untagged; cksum -b f; echo $?; cksum -a bsd --tag f; cksum -a sysv --untagged f; cksum -z f | od -c | tail -2; cksum nofile f; echo $?; cksum -a md5 --status f; echo $?; cksum -w f; echo $?
cksum d; echo $?; sum d; echo $?; touch "x\y"; cksum -a md5 "x\y"; cksum -a sha -c s; echo $?
#### basenc and base32
for e in base64 base64url base32 base32hex base16 base2msbf base2lsbf; do printf "hi?>\xff" | basenc --$e; done
printf "abcd" | basenc --z85; printf "abc" | basenc --z85; echo $?
printf "nm=" | basenc --base64 -d | od -c; printf "aGk/Pv8=" | basenc --base64url -d; echo " $?"; printf "aGk_Pv8=" | basenc --base64url -d | od -c
printf "NBUT6PX7" | basenc --base32 -d; echo " $?"; printf "6x" | basenc --base16 -d; echo " $?"
printf "0110100001101001" | basenc --base2msbf -d; echo " $?"; printf "0001011010010110" | basenc --base2lsbf -d; echo " $?"
printf "wrjK" | basenc --z85 -d; echo " $?"; printf "vpA.S" | basenc --z85 -d; echo " $?"
basenc; echo $?; basenc f; echo $?; basenc --base64 --base32 f; echo $?; basenc -w 5 --base32 f; echo hello | base32; echo NBSWY3DPBI====== | base32 -d; echo NBSWY!3DP | base32 -d; echo " $?"; echo NBSWY!3DP | base32 -di; echo " $?"; base32 -w x f; echo $?; basenc --base16 a b; echo $?
printf "AB CD" | basenc --base16 -d | od -c; printf "AB CD" | basenc --base16 -di | od -c; printf "ab" | basenc --base16 -d; echo $?; basenc --base32hex -d <<< "D1KJUFNV"; echo; printf 'abcdefgh' | basenc --z85; echo
printf "%s" "$(seq 100)" | base32 -w 0; echo; seq 30 | basenc --base2lsbf | head -2; base32 nofile; echo $?
#### link unlink sync
touch a; link a b; echo $?; link a b; echo $?; link x y; echo $?; link a; echo $?; link a b c; echo $?; link; echo $?; mkdir d; link d e; echo $?; link a /etc/x; echo $?
unlink b; echo $?; unlink b; echo $?; unlink d; echo $?; unlink; echo $?; unlink a b; echo $?; unlink /etc/passwd; echo $?
sync; echo $?; sync a; echo $?; sync nofile; echo $?; sync -d; echo $?; sync -f a; echo $?; sync -d -f a; echo $?; sync -d nofile; echo $?
#### mkfifo mknod
mkfifo p; echo $?; ls -l p | cut -c1-10; mkfifo p; echo $?; mkfifo -m 600 q; ls -l q | cut -c1-10; mkfifo -m 999 r; echo $?; mkfifo -m u+x,g-r s; ls -l s|cut -c1-10; mkfifo; echo $?; stat -c %F p; test -p p && echo isfifo; mkfifo nodir/x; echo $?
mknod n p; echo $?; ls -l n | cut -c1-10; mknod c1 c 1 3; echo $?; mknod b1 b 8 0; echo $?; mknod x; echo $?; mknod x c; echo $?; mknod x c 1; echo $?; mknod x p 1 2; echo $?; mknod x z; echo $?; mknod x c a b; echo $?; mknod -m 640 m p; ls -l m | cut -c1-10; mknod x u 1 3; echo $?; mknod x z 1 2; echo $?
rm p n s m; unlink q; ls
#### mktemp
mktemp | sed "s/tmp\.[A-Za-z0-9]*/tmp.X/"; mktemp -d | sed "s/tmp\.[A-Za-z0-9]*/tmp.X/"; mktemp fooXXX | sed "s/foo.../fooYYY/"; mktemp fooXX; echo $?; mktemp foo; echo $?; mktemp -u abcXXXXXX | wc -c; mktemp -p /var/tmp -u | cut -c1-13; TMPDIR=/x mktemp -u | cut -c1-7; mktemp -t abXXX | cut -c1-7; mktemp --suffix=.txt -u XXXX | cut -c5-; mktemp -u XXXX.txt | cut -c5-; mktemp --suffix=/x XXX; echo $?; mktemp XXX/x; echo $?; mktemp -p nodir XXX; echo $?; mktemp /etc/XXXX; echo $?; mktemp -d /etc/XXXX; echo $?; mktemp a b; echo $?; mktemp -q /etc/XXX; echo $?; mktemp --tmpdir=/var/tmp -u x.XXX | cut -c1-11; mktemp -t /a/bXXX; echo $?; mktemp -u -p "" XXX | wc -c; mktemp -u XXXyXXXX | cut -c4-4
mktemp -d xXXX > o; ls -ld $(cat o) | cut -c1-10; mktemp yXXX > o; ls -l $(cat o) | cut -c1-10; TMPDIR= mktemp -u | cut -c1-5; mktemp -p /tmp /abXXX; echo $?; mktemp --suffix=.c abXXX.d; echo $?
f=$(mktemp); echo hi > "$f"; cat "$f"; d=$(mktemp -d); touch "$d/x"; ls "$d"
rm -rf foo??? x??? y??? o; ls
#### truncate
printf "hello world" > f; truncate -s 5 f; cat f; echo; truncate -s +3 f; wc -c < f; truncate -s -2 f; wc -c < f; truncate -s "<3" f; wc -c <f; truncate -s ">10" f; wc -c < f; truncate -s "%4" f; wc -c < f; truncate -s "/3" f; wc -c < f; truncate -s 1K f; wc -c < f; truncate -s 1KB g; wc -c < g
truncate -c -s 5 nofile; echo $?; ls nofile; truncate -s 5 nodir/x; echo $?; truncate f; echo $?; truncate -s 5; echo $?; truncate -s x f; echo $?; truncate -r f h; wc -c < h; truncate -r nofile h; echo $?; truncate -r f -s +1 h; wc -c < h; truncate -s -100 f; wc -c < f; truncate -o -s 2 f; wc -c < f; truncate -o f; echo $?; truncate -s 3 /etc/passwd; echo $?; mkdir d; truncate -s 0 d; echo $?; truncate -s 5 -r f f; echo $?; truncate -s %0 f; echo $?; truncate -s "< 2" f; echo $?; truncate -s 10M big; ls -l big | cut -d" " -f5
#### shred
printf "hello world" > f; shred f; wc -c < f; shred -v f; shred -n 1 -z -v f; od -c f | head -2; cp f g; shred -u -v g; ls g; shred -uv -n 0 f; shred nofile; echo $?; shred; echo $?; shred -n x f; echo $?; touch e; shred -v e; echo $?; shred -u e; ls; shred d; echo $?; shred -s 5 -v -n 1 hh; echo $?; printf "0123456789" > k; shred -s 4 -n 1 -z k; od -c k | head -2; shred -x -n 1 -v k; printf "%05000d" 0 > m; shred -n 1 -v -z m; shred -u --remove=unlink -v k; shred -n 1 -v m
mkdir s; echo x > s/abc; shred -n 0 -u -v s/abc; echo x > 0; echo y > abc; shred -n 0 -uv abc; rm m; ls
#### dd
printf "hello world, this is dd\n" > f
dd if=f of=g status=none; cat g; dd if=f bs=5 count=2 status=none; echo; dd if=f bs=5 skip=1 count=1 status=noxfer; echo; dd if=f ibs=4 obs=3 count=2 status=noxfer; echo; dd if=f conv=ucase status=none; dd if=f conv=lcase,ucase; echo $?
printf "0123456789" > h; printf "ab" | dd of=h seek=3 bs=1 conv=notrunc status=none; cat h; echo; printf "ab" | dd of=h seek=3 bs=1 status=none; cat h; echo
printf "abc" | dd bs=4 conv=sync status=none | od -c | head -1; dd if=nofile; echo $?; dd bogus=1; echo $?; dd bs=x; echo $?; dd if=f count=x; echo $?; dd if=f of=/etc/x; echo $?; dd if=f status=foo; echo $?; dd if=f conv=foo; echo $?
dd if=f bs=1K count=1 status=noxfer of=/dev/null; printf "abcdefghij" | dd iflag=count_bytes,skip_bytes skip=2 count=3 status=none; echo; printf abc | dd 2>&1 >/dev/null | sed "s/copied.*/copied/"; dd if=f bs=0; echo $?; dd if=/dev/zero bs=1M count=2 status=noxfer | wc -c; dd if=f cbs=3 conv=block status=noxfer | od -c | head -2; dd if=f skip=100 bs=1 status=noxfer; echo $?; dd if=f of=g seek=2 bs=3 status=none; od -c g | head -2; dd if=f conv=fsync,noerror of=g status=none; echo $?; dd if=f iflag=fullblock bs=4 count=1 status=none; echo; dd if=f oflag=append of=g status=none conv=notrunc; wc -c < g; dd if=f iflag=foo; echo $?
mkdir d; dd if=d status=noxfer; echo $?; dd if=f of=d; echo $?; printf 'ab\ncdefg\nh' | dd conv=block cbs=4 status=noxfer | od -c; printf 'ab  cdefh   ' | dd conv=unblock cbs=4 status=noxfer; printf 'abcdef' | dd conv=swab status=none; echo; dd if=f of=f2 conv=excl status=none; dd if=f of=f2 conv=excl; echo $?; dd if=f of=f3 conv=nocreat; echo $?
dd if=/dev/zero bs=1M count=2 2>&1 >/dev/null | sed 's/copied, .*/copied/'; dd if=/dev/zero bs=1000 count=1 2>&1 >/dev/null | sed 's/copied, .*/copied/'; dd if=/dev/zero bs=1 count=1 2>&1 >/dev/null | sed 's/copied, .*/copied/'; dd if=/dev/zero bs=1 count=0 2>&1 >/dev/null | sed 's/copied, .*/copied/'
#### login info, arch, stty off a terminal
logname; echo $?; users; echo "[$?]"; pinky; echo $?; pinky -l root; echo $?; pinky -l nosuch; pinky -l; echo $?; pinky -f; pinky -q; pinky -w; pinky -i
arch; arch x; echo $?; logname x; echo $?; users a b; echo $?; hostid x; echo $?
stty; echo $?; stty size; echo $?; stty -a; echo $?; stty -echo; echo $?; stty foo; echo $?; stty cols; echo $?; stty -g; echo $?; stty sane; echo $?
stdbuf -oL echo hi; echo $?; stdbuf echo hi; echo $?; stdbuf -o x echo; echo $?; stdbuf -oL; echo $?; stdbuf -i L cat </dev/null; echo $?; stdbuf -e 1K -o 0 -i 4M echo ok
#### stdbuf pathchk chroot
pathchk a/b; echo $?; pathchk; echo $?; pathchk -p "a b"; echo $?; pathchk -p "a*b"; echo $?; pathchk -P -- "-ab"; echo $?; pathchk -P ""; echo $?; pathchk ""; echo $?; pathchk $(printf "%0300d" 0); echo $?; pathchk -p $(printf "%020d" 0); echo $?; pathchk --portability "a b/é"; echo $?; pathchk nodir/x; echo $?; touch f; pathchk f/x; echo $?; pathchk -p /a//b; echo $?; pathchk -p $(printf "%0260d/" 0 0); echo $?
chroot /tmp; echo $?; chroot; echo $?; chroot /nonexist; echo $?; chroot /tmp ls; echo $?; chroot f; echo $?
mkdir -p d/sub; touch d/'a b' d/c; dir d; vdir d | cut -c1-10; dir -1 d; dir nofile; echo $?
#### dir and vdir
