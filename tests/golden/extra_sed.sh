#### sed basics 1
printf 'hello world\nfoo bar\nbaz\n' > f
sed 's/o/0/' f; sed 's/o/0/g' f; sed 's/o/0/2' f; sed -n 's/o/0/p' f; sed 's/O/_/gI' f
sed 's|/|:|g' <<< '/usr/bin'; sed 's#o#[&]#g' f; sed 's/\(hel*\)o/<\1>/' f; sed -E 's/(o+) (w|b)/\2\1/' f
sed '2d' f; sed -n '2p' f; sed -n '$p' f; sed '1!d' f; sed -n '/foo/p' f; sed '/foo/,$d' f; sed -n '1,2p' f
#### sed basics 2
printf 'hello world\nfoo bar\nbaz\n' > f
sed -e 's/a/A/' -e 's/b/B/' f; sed 's/a/A/;s/z/Z/' f; sed 2q f; sed -n '$=' f; sed = f
sed 'y/abc/xyz/' f; sed '2i\
inserted' f; sed '1a appended' f; sed '2c changed' f; sed '$a\
#### sed basics 3
printf 'hello world\nfoo bar\nbaz\n' > f
end' f; sed -n '/hello/{s/hello/bye/;p}' f; sed '2!s/o/O/g' f
seq 10 | sed -n '3,5p'; seq 10 | sed -n '0~3p'; seq 10 | sed '5q'; seq 5 | sed -n '2,+2p'; seq 5 | sed '$!N;s/\n/+/'
seq 6 | sed -n 'h;n;G;p'; seq 3 | sed -n '1!G;h;$p'; seq 5 | sed '/2/,/4/d'; seq 5 | sed '0,/1/d'
#### sed basics 4
printf 'hello world\nfoo bar\nbaz\n' > f
printf 'a\tb\001c\n' | sed -n l; echo abc | sed 's/b*/X/g'; echo abc | sed 's/x*/-/g'; echo 'a.b.c' | sed 's/\./,/2g'
echo 'one two' | sed -E 's/(\w+) (\w+)/\2 \1/'; echo hello | sed 's/\(.\)/\U\1/'; echo 'Hello World' | sed 's/.*/\L&/'
echo aaa | sed 's/a/b/3'; echo path/to/x | sed 's/\//\\/g'; printf 'x\n\ny\n' | sed '/^$/d'; echo abc | sed -n 'p;p'
#### sed basics 5
printf 'hello world\nfoo bar\nbaz\n' > f
printf 'a\nb' | sed p; printf 'a\nb' | sed '$a end'; echo abc | sed 's/b/\n/'; echo ab | sed 's/a\|b/X/g'; echo 'aXb' | sed 's/x/-/I'
seq 3 | sed -n '2{p;q}'; seq 4 | sed 'n;d'; seq 3 | sed '$d'; echo hi | sed 's/hi/a&b/'; echo 'a&b' | sed 's/&/\&\&/'
seq 12 | sed -n '/1/p'; echo "test" | sed 's/t$/T/'; echo 'tt' | sed 's/^t/T/g'; seq 3 | sed '2 s/2/two/'; seq 5 | sed '2,4!d'
#### sed basics 6
printf 'hello world\nfoo bar\nbaz\n' > f
echo x | sed 'a\'; echo "st=$?"
echo x | sed -e 'a\' -e 'foo'
seq 3 | sed -s -n '$p' - ; seq 4 | sed '1~2d'; seq 7 | sed -n '2,~3p'; seq 5 | sed -n '/2/,+1p'
#### sed script errors
for s in 's/a/b' 's/a/b/x' 'k' '/abc' 'p;}' '{p' 's/a/b/ gx' 'y/ab/c/' 'y/ab/cd' '3q;2,4q' '0p' '1,p' 's/\(a/b/' 's/a/\1/' 'b foo' 'a' '1!!p' 'p # c' '1#c' 's/a/b/gg' 's/a/b/0' 'r' ':' 'dp' '=x' 'q 5 x' 's/a/b/pp' '/x/Ip' 's/[/x/' 'p;p' '' '2,1p' '}' 's/x/y/w' ; do echo "[$s]"; printf 'abc\nxyz\n' | sed -e "$s"; echo "st=$?"; done 2>&1
#### sed files and in-place
echo abc > f; mkdir d
sed p nofile; echo "st=$?"
sed -n p nofile f; echo "st=$?"
sed -i 's/a/X/' f nofile d; echo "st=$?"; cat f
sed -i; echo "st=$?"
echo x | sed -i s/x/y/; echo "st=$?"
sed -x 2>&1 | head -3; sed -e 2>&1 | head -2
sed --help | head -2; sed --version | head -1
sed -i.bak 's/X/Y/' f; cat f f.bak
sed -n -i 'p;p' f; cat f
sed 's/b/B/w out' f; cat out
sed -e 's/a/b/' -e 'k' f; echo "st=$?"
sed p d; echo "st=$?"
sed -z 's/\n/,/g' f
#### sed permission denied
sed p /etc/shadow; echo "status=$?"
sed -n 1p /root/x; echo "status=$?"
