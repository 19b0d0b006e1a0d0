#### chmod octal and symbolic
touch f; chmod 600 f; ls -l f | cut -c1-10; chmod u+x,g+r f; ls -l f | cut -c1-10; chmod a=r f; ls -l f | cut -c1-10
chmod go-r,u+w f; ls -l f | cut -c1-10; chmod +x f; ls -l f | cut -c1-10; chmod o=u f; ls -l f | cut -c1-10
#### chmod special bits
touch f; chmod 4755 f; ls -l f | cut -c1-10; chmod u-x f; ls -l f | cut -c1-10; chmod g+s,o+t f; ls -l f | cut -c1-10; chmod 0644 f; stat -c %a f
mkdir d; chmod 2755 d; stat -c %a d; chmod 755 d; stat -c %a d; chmod 00755 d; stat -c %a d
#### chmod -v and -c
touch f; chmod -v 644 f; chmod -v 600 f; chmod -c 600 f; chmod -c 640 f; chmod -v u+s f
#### chmod -R
mkdir -p d/e; touch d/f d/e/g; chmod -R go-rwx d; ls -lR d | cut -c1-10 | sort | uniq -c
#### chmod -R -v
mkdir -p d/e; touch d/f; chmod -Rv 700 d | sort
#### chmod errors
chmod 644 nothere; echo "status=$?"; chmod; echo "status=$?"; chmod 644; echo "status=$?"; touch f; chmod 999 f; echo "status=$?"; chmod u+q f; echo "status=$?"
#### chmod not owner
chmod 777 /etc/passwd; echo "status=$?"; chmod -v 777 /etc/passwd; echo "status=$?"; chmod -f 777 /etc/passwd; echo "status=$?"
#### chmod -R on unreadable
mkdir -p d/sub; touch d/sub/f; chmod 000 d/sub; chmod -R u+w d; echo "status=$?"; chmod 755 d/sub; ls -l d/sub | cut -c1-10
#### chmod umask interplay
touch f; chmod 000 f; chmod +w f; stat -c %A f; chmod =r f; stat -c %A f; chmod a-r,+X f; stat -c %A f
mkdir d; chmod 600 d; chmod +X d; stat -c %A d
#### chmod --reference
touch a b; chmod 751 a; chmod --reference=a b; stat -c %a b; chmod --reference=nope b; echo "status=$?"
#### chmod symlink
touch f; ln -s f l; chmod 600 l; stat -c %a f; ln -s nothere dang; chmod 600 dang; echo "status=$?"
#### chmod -- and mode like option
touch f; chmod -w f; stat -c %A f; chmod -r f; stat -c %A f; chmod -- 644 f; stat -c %A f
#### chmod minus x then exec
printf '#!/bin/sh\necho ran\n' > s.sh; ./s.sh; echo "status=$?"; chmod +x s.sh; ./s.sh; echo "status=$?"
#### chown as learner
touch f; chown root f; echo "status=$?"; chown learner f; echo "status=$?"; chown nosuchuser f; echo "status=$?"
chown :nosuchgroup f; echo "status=$?"; chown root:root /etc/passwd; echo "status=$?"; chown -v learner f
#### chown missing operand and file
chown; echo "status=$?"; chown learner; echo "status=$?"; chown learner nothere; echo "status=$?"
#### chgrp as learner
touch f; chgrp root f; echo "status=$?"; chgrp learner f; echo "status=$?"; chgrp nosuchgroup f; echo "status=$?"; chgrp; echo "status=$?"
chgrp -v learner f; chgrp -c learner f; stat -c '%U %G' f
#### chown -R and -c as learner
mkdir -p d/e; touch d/f; chown -R learner:learner d; echo "status=$?"; chown -Rc learner d; echo "status=$?"
#### chown syntax variants
touch f; chown learner: f; echo "status=$?"; chown .learner f; echo "status=$?"; chown learner.learner f; echo "status=$?"; chown : f; echo "status=$?"; chown '' f; echo "status=$?"
#### chown --reference
touch a b; chown --reference=a b; echo "status=$?"; chown --reference=/etc/shadow b; echo "status=$?"
#### stat owners of system files
stat -c '%U:%G %a %F' /etc /etc/passwd /etc/shadow /root /tmp /home/learner /usr/bin
