#### cp file to file and into dir
echo hi > a; cp a b; mkdir d; cp a d; cp a b d/; ls -R; cat d/a
#### cp missing source
cp nothere x; echo "status=$?"
#### cp missing operands
cp; echo "status=$?"; touch a; cp a; echo "status=$?"
#### cp omitting directory
mkdir d; cp d e; echo "status=$?"
#### cp -r
mkdir -p d/e; echo x > d/e/f; cp -r d c; ls -R c; cp -r d c; ls -R c
#### cp -r into self
mkdir d; cp -r d d/sub; echo "status=$?"
#### cp same file
echo x > a; cp a a; echo "status=$?"; cp a ./a; echo "status=$?"
#### cp -v and -n
echo 1 > a; echo 2 > b; cp -v a c; cp -n a b; echo "status=$?"; cat b; cp -vn a b; echo "status=$?"
#### cp multiple to non-dir
touch a b c; cp a b c; echo "status=$?"; cp a b nodir/; echo "status=$?"
#### cp -t and -T
mkdir d; touch a b; cp -t d a b; ls d; mkdir e; cp -T d e; echo "status=$?"; cp -rT d e; ls e
#### cp -p keeps mode and time
touch -d '2001-02-03 04:05:06' a; chmod 600 a; cp -p a b; cp a c; ls -l --time-style=long-iso b | cut -d' ' -f1,6-; ls -l c | cut -c1-10
#### cp -a
mkdir d; touch -d '2001-02-03' d/f; ln -s f d/l; cp -a d e; ls -l --time-style=long-iso e/f | cut -d' ' -f1,6-; ls -l e/l | cut -c1-10
#### cp mode without -p uses umask
touch a; chmod 777 a; cp a b; ls -l b | cut -c1-10
#### cp onto directory name
mkdir d; mkdir d/a; touch a; cp a d; echo "status=$?"
#### cp dir onto file
mkdir d; touch f; cp -r d f; echo "status=$?"
#### cp permission denied
cp /etc/shadow x; echo "status=$?"; touch a; cp a /etc/; echo "status=$?"; cp a /root/; echo "status=$?"
#### cp symlink follows
echo data > f; ln -s f l; cp l c; ls -l c | cut -c1; cp -P l p; ls -l p | cut -c1; cp -d l q; ls -l q | cut -c1
#### cp -i no tty
echo 1 > a; echo 2 > b; echo n | cp -i a b; echo "status=$?"; cat b; echo y | cp -i a b; cat b
#### cp bad option
cp --bogus; echo "status=$?"; cp -Z a b; echo "status=$?"
#### cp -r with trailing slash
mkdir -p src/x; touch src/x/f; cp -r src/ dst; ls -R dst
#### cp -u
echo old > a; touch -d 2000-01-01 a; echo new > b; cp -u a b; cat b; cp -u b a; cat a
#### cp -b backup
echo 1 > a; echo 2 > b; cp -b a b; ls; cat b~
#### mv rename and into dir
touch a; mv a b; mkdir d; mv b d; ls -R
#### mv missing
mv nothere x; echo "status=$?"; mv; echo "status=$?"; touch a; mv a; echo "status=$?"
#### mv -v -n
echo 1 > a; echo 2 > b; mv -n a b; echo "status=$?"; cat b; mv -v a c; ls
#### mv into own subdirectory
mkdir -p d/e; mv d d/e; echo "status=$?"; mv d d; echo "status=$?"
#### mv same file
touch a; mv a a; echo "status=$?"; mv a ./a; echo "status=$?"
#### mv dir onto file and file onto dir
mkdir d; touch f; mv d f; echo "status=$?"; mkdir e; mv f e; ls e; mkdir g; mkdir -p h/g; touch h/g/x; mv g h; echo "status=$?"
#### mv dir onto existing empty dir
mkdir -p a/x b; mv a b/; ls -R b; mkdir c; mkdir -p e/c; mv -T c e/c; echo "status=$?"; ls e
#### mv permission denied
mv /etc/hostname x; echo "status=$?"; touch a; mv a /etc/; echo "status=$?"
#### mv multiple to non-dir
touch a b c; mv a b c; echo "status=$?"
#### mv -t
mkdir d; touch a b; mv -t d a b; ls d; mv -t nodir a; echo "status=$?"
#### mv -b and -f
echo 1 > a; echo 2 > b; mv -b a b; ls; echo 3 > c; mv -f c b; cat b
#### mv -u
touch -d 2000-01-01 a; touch b; mv -u a b; ls
#### ln hard link counts
echo x > a; ln a b; stat -c '%h %n' a b; ln a b; echo "status=$?"
#### ln -s and -f and -v
touch a; ln -s a l; ln -s a l; echo "status=$?"; ln -sf b l; readlink l; ln -sv a m; ln -sfv a m
#### ln missing target
ln nothere x; echo "status=$?"; ln -s nothere dangling; echo "status=$?"; ls -l --time-style=long-iso dangling | cut -d' ' -f8-
#### ln into directory
mkdir d; touch a b; ln a b d; ls d; ln -s ../a d/sa; cat d/sa; echo "status=$?"
#### ln hard link to dir
mkdir d; ln d e; echo "status=$?"
#### ln missing operand
ln; echo "status=$?"
#### ln -s onto dir
mkdir d; touch a; ln -s a d; ls -l --time-style=long-iso d | cut -d' ' -f8-; ln -sn a d; echo "status=$?"
#### ln -t -T -r
mkdir -p d/e; touch a; ln -t d a; ls d; ln -sr a d/e/rel; readlink d/e/rel
#### ln permission denied
ln -s x /etc/x; echo "status=$?"; ln /etc/passwd p; echo "status=$?"
#### cp and mv numbered backups
echo 1 > a; echo 2 > b; cp -bv a b; cp -v --backup=numbered a b; cp --backup=t -v a b; mv -bv a b; ls
touch c; mv -v --backup=existing c b; ls; cp --backup=bad b c; echo "status=$?"; cp -S .bak b d; echo 9 > e; cp -S .bak b e; ls
