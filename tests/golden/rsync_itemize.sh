#### rsync -i: new entries, nothing to do, changes without -t (T) and with -a (t), -ii lists all
T='2020-01-02 03:04:05'; mkdir -p src/sub; echo hello > src/a; echo b > src/sub/b; ln -s a src/l; touch -d "$T" src/a src/sub/b src/sub src; touch -h -d "$T" src/l
rsync -ri --exclude=l src/ d1; echo $?; rsync -ai src/ d2; rsync -ai src/ d2; echo "== no change: $?"
echo changed >> src/a; echo xx > src/sub/b; rsync -ri --exclude=l src/ d1; touch -d "$T" src/a src/sub/b; rsync -ai src/ d2
rsync -aii src/ d2; rsync -avi src/ d3 | head -n -3; rsync -avii src/ d3 | head -n -3; rsync -ain src/ d4; ls
#### rsync -i: checksum, size-only, -I, -u, perms, a changed symlink, -O, --existing
T='2020-01-02 03:04:05'; mkdir -p src/sub; echo hello > src/a; echo b > src/sub/b; ln -s a src/l; touch -d "$T" src/a src/sub/b src/sub src; touch -h -d "$T" src/l; rsync -a src/ d
echo B > d/sub/b; touch -d "$T" d/sub/b; rsync -ai src/ d; rsync -aic src/ d; cat d/sub/b; rsync -aiI src/ d
touch -d '2021-01-01' d/a; rsync -ai --size-only src/ d; echo newer > d/a; rsync -aiu src/ d; cat d/a; touch -d '2019-01-01' d/a; rsync -ai src/ d
rm d/l; ln -s sub d/l; touch -d "$T" d; rsync -ai src/ d; touch -d 2021-01-01 d/sub; rsync -aiO src/ d; rsync -ai src/ d
chmod 700 d/sub; chmod 600 d/a; rsync -ai src/ d; rsync -rpi src/ d; chmod 640 d/a; rsync -ri src/ d; echo $?
rm d/a; touch -d "$T" d; rsync -ai --existing src/ d; rsync -ai --max-size=1 src/ d; rsync -ai --ignore-existing src/ d; stat -c '%a %n' d/a d/sub
#### rsync -i with --delete: *deleting, with -n and with -v
T='2020-01-02 03:04:05'; mkdir -p src/sub; echo a > src/a; echo b > src/sub/b; touch -d "$T" src/a src/sub/b src/sub src; rsync -a src/ d
mkdir -p d/old/deep; echo 1 > d/old/deep/1; echo z > d/z; ln -s z d/zl; echo y > d/sub/y; touch -d "$T" d d/sub
rsync -ain --delete src/ d; rsync -ai --delete src/ d | sort; find d | sort; echo q > d/q; touch -d "$T" d; rsync -avi --delete src/ d | head -n -3
echo q > d/q; touch -d "$T" d; rsync -rv --delete --out-format='%n' src/ d | head -n -3; echo q > d/q; rsync -r --delete --out-format='[%o] %n %l %b' src/ d
#### rsync --stats: the counts by kind, created, deleted, transferred, with -n, -h and -v
T='2020-01-02 03:04:05'; mkdir -p src/sub; echo hello > src/a; head -c 3000 /dev/zero > src/sub/big; ln -s a src/l; touch -d "$T" src/a src/sub/big src/sub src; touch -h -d "$T" src/l
f() { grep -v -e 'time: ' -e '^Total bytes ' -e 'bytes/sec' -e 'speedup is'; }
rsync -a --stats src/ d | f; rsync -a --stats src/ d | f; rsync -r --stats src/ e | f; rsync -an --stats src/ n | f; ls
mkdir -p d/x/y; echo 1 > d/x/f; ln -s f d/x/s; echo 2 > d/g; rsync -av --stats --delete src/ d | f; rsync -ah --stats src/ h | f
rsync -ai --stats src/ i | f; rsync -a --stats --out-format='%n' src/ o | f
#### rsync --out-format: %n %i %l %f %o %b, widths, commas, escapes rsync does not know
T='2020-01-02 03:04:05'; mkdir -p src/sub; echo hello > src/a; head -c 5000 /dev/zero > src/sub/big; ln -s a src/l; touch -d "$T" src/a src/sub/big src/sub src; touch -h -d "$T" src/l
rsync -a --out-format='%n|%i|%l|%f|%o|%b' src/ d1; rsync -av --out-format='[%n%L]' src/ d2 | head -n -3; rsync -a --out-format="%-8n|%10l|%'l|%5o|%%i %q %" src/ d3
rsync -r --exclude=l --out-format='%f %n %l' src d4; rsync --out-format='%f|%n|%B' src/a d5; rsync -a --out-format= src/ d6; rsync -a --out-format= -v src/ d7 | head -n -3
rsync -ai --out-format='%i %n' src/ d8; rsync -r --exclude=l --log-format='%n' src/ d9; rsync -an --out-format='%o %b %n' src/ d10; ls
#### rsync: -i, --stats and --out-format mistakes
mkdir s; echo x > s/f
rsync --stats=1 s/ d; echo $?; rsync --itemize s/ d; echo $?; rsync -r --out-format; echo $?; rsync -r --itemize-changes=2 s/ d; echo $?; rsync --out-format s/ d; echo $?; ls
#### rsync: a file where the receiver has a directory (empty: replaced; not empty: kept, or emptied by --delete)
mkdir -p s d/a d/b/x; echo y > s/b; touch -d 2020-01-02 s/b; echo z > d/b/x/z; rsync -r s/ d; echo $?; rsync -rv s/ d | head -n -3; rsync -rvn --delete s/ d | head -n -3
rsync -ri --delete s/ d; echo $?; echo x > s/a; touch -d 2020-01-02 s/a; rsync -ri --stats s/ d | grep -e '^Number' -e '^>'; find d | sort
