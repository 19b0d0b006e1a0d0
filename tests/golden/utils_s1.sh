#### lscpu: counts, columns and usage errors
lscpu | grep -c '^CPU(s):'; lscpu | grep -c '^Model name:'; lscpu -J | head -2; lscpu -e=CPU | head -1
lscpu x; echo $?; lscpu -e -p; echo $?; lscpu -e=FOO; echo $?; lscpu -z; echo $?; lscpu --version
#### lsblk: usage errors and versions
lsblk /dev/nosuch; echo $?; lsblk -o FOO; echo $?; lsblk --nosuch; echo $?; lsblk --version
#### findmnt: lookups and status
findmnt -n -o TARGET /; echo $?; findmnt /nosuch; echo $?; findmnt -n -o FSTYPE /proc; findmnt -n -t proc -o TARGET
findmnt -o FOO; echo $?; findmnt -z; echo $?; findmnt --version
#### logger: -s copies to stderr, bad priorities, files
logger -p foo.bar x; echo $?; logger -p local0.bar x; echo $?; logger -f /nosuch; echo $?; logger -z; echo $?
logger --version
#### wall and last: usage errors
wall -t x hi; echo $?; wall -g nosuch hi; echo $?; wall -z; echo $?; wall --version
last -z; echo $?; last -n x; echo $?; last -n; echo $?; last -f /nosuch; echo $?; last --version
#### lslogins: unknown users and usage
lslogins nosuch; echo $?; lslogins --nosuch; echo $?; lslogins --version
