#### cd and pwd
cd /tmp; pwd; cd; pwd; echo $PWD
#### cd dash
cd /etc; cd /usr; cd -; echo $OLDPWD; cd -
#### cd errors
cd /nonexistent; echo "status=$?"; touch f; cd f; echo "status=$?"; cd a b; echo "status=$?"
#### cd permission denied
cd /root; echo "status=$?"
#### cd with symlinks and pwd -P
mkdir -p real/sub; ln -s real link; cd link/sub; pwd; pwd -P; cd ..; pwd; cd -P ../link; pwd
#### cd dot dot logical
mkdir -p a/b; ln -s a/b lb; cd lb; cd ..; pwd
#### cd OLDPWD unset
unset OLDPWD; cd -; echo "status=$?"
#### cd HOME unset
unset HOME; cd; echo "status=$?"
#### CDPATH
mkdir -p base/target; CDPATH=/home/learner/base; cd target; pwd
#### pwd bad option
pwd -x; echo "status=$?"
#### umask print and set
umask; umask -S; umask 077; umask; touch f; mkdir d; ls -ld f d | cut -c1-10
#### umask symbolic
umask u=rwx,g=rx,o=; umask; umask -S; umask g+w; umask
#### umask invalid
umask 999; echo "status=$?"; umask x=y; echo "status=$?"
#### pushd popd dirs
mkdir a b; pushd a > /dev/null; pushd ../b; dirs; popd; popd; popd; echo "status=$?"
#### pushd without args and errors
mkdir a; pushd; echo "status=$?"; pushd a >/dev/null; pushd; popd; dirs -v; pushd /nonexistent; echo "status=$?"
#### dirs clear
mkdir a; pushd a > /dev/null; dirs -c; dirs; popd; echo "status=$?"
#### CDPATH with empty entry and dot paths
mkdir -p base/t t2; CDPATH=:/home/learner/base; cd t2; pwd; cd ..; cd t; pwd; cd ./nothere; echo "status=$?"
