#### awk basics 1
printf 'alice 30 paris\nbob 25 london\ncarol 35 paris\n' > p.txt
awk '{print $1}' p.txt; awk '{print $1, $3}' p.txt; awk '$2 > 28' p.txt; awk '/paris/ {print NR": "$1}' p.txt
awk '{s += $2} END {print "total", s, s/NR}' p.txt; awk -F: '{print $1}' /etc/passwd | head -3
#### awk basics 2
printf 'alice 30 paris\nbob 25 london\ncarol 35 paris\n' > p.txt
awk 'BEGIN{FS=":"; OFS="-"} {print $1,$3}' /etc/passwd | head -2; awk -v n=2 'NR==n' p.txt
awk '{c[$3]++} END {for (k in c) print k, c[k]}' p.txt | sort; awk 'NR%2==1' p.txt; awk 'END{print NR}' p.txt
#### awk basics 3
printf 'alice 30 paris\nbob 25 london\ncarol 35 paris\n' > p.txt
awk '{printf "%-6s|%3d|%5.1f\n", $1, $2, $2/3}' p.txt; awk '{print length($1), toupper($1), substr($1,2,2), index($1,"o")}' p.txt
awk 'BEGIN { n = split("a,b,c", arr, ","); for (i=1;i<=n;i++) print i, arr[i] }'; awk '{ $2 = $2 * 2; print }' p.txt
#### awk basics 4
printf 'alice 30 paris\nbob 25 london\ncarol 35 paris\n' > p.txt
awk '{ gsub(/a/, "A"); print }' p.txt; awk '{ sub(/[0-9]+/, "<&>"); print }' p.txt; awk '$1 ~ /^b/ || $3 !~ /paris/' p.txt
awk 'BEGIN { x = 5; if (x > 3) print "big"; else print "small" }'; awk 'BEGIN { i = 0; while (i < 3) { print i; i++ } }'
#### awk basics 5
printf 'alice 30 paris\nbob 25 london\ncarol 35 paris\n' > p.txt
awk 'BEGIN { printf "%s %d %c %x %o %e %5s|%-5s|%%\n", "s", 42.9, 65, 255, 8, 1234.5, "ab", "cd" }'
awk 'BEGIN { print 1e6, 1e20, 0.1+0.2, 100000*100000, 1/3, 2^10, 7%3, -7%3, int(-3.7), "10"<"9", 10<9 }'
#### awk basics 6
printf 'alice 30 paris\nbob 25 london\ncarol 35 paris\n' > p.txt
echo "10 9" | awk '{print ($1<$2), ($1<"9")}'; echo "a b" | awk '{$3="c"; print; print NF}'; echo " a  b " | awk '{$1=$1; print "[" $0 "]"}'
awk 'BEGIN{print substr("hello",0), substr("hello",-1,3), substr("hello", 2)}'; awk 'BEGIN{print length("héllo")}'
#### awk basics 7
printf 'alice 30 paris\nbob 25 london\ncarol 35 paris\n' > p.txt
awk '{print NR, FNR, FILENAME}' p.txt p.txt | tail -2; awk 'BEGIN{ORS=";"} {print $1} END{printf "\n"}' p.txt
awk '{print $1 > "out.txt"}' p.txt; cat out.txt; awk '{print $1 >> "out.txt"}' p.txt; wc -l out.txt
#### awk basics 8
printf 'alice 30 paris\nbob 25 london\ncarol 35 paris\n' > p.txt
awk 'BEGIN{a["x"]=1; delete a["x"]; print length(a); print ("x" in a)}'; awk 'function f(a,b){return a*b} BEGIN{print f(3,4)}'
awk 'NR==1, NR==2 {print "r", $1}' p.txt; awk 'BEGIN { for (;;) { if (++i > 3) break }; print i }'; echo 'a:b:c' | awk -F: -v OFS=: '{$2="X"} 1'
#### awk basics 9
printf 'alice 30 paris\nbob 25 london\ncarol 35 paris\n' > p.txt
awk '{ print NF ? $NF : "empty" }' p.txt; echo "3 4" | awk '{ print $1 * $2, $1 $2, -$1 }'; awk 'BEGIN { x["a"]; if ("a" in x) print "yes" }'
awk 'BEGIN { print length() }' ; echo hello | awk '{ print length }'; awk 'BEGIN{ s = sprintf("%05.2f", 3.14159); print s }'; awk 'BEGIN{print -3 % 2, 2**3}'
#### awk basics 10
printf 'alice 30 paris\nbob 25 london\ncarol 35 paris\n' > p.txt
printf 'a b\n\nc\n' | awk '{print NF}'; echo 'x' | awk '{print; next; print "no"}'; awk 'BEGIN{exit 3} END{print "end"}'; echo "st=$?"
echo 'a,b;c' | awk -F'[,;]' '{print $2, $3}'; echo 'aXbXc' | awk -FX '{print $3}'; echo 'a	b c' | awk -F'\t' '{print $2}'; awk -F t '{print $1}' <<< 'atb'
#### awk basics 11
printf 'alice 30 paris\nbob 25 london\ncarol 35 paris\n' > p.txt
awk 'BEGIN{while(i<3){i++; if(i==2) continue; print i}}'; awk 'BEGIN{do {j++} while (j<5); print j}'; awk 'BEGIN{printf "%d%%\n", 50}'
awk 'BEGIN{print toupper(substr("abc", 1, 1)) substr("abc", 2)}'; awk 'BEGIN { "x" ; print match("foobar", /o+/), RSTART, RLENGTH }'
#### awk errors
awk '{print $1' ; echo "status=$?"
awk 'BEGIN{x=}'; echo "status=$?"
awk '{print}' nofile; echo "status=$?"
echo 1 | awk '{print $1/0}'; echo "status=$?"
awk -f nofile; echo "status=$?"
awk -v 2>&1 | head -2; awk --help 2>&1 | head -2; awk 2>&1 | head -1
awk 'BEGIN { if (1) print "a" else print "b" }'; echo "status=$?"
awk '{print $1}' /etc/shadow; echo "status=$?"
awk 'BEGIN { print "x" > "/root/f" }'; echo "status=$?"
awk 'BEGIN { print 1,' ; echo "status=$?"
awk -W version | head -1
