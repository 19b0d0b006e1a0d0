#### cat, head, tail with a directory as stdin
cat < /tmp; echo $?; head < /tmp; echo $?; tail < /tmp; echo $?; head -c1 < /tmp; echo $?; tail -c1 < /tmp; echo $?
#### cat and head go on to the next operand
echo hi > f; cat - f < /tmp; echo $?; head -n1 - f < /tmp; echo $?; tail -n1 f - < /tmp; echo $?
#### wc with a directory as stdin, named and not
wc < /tmp; echo $?; wc -l < /tmp; echo $?; wc -c < /tmp; echo $?; echo hi > f; wc - f < /tmp; echo $?
#### sort and uniq
sort < /tmp; echo $?; sort -u < /tmp; echo $?; sort -c < /tmp; echo $?; uniq < /tmp; echo $?; uniq -c < /tmp; echo $?
#### grep reports the read error and still counts
grep x < /tmp; echo $?; grep -c x < /tmp; echo $?; grep -s x < /tmp; echo $?; grep -q x < /tmp; echo $?
echo x > f; grep -c x - f < /tmp; echo $?
#### tr, nl, cut
tr a b < /tmp; echo $?; tr -d a < /tmp; echo $?; nl < /tmp; echo $?; cut -f1 < /tmp; echo $?; cut -c1 < /tmp; echo $?
#### sed: a read error is fatal
sed p < /tmp; echo $?; sed -n p < /tmp; echo $?; echo hi > f; sed p - f < /tmp; echo $?
#### awk
awk 1 < /tmp; echo $?; awk '{print}' - < /tmp; echo $?
#### od, base64, checksums
od < /tmp; echo $?; base64 < /tmp; echo $?; base64 -d < /tmp; echo $?; md5sum < /tmp; echo $?; sha256sum < /tmp; echo $?; sha1sum < /tmp; echo $?
#### tee, xargs
tee < /tmp; echo $?; tee out < /tmp; echo $?; xargs < /tmp; echo $?; xargs echo hi < /tmp; echo $?
#### less and more as filters
less < /tmp; echo $?; more < /tmp; echo $?
#### mapfile and read
mapfile a < /tmp; echo $? ${#a[@]}; read x < /tmp; echo $?
#### inside a pipeline and a command substitution
cat < /tmp | wc -c; x=$(sort < /tmp); echo $? "[$x]"
#### an fd open for writing only as stdin
cat 0>/dev/null; echo $?; head 0>/dev/null; echo $?; wc 0>/dev/null; echo $?; sort 0>/dev/null; echo $?; grep x 0>/dev/null; echo $?; tr a b 0>/dev/null; echo $?; tee 0>/dev/null; echo $?; sed p 0>/dev/null; echo $?
#### paste, pr, fmt, shuf, split, tsort
paste - < /tmp; echo $?; pr < /tmp; echo $?; fmt < /tmp; echo $?; shuf < /tmp; echo $?; split < /tmp; echo $?; ls; tsort < /tmp; echo $?
#### column, rev, tac, numfmt, join, base32, fold, expand
column < /tmp; echo $?; rev < /tmp; echo $?; tac < /tmp; echo $?; numfmt < /tmp; echo $?; join - /dev/null < /tmp; echo $?; base32 < /tmp; echo $?; fold < /tmp; echo $?; expand < /tmp; echo $?
#### dd reads standard input
dd < /tmp 2>&1 | head -3; dd 0>/dev/null 2>&1 | head -1
#### comm, ptx, unexpand, sum, cksum
comm - /dev/null < /tmp; echo $?; ptx < /tmp; echo $?; unexpand < /tmp; echo $?; sum < /tmp; echo $?; cksum < /tmp; echo $?
