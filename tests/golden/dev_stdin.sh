#### /dev/stdin as a file operand of the text tools
echo hi | grep h /dev/stdin; echo $?
echo hi | grep -H h /dev/stdin
printf 'b\na\n' | sort /dev/stdin; printf '1\n2\n3\n' | head -n 2 /dev/stdin; printf '1\n2\n3\n' | tail -n 1 /dev/fd/0
echo hi | wc -l /dev/stdin; echo hi | wc -c /dev/fd/0
#### source and . read /dev/stdin
echo 'echo sourced $1' | source /dev/stdin a; echo 'x=5' | . /dev/stdin; echo "x=$x"
#### diff, cmp, comm, paste, join against /dev/stdin
printf 'a\nb\n' > f; printf 'a\nc\n' | diff f /dev/stdin; echo $?
printf 'a\nb\n' | cmp f /dev/stdin; echo $?
printf 'a\nc\n' | comm f /dev/stdin
printf '1\n2\n' | paste f /dev/stdin
printf 'a 1\nb 2\n' > j; printf 'a x\nb y\n' | join j /dev/stdin
#### sed -f, awk -f and cp from /dev/stdin
echo one > f
echo 's/one/two/' | sed -f /dev/stdin f
echo '{ print "awk:" $0 }' | awk -f /dev/stdin f
echo copied | cp /dev/stdin g; cat g
#### tee /dev/stderr and writing /dev/stdout and /dev/stderr (pipes of this shell)
{ echo t | tee /dev/stderr; } 2>&1 | cat
{ echo out > /dev/stdout; echo err > /dev/stderr; } 2>&1 | cat
echo both | tee /dev/fd/1 | cat
#### /dev/fd/N of a redirection; a closed descriptor
echo three > f; cat /dev/fd/3 3<f; grep -c three /dev/fd/4 4<f
cat /dev/fd/5; echo $?
cat /dev/stdin <&-; echo $?
echo a > /dev/fd/7; echo $?
wc -l /dev/fd/3 3<f
#### the links in /dev
readlink /dev/stdin /dev/stdout /dev/stderr /dev/fd
ls -l /dev/stdin | awk '{print $1, $2, $3, $4, $5, $9, $10, $11}'
test -L /dev/stdin && echo link
echo x | test -p /dev/stdin && echo pipe
