#### curl: an unresolved host, with and without the meter
curl http://nowhere.invalid/; echo $?; curl -s http://nowhere.invalid/; echo $?; curl -sS http://nowhere.invalid/x; echo $?
#### curl: no URL, unknown options, a missing parameter
curl; echo $?; curl -s; echo $?; curl --bogus http://x/; echo $?; curl -o; echo $?; curl -X; echo $?
#### curl: bad URL, unknown protocol
curl http://; echo $?; curl -s foo://bar; echo $?; curl foo://bar/x; echo $?
#### curl -w on a failure prints 000
curl -s -w '%{http_code}\n' http://nowhere.invalid/; echo $?; curl -s -o /dev/null -w 'code=%{http_code} size=%{size_download}\n' http://nowhere.invalid/; echo $?
#### wget: unresolved host, quiet and terse, no URL, bad option
wget -q http://nowhere.invalid/; echo $?; wget -nv http://nowhere.invalid/; echo $?; wget; echo $?; wget --bogus; echo $?
