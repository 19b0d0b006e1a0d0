#### rsync --exclude: the pattern's forms (a name, 'dir/', '/anchored', 'a/b', '**', '***')
mkdir -p src/sub/deep src/logs src/a/b; echo a > src/a.log; echo b > src/b.txt; echo c > src/sub/c.log; echo d > src/sub/deep/d.txt; echo e > src/logs/e; echo f > src/a/b/f; echo g > src/sub/logs
rsync -av --exclude='*.log' src/ d0/ | head -n -3; echo ${PIPESTATUS[0]}; rsync -av --exclude=logs/ src/ d1/ | head -n -3; rsync -av --exclude=/logs src/ d2/ | head -n -3
rsync -av --exclude=sub/deep src/ d3/ | head -n -3; rsync -av --exclude='**/deep' --exclude='a/*' src/ d4/ | head -n -3
rsync -av --include='*/' --include='*.txt' --exclude='*' src/ d5/ | head -n -3; rsync -av --include='sub/***' --exclude='*' src/ d6/ | head -n -3
rsync -av --exclude='*.log' src d7/ | head -n -3; rsync -av --exclude=/src/sub src d8 | head -n -3; rsync -av --exclude=src src d9/ | head -n -3; ls -d d*
#### rsync --exclude-from, --include-from, '+ ' prefixes, '!' clears, missing rule files
mkdir -p src/sub; echo a > src/a.log; echo b > src/b.txt; echo c > src/sub/c.log; echo t > 'src/[x]'
printf '# comment\n; c2\n\n*.log\n+ sub\n' > ex.txt; rsync -av --exclude-from=ex.txt src/ d1/ | head -n -3; rsync -av --include-from=ex.txt --exclude='*' src/ d2/ | head -n -3
rsync -av --exclude='+ *.log' --exclude='*' src/ d3/ | head -n -3; rsync -r --exclude='*.log' --exclude='!' --exclude='[x]' src/ d4; find d4 | sort
rsync -r --exclude='\[x]' src/ d5; find d5 | sort; echo '*.txt' | rsync -r --exclude-from=- src/ d6; find d6 | sort
rsync -av --exclude-from=nosuch src/ e; echo $?; rsync -av --include-from=nosuch src/ e; echo $?; rsync -a --filter='merge nofile' src/ e; echo $?; ls
#### rsync --filter rules: short and long names, modifiers, and the ones rsync refuses
mkdir -p src/sub; echo b > src/b.txt; echo a > src/a.log; echo c > src/sub/c.log
for f in '- *.log' 'exclude,s *.log' '-! *.log' '-_*.log' 'hide *.log' 'P *.log' '-x *.log' '- /sub' '+ sub/' '!' 'clear'; do echo "== $f"; rsync -r --filter="$f" src/ d/; echo $?; find d | sort; rm -rf d; done
for f in '-' '- ' '+foo' 'excl x' 'x foo' '! x'; do echo "== $f"; rsync -r --filter="$f" src/ d/; echo $?; done; ls
printf -- '- *.log\n# c\n+ sub/\n- *\n' > rules; rsync -r --filter='. rules' src/ m1; find m1 | sort; printf '*.log\n' > r2; rsync -r --filter='.- r2' src/ m2; find m2 | sort
#### rsync -F: per-directory .rsync-filter files
mkdir -p src/sub/deep; echo b > src/b.txt; echo a > src/a.log; echo c > src/sub/c.log; echo d > src/sub/deep/d.txt; echo x > src/sub/x.tmp; echo y > src/y.tmp
printf -- '- *.log\n' > src/.rsync-filter; printf -- '- *.tmp\n- /deep\n' > src/sub/.rsync-filter
rsync -rv -F src/ f1 | head -n -3; rsync -rv -FF src/ f2 | head -n -3; rsync -rv --filter='dir-merge,n- .rsync-filter' src/ f4 | head -n -3
printf -- '+ *.log\n' > src/sub/.rsync-filter; rsync -rv -F src/ f6 | head -n -3
#### rsync --delete spares excluded files; --delete-excluded does not; protected files keep their directories
mkdir -p src/sub/deep; echo a > src/a.log; echo b > src/b.txt; echo c > src/sub/c.log; echo d > src/sub/deep/d.txt
rsync -a src/ d; echo x > d/x.log; echo y > d/y.txt; mkdir -p d/old/in d/old2/a/b; echo z > d/old/in/z.log; echo w > d/old/w.txt; echo z > d/old2/a/b/z.log; echo w > d/old2/a/w.txt; echo q > d/old2/q
rsync -rv --delete --exclude='*.log' src/ d | head -n -3; find d | sort; rsync -r --delete --exclude='*.log' src/ d; echo $?
rsync -rv --delete-excluded --exclude='*.log' src/ d | head -n -3; find d | sort
#### rsync -n --delete lists what it would delete; P and R rules; --delete without -r
mkdir -p src/sub; echo a > src/a; echo b > src/sub/b; rsync -a src/ d; echo z > d/z; echo k > d/k.log; mkdir d/gone; echo 1 > d/gone/1; rm src/a
rsync -rvn --delete src/ d | head -n -3; rsync -rvn --delete src/ d | tail -n 1 | grep -o 'DRY RUN'; find d | sort
rsync -rv --delete --filter='P *.log' src/ d | head -n -3; find d | sort; rsync -rv --delete --delete-excluded --filter='R *.log' --exclude='*.log' src/ d | head -n -3; ls d
rsync --delete src/ e; echo $?; rsync -n --delete src/ e; echo $?; ls
#### rsync options checked as rsync checks them: sizes, numbers, refused options
mkdir s; echo b > s/b; head -c 3000 /dev/zero > s/big
rsync -rv --max-size=1k s/ d1 | head -n -3; rsync -rv --min-size=1.5K s/ d2 | head -n -3; rsync -r --max-size=1kb --min-size=-1 s/ d3; echo $?
rsync -r --max-size=xx s/ d4; echo $?; rsync -r --modify-window=x s/ d4; echo $?; rsync -r --timeout=x s/ d4; echo $?; rsync -r --bwlimit=x s/ d4; echo $?
rsync -r --block-size=x s/ d4; echo $?; rsync -r --compress-level=x s/ d4; echo $?; ls
#### rsync --size-only, -I, -u and the quick check
mkdir s; echo bb > s/b; touch -d '2020-01-02 03:04:05' s/b; rsync -a s/ d; echo cc > d/b; touch -d '2020-01-02 03:04:05' d/b
rsync -rv s/ d | head -n -3; cat d/b; rsync -rv --size-only s/ d | head -n -3; cat d/b; rsync -rvI s/ d | head -n -3; cat d/b
echo dd > d/b; rsync -rvu s/ d | head -n -3; cat d/b; rsync -av --modify-window=5 s/ d | head -n -3; cat d/b
