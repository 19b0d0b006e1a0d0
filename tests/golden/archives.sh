#### tar: common mistakes (no mode, missing archive, missing member, not an archive)
tar; echo $?; tar xf nosuch.tar; echo $?; tar cf x.tar nosuch; echo $?; ls
echo hello > notar; tar tf notar; echo $?; tar xf notar; echo $?; tar tzf notar; echo $?
#### gzip: common mistakes
echo data > x; gzip nosuch; echo $?; gunzip x; echo $?; gzip -d x; echo $?; cp x y.gz; gzip -d y.gz; echo $?; ls
#### bzip2 -d and xz -d of garbage
echo garbage > g.bz2; bzip2 -d g.bz2; echo $?; echo garbage > g.xz; xz -d g.xz; echo $?; ls
#### round trips through tar czf / cjf / cJf
mkdir d; echo one > d/a; tar czf a.tgz d && tar tzf a.tgz; tar cjf a.tbz d; tar tjf a.tbz; tar cJf a.txz d; tar tJf a.txz
rm -r d; tar xzf a.tgz; cat d/a; rm -r d; tar xf a.txz; cat d/a; tar tf a.tbz; rm a.t*
#### tar tvf listing
mkdir d; echo one > d/a; ln -s a d/l; touch -h -d '2024-03-05 10:20:30' d/a d/l d
tar cf t.tar --no-recursion d d/a d/l; tar tvf t.tar; tar tf t.tar d/a; tar tf t.tar nope; echo $?; rm t.tar
#### gzip -l after gzip -n, zcat, gzip -t
printf 'hello world\nhello again\n' > f; gzip -n f; gzip -l f.gz; zcat f.gz; gunzip -c f.gz | wc -c; gzip -t f.gz; echo $?
zcat nosuch.gz; echo $?; gzip -n f.gz; echo $?; gunzip f.gz; cat f
#### zgrep, zegrep, zfgrep, bzgrep, xzgrep: grep's options, names with several files
printf 'apple\nbanana\ncherry\n' > f; printf 'grape\napple pie\n' > g; gzip -k f g; bzip2 -k f; xz -k g
zgrep apple f.gz; echo $?; zgrep apple f.gz g.gz; zgrep -l apple f.gz g.gz; zgrep -c an f.gz; zgrep -n -i APPLE g.gz; zgrep zzz f.gz; echo $?
zgrep apple nosuch.gz; echo $?; zgrep; echo $?; zgrep -h apple f.gz g.gz; zgrep -v apple f.gz; zgrep apple f; zgrep -e apple -e grape g.gz
zegrep 'app|gra' g.gz; zfgrep 'a.p' f.gz; echo $?; bzgrep cherry f.bz2; xzgrep pie g.xz; zgrep -H apple f.gz; zgrep -r x .; echo $?
bzgrep apple nosuch.bz2; echo $?; xzgrep apple nosuch.xz; echo $?; bzgrep -l apple f.bz2 f; echo $?; xzgrep; echo $?; bzgrep; echo $?
echo garbage > bad.gz; zgrep gar bad.gz; echo $?; zgrep -A; echo $?; zgrep x nosuch; echo $?; rm *.gz *.bz2 *.xz
#### zless, zmore, xzless, xzmore, bzless, bzmore without a terminal
printf 'apple\nbanana\ncherry\n' > f; printf 'grape\napple pie\n' > g; gzip -k f g; bzip2 -k f; xz -k g
zless f.gz; zmore f.gz; echo $?; zless f.gz g.gz; zless nosuch f.gz; zmore f.gz nosuch; zmore -x; echo $?
xzless nosuch; xzless g.xz f; xzmore g.xz; bzless f.bz2; bzmore nosuch; xzmore nosuch g; echo $?; rm *.gz *.bz2 *.xz
#### zcmp, zdiff, bzcmp, bzdiff, xzcmp, xzdiff
printf 'apple\nbanana\ncherry\n' > f; printf 'grape\napple pie\n' > g; gzip -k f g; bzip2 -k f; xz -k g
zcmp f.gz f; echo $?; zcmp f.gz g.gz; echo $?; zdiff f.gz g.gz; echo $?; zdiff f.gz f; echo $?; bzdiff f.bz2 f; xzdiff g.xz g; echo $?
zcmp; echo $?; zdiff; echo $?; zcmp f.gz; echo $?; zdiff g.gz; echo $?; zdiff nosuch.gz f; echo $?; zcmp f.gz nosuch; echo $?
zcmp -s f.gz g.gz; echo $?; xzcmp; echo $?; xzcmp a; echo $?; bzcmp; echo $?; bzdiff a; echo $?; zdiff a b c; echo $?; zdiff f g.gz; echo $?
rm *.gz *.bz2 *.xz
#### tar -r and -u on plain archives; compressed ones refused
mkdir d; echo a > d/a; touch -d '2020-01-01' d/a; tar cf t.tar d; echo b > d/b; tar rvf t.tar d/b; echo $?; tar tf t.tar
tar uvf t.tar d; echo $?; touch -d '2021-01-01' d/a; tar uvf t.tar d; tar tf t.tar; tar xOf t.tar d/a
tar czf z.tgz d; tar rzf z.tgz d; echo $?; tar uf z.tgz d; echo $?; tar rf new.tar d/a; echo $?; tar tf new.tar
tar rf t.tar nosuch; echo $?; echo x | tar rf - d/a > /dev/null; echo $?; rm *.tar *.tgz
#### xz -l: one file, totals, not an .xz file, stdin
printf 'apple\nbanana\ncherry\n' > f; xz -k f; echo zz > h; xz -k h; xz -l f.xz; echo $?; xz -l f.xz h.xz; xz -l f; echo $?
xz -l nosuch; echo $?; xz -l; echo $?; unxz -l h.xz; rm *.xz
