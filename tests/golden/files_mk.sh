#### mkdir basic and exists
mkdir a; echo "status=$?"; mkdir a; echo "status=$?"
#### mkdir -p and -v
mkdir -pv x/y/z; echo "status=$?"; mkdir -pv x/y/z; echo "status=$?"; mkdir -v q
#### mkdir -m modes
mkdir -m 700 p; mkdir -m u=rwx,g=rx,o= q; mkdir -m 0 r; ls -ld p q r | cut -c1-10
mkdir -m bogus s; echo "status=$?"
#### mkdir -p -m applies to last only
mkdir -p -m 700 a/b/c; ls -ld a a/b a/b/c | cut -c1-10
#### mkdir missing parent
mkdir a/b; echo "status=$?"
#### mkdir missing operand
mkdir; echo "status=$?"
#### mkdir permission denied
mkdir /root/x; echo "status=$?"; mkdir /etc/x; echo "status=$?"; mkdir -p /etc/a/b; echo "status=$?"
#### mkdir on file
touch f; mkdir f; echo "status=$?"; mkdir f/x; echo "status=$?"; mkdir -p f/x; echo "status=$?"
#### mkdir several with one failing
mkdir a nope/b c; echo "status=$?"; ls
#### mkdir trailing slash and dots
mkdir d/; mkdir -p e/./f/../g; ls -R
#### rmdir basic
mkdir a; rmdir a; echo "status=$?"; rmdir a; echo "status=$?"
#### rmdir not empty
mkdir -p a/b; rmdir a; echo "status=$?"
#### rmdir -p
mkdir -p a/b/c; rmdir -p a/b/c; echo "status=$?"; ls
#### rmdir -p partial
mkdir -p a/b/c; touch a/f; rmdir -p a/b/c; echo "status=$?"; ls -R
#### rmdir -v and file
mkdir d; touch f; rmdir -v d; rmdir f; echo "status=$?"
#### rmdir missing operand and --ignore
rmdir; echo "status=$?"; mkdir -p a/b; rmdir --ignore-fail-on-non-empty a; echo "status=$?"
#### rmdir dot
mkdir d; cd d; rmdir .; echo "status=$?"; rmdir ..; echo "status=$?"
#### touch creates and -c
touch a; ls; touch -c b; echo "status=$?"; ls
#### touch -d fixed and ls
touch -d '2021-06-15 12:34:56' f; ls -l --time-style=+%Y-%m-%d_%H:%M:%S f | cut -d' ' -f6-
ls -l --full-time f | cut -d' ' -f6-
#### touch -r reference
touch -d '2019-02-03 04:05' ref; touch -r ref new; ls -l --time-style=long-iso new | cut -d' ' -f6-
#### touch -t stamp
touch -t 202001021530.45 f; ls -l --time-style=full-iso f | cut -d' ' -f6-
touch -t 0102 g; echo "status=$?"
#### touch bad date
touch -d 'not a date' f; echo "status=$?"
#### touch missing dir and permission
touch nodir/f; echo "status=$?"; touch /etc/passwd; echo "status=$?"; touch /root/f; echo "status=$?"
#### touch missing operand
touch; echo "status=$?"
#### touch -r missing
touch -r nothere f; echo "status=$?"
#### touch -a -m
touch -d '2020-01-01' f; touch -a -d '2021-01-01' f; ls -l --time-style=long-iso f | cut -d' ' -f6-; ls -lu --time-style=long-iso f | cut -d' ' -f6-
#### rm basic and missing
touch a; rm a; echo "status=$?"; rm a; echo "status=$?"; rm -f a; echo "status=$?"
#### rm directory
mkdir d; rm d; echo "status=$?"; rm -d d; echo "status=$?"
#### rm -d non-empty
mkdir d; touch d/f; rm -d d; echo "status=$?"
#### rm -r and -v
mkdir -p d/e; touch d/f d/e/g; rm -rv d | sort; echo "status=$?"; ls
#### rm -rf missing
rm -rf nothere; echo "status=$?"; rm -r nothere; echo "status=$?"
#### rm missing operand
rm; echo "status=$?"; rm -f; echo "status=$?"
#### rm dot and dotdot
mkdir d; rm -r .; echo "status=$?"; rm -rf d/..; echo "status=$?"; rm -r /; echo "status=$?"
#### rm permission denied
rm /etc/hostname; echo "status=$?"; rm -f /etc/hostname; echo "status=$?"
mkdir locked; touch locked/f; chmod 555 locked; rm locked/f; echo "status=$?"; rm -rf locked; echo "status=$?"; chmod 755 locked; ls locked
#### rm -i without tty
touch f; echo n | rm -i f; echo "status=$?"; ls; echo y | rm -i f; echo "status=$?"; ls
#### rm write-protected without tty
touch f; chmod 444 f; rm f; echo "status=$?"; ls
#### rm symlink
mkdir d; touch d/f; ln -s d l; rm l; echo "status=$?"; ls; ln -s d l2; rm l2/; echo "status=$?"
#### rm -r unreadable dir
mkdir -p d/sub; touch d/sub/f; chmod 000 d/sub; rm -rf d; echo "status=$?"; chmod 755 d/sub; ls -R d
#### rm bad option
rm -z; echo "status=$?"; rm --bogus f; echo "status=$?"
