#### printf with no format prints bash's usage line without the shell's prefix
printf; echo "status=$?"
#### printf -v NAME with no format
printf -v x; echo "status=$?"
#### printf with an invalid option: the message has the prefix, the usage line does not
printf -z x; echo "status=$?"
printf -v; echo "status=$?"
#### exec with an invalid option is bash's invalid option, not a command
exec -z; echo "status=$?"
exec -a; echo "status=$?"
exec --; echo "status=$?"
#### eval, source and . take no options
eval -Z; echo "status=$?"
source -Z; echo "status=$?"
. --bogus; echo "status=$?"
source --; echo "status=$?"
#### trap, wait and jobs reject unknown options with their usage lines
trap -Z; echo "status=$?"
wait -Z 1; echo "status=$?"
wait -p; echo "status=$?"
jobs -Z; echo "status=$?"
jobs x; echo "status=$?"
jobs; echo "status=$?"
#### return checks its argument first, even outside a function
return -Z; echo "status=$?"
(f() { return -Z 2>/dev/null; }; f; echo "status=$?")
#### exit reports a non-number before too many arguments
(exit -Z x); echo "status=$?"
(exit 1 2); echo "status=$?"
