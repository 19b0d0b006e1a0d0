#### whoami and id -un
whoami; id -un; id -gn; id -nu; whoami extra; echo "status=$?"
#### id for other users
id -un root; id -gn root; id nosuchuser; echo "status=$?"; id -u -g; echo "status=$?"
#### id bad option
id -q; echo "status=$?"; id -G -u; echo "status=$?"
#### groups of root and missing
groups root; groups nosuchuser; echo "status=$?"
#### uname
uname; uname -s; uname -m; uname -o; uname -s -m -o; uname -q; echo "status=$?"; uname extra; echo "status=$?"
#### hostname errors
hostname -q; echo "status=$?"
#### env and printenv
printenv HOME USER; printenv NOPE; echo "status=$?"; env | grep -c '^HOME='; FOO=bar env | grep '^FOO='
env -i FOO=1 printenv; env -u HOME printenv HOME; echo "status=$?"
#### env runs commands
env echo hi; env -i /usr/bin/printenv; echo "status=$?"; env nosuchcmd; echo "status=$?"; env -q; echo "status=$?"
#### env -- and dir
env -- echo ok; env /tmp; echo "status=$?"
#### which
which ls; which -a ls; which nosuchcmd; echo "status=$?"; which ls nosuchcmd cat; echo "status=$?"; which; echo "status=$?"
#### which with paths
which /usr/bin/ls; which ./nothere; echo "status=$?"; printf '#!/bin/sh\n' > s; chmod +x s; which ./s; PATH=$PWD which s
#### sleep errors
sleep; echo "status=$?"; sleep x; echo "status=$?"; sleep 0; echo "status=$?"; sleep 0.01 0s 0m; echo "status=$?"; sleep -1; echo "status=$?"; sleep 1q; echo "status=$?"
#### yes and head
yes | head -3; yes ab cd | head -2; yes '' | head -2 | wc -l
#### yes --help head
yes --help | head -2; yes --version | head -1
#### nproc and tty
tty; echo "status=$?"; tty -s; echo "status=$?"
#### printenv -0 and env -0
FOO=x printenv -0 FOO | tr '\0' '@'; echo
#### true false --help
true --help; echo "status=$?"; false --version; echo "status=$?"
