#### bash -c execs a lone command: no second bash
bash -c 'ps -o comm= -p $$'; bash -c 'test $$ = $(ps -o pid= -p $$ | tr -d " ") && echo same'
#### the last command of bash -c is exec'd: $$ is then the program
bash -c 'true; ps -o comm= -p $$'; bash -c 'true
# a comment after it
ps -o comm= -p $$
'
#### not the last one: the -c shell stays
bash -c 'ps -o comm= -p $$; true'
#### an EXIT trap keeps the shell
bash -c 'trap "echo bye" EXIT; ps -o comm= -p $$'
#### a pipeline is not exec'd
bash -c 'ps -o comm= -p $$ | cat'
#### in the background: not exec'd at the end of a list
bash -c 'ps -o comm= -p $$ & wait'
#### a pipeline's stages are all running: ps sees the grep after it
ps -o comm= | grep -x -e grep -e ps
