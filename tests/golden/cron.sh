#### crontab -l without a crontab, then install from stdin and list
sudo apt-get install -y -qq cron >/dev/null 2>&1; crontab -r 2>/dev/null
crontab -l; echo "st=$?"
printf '0 6 * * * echo morning\n*/15 9-17 * * mon-fri date\n' | crontab -; echo "st=$?"
crontab -l; echo "st=$?"
crontab -r; echo "st=$?"; crontab -r; echo "st=$?"
#### crontab FILE and its errors
sudo apt-get install -y -qq cron >/dev/null 2>&1; crontab -r 2>/dev/null
printf '@daily echo d\nMAILTO=""\n5 4 * * sun echo "%%s"\n' > ct; crontab ct; echo "st=$?"; crontab -l
crontab nope; echo "st=$?"
crontab .; echo "st=$?"
printf '* * * * * x' > nonl; crontab nonl; echo "st=$?"
crontab -r
#### syntax errors and their line numbers
sudo apt-get install -y -qq cron >/dev/null 2>&1; crontab -r 2>/dev/null
for t in '61 * * * * x' '\n\n* 25 * * * x' '* * 0 * * x' '* * * foo * x' '* * * * 8 x' '@daily d\n@foo x' \
         '* * * * * x\n# c\n  \n BAD' '* * *' '*/0 * * * * x' '1,2,,3 * * * * x' 'A=1\n61 * * * * x'; do
  printf "$t\n" | crontab -; echo "st=$?"
done
crontab -l; echo "st=$?"
#### options: -u, -n, -i, usage errors
sudo apt-get install -y -qq cron >/dev/null 2>&1; crontab -r 2>/dev/null
crontab -u root -l; echo "st=$?"
crontab -u nosuch -l; echo "st=$?"
crontab -x; echo "st=$?"
crontab -l -r; echo "st=$?"
crontab -l extra; echo "st=$?"
crontab -i; echo "st=$?"
printf '* * * * * x\n' > f; crontab -n f; echo "st=$?"; crontab -l; echo "st=$?"
crontab f; echo n | crontab -i -r; echo "st=$?"; crontab -l
echo y | crontab -i -r; echo "st=$?"; crontab -l; echo "st=$?"
#### run-parts runs a directory's scripts by name
mkdir rp; printf '#!/bin/sh\necho one\n' > rp/a; printf '#!/bin/sh\necho two; exit 3\n' > rp/b-x
printf '#!/bin/sh\necho dot\n' > rp/c.sh; printf '#!/bin/sh\n' > rp/d; printf 'x\n' > rp/e; chmod +x rp/a rp/b-x rp/c.sh rp/d
run-parts rp; echo "st=$?"
run-parts --report rp; echo "st=$?"
run-parts --test rp; run-parts --list rp
run-parts; echo "st=$?"; run-parts --foo rp; echo "st=$?"; run-parts nope; echo "st=$?"
