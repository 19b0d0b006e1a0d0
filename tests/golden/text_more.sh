#### tac: records, -b, -s, -r and a missing file
printf 'a\nb\nc' | tac; printf 'a\nb\nc\n' | tac -b; printf '1,2,3,' | tac -s,; echo
printf 'a1b22c333d' | tac -r -s '[0-9][0-9]*'; echo; printf 'xaxbx' | tac -b -s x; echo
tac nothere; echo "st=$?"; printf 'ab' | tac -r -s '\('; echo "st=$?"
#### fold: widths, -s, -b and bad widths
printf 'hello world this is a long line\tx\n\tab\bcd\re\n' > f
fold -w 10 f; fold -5 f; fold -s -w 7 f; fold -b -w 4 f
fold -w 0 f; echo "st=$?"; fold -w x f; echo "st=$?"; fold -w 5 nothere; echo "st=$?"
#### expand and unexpand with tab lists
printf 'a\tb\tc\n\tx  y\t\n' > f; expand f; expand -t 4 f; expand -3 f; expand -t 2,5,9 f; expand -i f
expand -t '4 /6' f; expand -t 2,+3 f; expand -t 0 f; echo "st=$?"; expand -t 3,2 f; expand -t a f; echo "st=$?"
printf '        a       b  c         d\n   x\t y  \n  \t\t a \t b\n' > g
unexpand g | od -c; unexpand -a g | od -c; unexpand -t 4 g | od -c; unexpand --first-only -t 4 g | od -c; unexpand -3 g | od -c
#### tsort: order, loops, odd input
printf 'a b\nb c\nc d\nx y\n' | tsort; printf '1 2 2 3 3 1 3 4 4 5 5 3 x x\n' | tsort; echo "st=$?"
printf 'a' | tsort; echo "st=$?"; tsort nothere; tsort a b; echo "st=$?"
#### join: pairs, unpaired, formats, separators
printf '1 a\n2 b\n3 c\n5 e\n' > f1; printf '1 x\n3 y\n3 z\n4 w\n' > f2
join f1 f2; join -a1 f1 f2; join -a2 -a1 f1 f2; join -v1 f1 f2; join -v2 f1 f2
join -o 1.2,2.2,0 f1 f2; join -e NA -a1 -o 0,2.2 f1 f2; join -o auto -e - -a1 -a2 f1 f2
printf 'a,1,,x\nb,2,3\n' > c1; printf 'a,p\nb,q,r\n' > c2; join -t, c1 c2; join -t, -e E c1 c2
printf 'ID N\n1 a\n' > h1; printf 'ID M\n1 b\n' > h2; join --header h1 h2
printf 'x 1\ny 2\n' > k1; printf '1 p\n2 q\n' > k2; join -1 2 -2 1 k1 k2
#### join: unsorted input and usage errors
printf 'b 1\na 2\nc 3\n' > u1; printf 'a x\nb y\nc z\n' > u2
join u1 u2; echo "st=$?"; join --check-order u1 u2; echo "st=$?"; join --nocheck-order u1 u2; echo "st=$?"
join u1; echo "st=$?"; join u1 u2 u3; join -1 0 u1 u2; join -a 3 u1 u2; join -t ab u1 u2; join -o 3.1 u1 u2
join nothere u1; echo "st=$?"; join -e a -e b u1 u2; join -t, -t: u1 u2
#### split: lines, bytes, chunks, suffixes
seq 10 > f; split -l 3 f p_; head p_*; split -b 5 -d --additional-suffix=.txt f q; ls q*
split -n 3 f n; head n*; split -n l/3 f m; head m*; split -n r/3 f r; head r*; split -n 2/3 f
split --verbose -C 6 f c; seq 30 | split -a1 -l1; echo "st=$?"; ls x* | tail -2
seq 700 | split -l1 - w; ls w* | sed -n '649,652p'
#### split: errors
split -l 0 f; split -b x f; split -n 0 f; split nothere; echo "st=$?"; split -l1 -b1 f; echo "st=$?"
#### factor and shuf
factor 12 1 0 18446744073709551617 ' 7' +8 123456789012345678901234567890; echo "st=$?"
factor x; echo "st=$?"; echo '4 5' | factor; factor -- -3; echo "st=$?"
seq 5 | shuf | sort; shuf -e a b c | sort; shuf -i 1-5 | sort -n; shuf -n 2 -i 1-10 | wc -l
shuf -r -n 3 -e a; shuf -i 1-3 -o out; sort out; rm out
shuf -i 5-3; shuf -i x; shuf -n x; shuf -e -i 1-2; shuf nothere; shuf a b; echo "st=$?"
#### numfmt: to and from scales, rounding, padding
numfmt --to=si 1000 999 1001 1499 1500 9999 10000 99999 999999 1000000 123456789
numfmt --to=iec 1024 1023 1536 2047 10240 1048576 5; numfmt --to=iec-i 2048 3000000
numfmt --from=si 1K 1.5M; numfmt --from=iec 1K 1.5M; numfmt --from=auto 1K 1Ki 2Mi; numfmt --from=iec-i 1.5Ki
numfmt --to=si --round=down 1999 1501; numfmt --to=si 0.5 1.001 1.5; numfmt 1.50 0010 2.0
numfmt --suffix=B --to=si 2000; numfmt --padding=8 42; numfmt --padding=-8 42; numfmt --format=%08.2f 3.14159
numfmt --format=x%.3fy 5; numfmt --to=si --format=%.3f 12345; numfmt --from-unit=512 2; numfmt --to-unit=1024 --to=si 4096000
numfmt --to=iec -- -1536 -1025
#### numfmt: fields, headers and invalid input
printf 'h 1 2\na 12345 67890\n  12345\n' > t
numfmt --field=2 --to=si < t; echo "st=$?"; numfmt --header --field=2-3 --to=si < t; echo "st=$?"
printf 'a:1500:2000\n' | numfmt -d: --field=2,3 --to=si
numfmt 1K; echo "st=$?"; numfmt --from=si 1Kx; numfmt --from=si 2k; numfmt --from=iec-i 1K; numfmt x; echo "st=$?"
numfmt --invalid=warn 1 x 3; echo "st=$?"; numfmt --invalid=ignore 1 x 3; numfmt --invalid=fail 1 x 3; echo "st=$?"
numfmt --to=xx 5; echo "st=$?"; numfmt --round=x 5; numfmt --format=%d 5; numfmt --padding=0 5; numfmt --field=x 5
#### csplit: patterns, repeats and byte counts
seq 20 > f; csplit f 5 /1[25]/ '{*}'; head xx*; rm xx*
csplit -f pre -n 3 -s f 10; ls pre*; csplit f '/5/+2' '/1[0-9]/-1' '{2}'; echo "st=$?"; rm xx*
csplit -z f 1 2; rm xx*; csplit -b '%03d.txt' f 10; ls xx*; rm xx*
seq 20 | csplit - 6 '{2}'; rm xx*; seq 20 | csplit - 20; rm xx*; seq 20 | csplit - 5 5; ls xx*; rm xx*
#### csplit: errors remove the files unless -k
seq 20 > f; csplit f /7/ %1[0]% '{1}'; echo "st=$?"; ls; csplit f /99/; echo "st=$?"; ls
csplit -k f 5 /99/; echo "st=$?"; ls; rm -f xx*; csplit f 25; echo "st=$?"; seq 20 | csplit - 21; echo "st=$?"
seq 20 | csplit - 5 '{*}'; echo "st=$?"; ls; csplit f 5 3; echo "st=$?"; csplit f; csplit; csplit nothere 3
csplit f x; csplit f 0; csplit f /x; csplit f '{x}'; csplit f 3 '{x}'; csplit f 3 '{2'; csplit f '/3/x'; csplit f '/[/'
seq 20 | csplit - /1/-1 '{*}'; echo "st=$?"; ls
#### fmt: filling paragraphs with GNU's line breaking
printf 'The quick brown fox jumps over the lazy dog.  It was a sunny day (mostly)\nand everyone, it seems, was happy! Short line.\n\n  Indented paragraph here with\n  several words that go on and on and on until the line is long enough to wrap around twice or more.\n\tTabbed line one\n\ttabbed line two\n' > p
fmt p; fmt -w 30 p; fmt -u -w 40 p; fmt -s -w 20 p; fmt -c -w 35 p; fmt -t -w 35 p; fmt -g 40 p; fmt -50 p
printf '# one two three four five\n# six seven\nplain line\n#  eight nine ten eleven\n' | fmt -p '#' -w 15
for i in $(seq 300); do printf 'w%d. x, (y) ' $i; done > big; fmt big | md5sum; fmt -w 50 big | tail -3
fmt -w 0 p | head -3; fmt -w 3000 p; fmt -w x p; fmt -g 80 p; fmt nothere; echo "st=$?"; echo a b | fmt -u -5 -9
#### shuf: --random-source gives GNU's own order
seq 1000 > src; seq 10 | shuf --random-source=src; shuf -i 1-100 -n 5 --random-source=src
shuf -e a b c d e --random-source=src; shuf -r -n 5 -i 1-1000 --random-source=src; seq 300 | shuf --random-source=src | md5sum
seq 10 | shuf -n 3 --random-source=src; seq 100 | shuf -n 7 --random-source=src; seq 5 | shuf -n 5 --random-source=src
printf ab > tiny; seq 300 | shuf --random-source=tiny; echo "st=$?"
#### pr: pages, headers, columns and merging
seq 3 > f; touch -d '2024-01-02 03:04' f; pr f; pr -h 'a title here' f | sed -n 3p; pr -w 40 f | sed -n 3p; pr -l 12 f
seq 10 | pr -t -3; seq 10 | pr -t -2 -a; pr -t -m f f; seq 3 | pr -t -n; seq 3 | pr -t -d; seq 3 | pr -l 5
seq 100 | pr -t -4 -l 20; seq 40 > g; touch -d '2024-01-02 03:04' g; pr -3 -l 15 g
printf 'a\tb\tc\nlonger line that is quite long indeed really long\nx\n' > t; pr -t -2 t; pr -t -3 -s t; pr -t -2 -s'|' t
pr -t -m t t t; pr -t -m f t; pr -t -n t; pr -t -n: t; : > e; pr e | wc -c
pr nothere; echo "st=$?"; pr -l x f; pr -w 0 f; pr -t -w 20 -2 t; seq 12 | pr -t -d -l 6
#### ptx: the GNU permuted index and its options
printf 'The quick brown fox\njumps over the lazy dog.\n' > pt; printf 'the\nover\n' > ign; printf 'fox\ndog\n' > only
ptx pt; ptx -w 40 pt; ptx -A pt; ptx -G pt; ptx -G -w 40 pt; ptx -O pt; ptx -T pt; ptx -f pt; ptx -R -A pt
ptx -i ign pt; ptx -o only pt; ptx -W '[a-z]+' pt; ptx -S '\.' pt; printf 'r1 hello world\nr2 big fox\n' | ptx -r
ptx -g 1 pt; ptx -F '>>' -w 30 pt; echo 'a b' | ptx -A; ptx -b ign pt | head -3
printf 'Sentence one.  Sentence two? And (three) here!\nMore "quoted" words, and more.\n' | ptx -w 60
#### ptx: errors
printf 'The quick brown fox\n' > pt; printf 'a\n\nb\n' > e
ptx -G e; echo "st=$?"; ptx -g 0 pt; ptx -w x pt; ptx nothere; echo "st=$?"; ptx --format=x pt
ptx -W '\(' pt; echo "st=$?"; ptx -G pt out extra; echo "st=$?"; ls
#### split: --filter, -t separators, chunks of a pipe
seq 5 | split -l 2 --filter='wc -c; echo "F=$FILE"'; ls; printf 'a;b;c;d;e' | split -t ';' -l 2 && head x*; rm -f x*
split -t ab /dev/null; seq 3 | split --filter='exit 3' -l 1; echo "st=$?"; seq 10 | split -n l/3; echo "st=$?"
seq 10 > f; split -n l/3 -t 5 f; head x*; rm x*; split -n 2 < f; ls; unexpand --o f; unexpand -3 -a f
#### csplit --suppress-matched
seq 10 | csplit --suppress-matched - /5/; head xx*; rm xx*; seq 10 | csplit --suppress-matched - 3 '{1}'; head xx*; rm xx*
seq 10 | csplit --suppress-matched - '/5/+1'; rm -f xx*; seq 10 | csplit --suppress-matched - '%3%' /6/; head xx*; rm -f xx*
seq 10 | csplit --suppress-matched - /[37]/ '{*}'; head xx*
#### pr: numbered columns, merged numbering, trailing blanks
printf 'a\tb\tc\nlonger line that is quite long indeed really long\nx\n' > f; seq 5 > g; printf 'a  b   \n  c\n' > s
pr -t -n:3 -2 f; pr -t -n -2 f; pr -t -n -3 f g; pr -t -2 s | cat -A; pr -t -n -m f g; pr -t s | cat -A; pr -t -n:2 -m g f s
#### numfmt: formats, padding inside the format, huge values
numfmt --to=si 1100 1200 1300 2300 4100 9100 12300 1100000 3300000000; numfmt --to=iec 1126 4300
numfmt --to=si 1.1 --format=%.2f; numfmt --from=si 1.1K 2.3M 0.7K; numfmt --to=si --format=%08f 1500
numfmt --to=si --padding=-7 --suffix=B 1500; numfmt --format='%010.2f' 3.5; numfmt --to=si --format='<%-8.1f>' 2500
numfmt 1234567890123456789; numfmt --format=%.3f 123456789012345678; numfmt --debug 5; numfmt --grouping --to=si 5
numfmt --to=si 999999999999999999999999999; numfmt --to=si 9999999999999999999999999999; numfmt 99999999999999999999
numfmt --from=si 1Y; numfmt --from=iec --to=si 1Y; numfmt --to=si 999499999999999999999999999; echo "st=$?"
