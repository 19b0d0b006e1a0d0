#### rsync -av of a directory, then again (nothing to send); summary lines cut
mkdir -p src/sub; echo one > src/a; echo twotwo > src/sub/b; ln -s a src/l
rsync -av src dst | head -n -3; echo ${PIPESTATUS[0]}; rsync -av src dst | head -n -3; echo ${PIPESTATUS[0]}; find dst | sort
#### trailing slash sends the contents; -r without -l skips symlinks; no -r skips directories
mkdir -p src/sub; echo one > src/a; echo twotwo > src/sub/b; ln -s a src/l
rsync -av src/ dst2 | head -n -3; rsync -r src dst3; echo $?; find dst3 | sort; rsync src d6; echo $?; rsync src/ d6; echo $?; ls
#### rsync order: files of a directory first, then each subdirectory
mkdir -p s/m/n s/b; echo 1 > s/a; echo 2 > s/z; echo 3 > s/m/x; echo 4 > s/m/n/y; echo 5 > s/b/q; touch s/B s/_u s/m.txt
rsync -av s/ d | head -n -3
#### -n is a dry run; --delete removes what the source lacks
mkdir -p src/sub; echo one > src/a; echo twotwo > src/sub/b
rsync -avn src/ dst4 | head -n -3; rsync -avn src/ dst4 | tail -n 1 | grep -o 'DRY RUN'; ls
rsync -a src/ dst; echo x > dst/extra; mkdir -p dst/old/deep; echo > dst/old/deep/f
rsync -av --delete src/ dst | head -n -3; find dst | sort; rsync -a --delete src/ dst; echo $?
#### missing source, unknown options, missing destination parents
mkdir src; echo one > src/a
rsync -a nope dst5; echo $?; rsync -av nope dst5 | head -n 2; rsync -Q a b; echo $?; rsync --bogus a b; echo $?
rsync -a src/a x/y/z; echo $?; rsync -a src/a x/y/; echo $?; ls
#### a file rsync cannot read
echo s > secret; chmod 000 secret; rsync secret sec2; echo $?; ls
#### one file to a new name; several files into a new directory; -v without -r
mkdir src; echo one > src/a; echo two > src/b
rsync -v src/a f8 | head -n -3; cat f8; rsync -v src/a src/b ee/ | head -n -3; ls ee; rsync src/a src/b ff; echo $?
#### modes: -a keeps them, plain rsync applies the umask to new files only
echo x > f; chmod 777 f; echo y > g; chmod 640 g; rsync f f2; rsync -a f f3; rsync g g2; stat -c '%n %a' f2 f3 g2
chmod 600 f2; rsync f f2; stat -c '%n %a' f2; rsync -p f f2; stat -c '%n %a' f2
#### rsync --help, --version, no operands
rsync --help | head -n 3; rsync --version | tail -n 3; rsync 2>&1 >/dev/null | tail -n 2; echo $?; rsync -a 2>&1 | tail -n 1
