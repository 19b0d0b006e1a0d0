#### rm, rmdir, mkdir set the directory's mtime
y() { [ "$(stat -c %Y "$1")" -gt 1600000000 ] && echo "$1 changed" || echo "$1 same"; }
mkdir d; touch d/f; mkdir d/sub; touch -d 2020-01-01 d
rm d/f; y d; touch -d 2020-01-01 d; rmdir d/sub; y d; touch -d 2020-01-01 d; mkdir d/sub; y d
touch -d 2020-01-01 d; rm d/nothere; y d; rmdir d; y d
#### symlink, hard link, mkfifo in a directory
y() { [ "$(stat -c %Y "$1")" -gt 1600000000 ] && echo "$1 changed" || echo "$1 same"; }
mkdir d; touch d/a; touch -d 2020-01-01 d; ln -s x d/l; y d
touch -d 2020-01-01 d; ln d/a d/b; y d; touch -d 2020-01-01 d; mkfifo d/p; y d
touch -d 2020-01-01 d; ln d/a d/b; y d; touch -d 2020-01-01 d; mkdir d; y d; rm d/p
#### mv within a directory, across directories, replacing an entry
y() { [ "$(stat -c %Y "$1")" -gt 1600000000 ] && echo "$1 changed" || echo "$1 same"; }
mkdir d e; touch d/a d/c; mkdir d/s; touch -d 2020-01-01 d e d/s
mv d/a d/b; y d; y e; touch -d 2020-01-01 d; mv d/b e/b; y d; y e
touch -d 2020-01-01 d e; mv d/s e/s; y d; y e; y e/s
touch -d 2020-01-01 d; mv d/c d/c; y d; touch e/c; touch -d 2020-01-01 e; mv e/c e/b; y e; ls e
#### find -newer and ls -t see the new directory times
mkdir d e; touch d/f; touch -d 2020-01-01 d e; touch -d 2021-01-01 ref
rm d/f; find . -maxdepth 1 -type d -newer ref | sort; ls -td d e
#### touching, writing and cp into a directory (the already right cases stay right)
y() { [ "$(stat -c %Y "$1")" -gt 1600000000 ] && echo "$1 changed" || echo "$1 same"; }
mkdir d; touch -d 2020-01-01 d; touch d/f; y d; touch -d 2020-01-01 d; echo hi > d/f; y d
echo x > d/g; touch -d 2020-01-01 d; cp d/f d/g; y d; cp d/f d/h; y d
