#### ping: no destination, unknown name, bad count
ping; echo $?; ping -c 1 nowhere.invalid; echo $?; ping -c x nowhere.invalid; echo $?; ping -c 0 localhost; echo $?
#### ip: unknown object, option, command, device
ip foo; echo $?; ip -x a; echo $?; ip a foo; echo $?; ip r foo; echo $?; ip a s eth9; echo $?; ip link show dev nope; echo $?
#### ip: no object prints its usage
ip; echo $?
#### host, dig: NXDOMAIN, usage, bad option
host nowhere.invalid; echo $?; dig +short nowhere.invalid; echo $?; host; echo $?; dig +bogus x; echo $?; host -x y; echo $?
#### getent hosts: an unknown name
getent hosts nowhere.invalid; echo $?
#### nc: usage, missing port, bad port, unknown host
nc; echo $?; nc localhost; echo $?; nc -z localhost x; echo $?; nc -z nowhere.invalid 80; echo $?; nc -Q; echo $?
