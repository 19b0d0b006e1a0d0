#### top -bn1 in a pipeline: status 0
top -bn1 | head -0; echo $?
#### top -bn1: the column header is line 7
top -bn1 | sed -n 7p
#### top -bn1: line 6 is blank, line 2 counts tasks
top -bn1 | sed -n 6p | wc -c; top -bn1 | sed -n 2p | grep -c '^Tasks: '
#### top -bn1: the summary's first words
top -bn1 | head -5 | cut -c1-6
#### top -w 20: only the columns that fit
top -bn1 -w 20 | sed -n 7p
#### top -bn1 -p: only the pids asked for
top -bn1 -p 1 | tail -n +8 | awk '{print $1}'
#### top: an invalid option (getopt's message, status 0)
top -x; echo "status=$?"
#### top -b -n without its value
top -b -n; echo "status=$?"
#### top: bad pid
top -p abc; echo "status=$?"
#### top: unknown user
top -u nosuchuser; echo "status=$?"
#### top: unknown sort field
top -o FOO; echo "status=$?"
#### top: bad delay and iterations
top -d abc; echo "status=$?"; top -d -1; echo "status=$?"; top -n 0; echo "status=$?"
#### top: bad width
top -w 0; echo "status=$?"; top -w 600; echo "status=$?"
#### top: a word that is no option
top foo; echo "status=$?"
#### top without a terminal
top </dev/null >/dev/null; echo "status=$?"
#### top -V and -O
top -V; top -O | head -3; top -O | wc -l
#### top -h
top -h; echo "status=$?"
#### w for a user with no session: the header only
w nosuchuser | wc -l; w -h nosuchuser | wc -l
#### w: headers of the short and no-from forms
w -s nosuchuser | sed -n 2p; w -f nosuchuser | sed -n 2p
#### w: an invalid option
w -x; echo "status=$?"
#### w --help and -V
w --help; w -V
#### watch with no command
watch; echo "status=$?"
#### watch: a bad interval
watch -n abc ls; echo "status=$?"
#### watch -q without its value, and an unknown long option
watch -q; echo "status=$?"; watch --bogus; echo "status=$?"
#### top: memory scales (-E, -e)
top -bn1 -E k | sed -n 4p | cut -c1-9; top -bn1 -E g | sed -n 5p | cut -c1-9; top -E x; echo "status=$?"; top -e e; echo "status=$?"
#### top -1: a line per cpu
top -bn1 -1 | sed -n 3p | cut -c1-8
