#### sqlite3: version, one-shot SQL and its errors
sudo apt-get install -y sqlite3 >/dev/null 2>&1
sqlite3 --version; sqlite3 -version; sqlite3 shop.db 'select sqlite_version()'
sqlite3 shop.db 'create table t(x);' 'insert into t values (1),(2);'; sqlite3 shop.db 'select count(*) from t'
sqlite3 shop.db 'select * from nope'; echo $?; sqlite3 shop.db 'SELEC 1'; echo $?
sqlite3 shop.db 'select 1; selec 2; select 3'; echo $?; sqlite3 shop.db 'select x from t'; echo $?
sqlite3 shop.db 'create table u(k unique); insert into u values(1); insert into u values(1)'; echo $?
sqlite3 shop.db 'select 1;' '.foo' 'select 2'; echo $?; sqlite3 shop.db .tables; rm -f shop.db
#### sqlite3: SQL from a pipe and a here-doc, errors near line N, -bail
sudo apt-get install -y sqlite3 >/dev/null 2>&1
printf 'select 1;\nSELEC * FROM t;\nselect * from x;\nselect 2;\n' | sqlite3; echo $?
printf 'select 1;\nselect\n  * from\n zz;\nselect 4;\n' | sqlite3 -bail; echo $?
sqlite3 k.db <<'EOF'
create table u(x unique);
insert into u values(1);
insert into u values(1);
select abs(-9223372036854775808);
select 'unterminated
EOF
echo $?; echo 'select 1' | sqlite3; echo '-- only a comment' | sqlite3; echo $?; rm -f k.db
#### sqlite3: output modes
sudo apt-get install -y sqlite3 >/dev/null 2>&1
cat > m.sql <<'EOF'
create table t(id integer primary key, name text, price real, note);
insert into t values(1,'Barbacoa bowl',9.5,NULL),(2,'chips, "salsa"',2.25,x'00ff'),(3,'tab	here',0.1,'line1
line2'),(10,'é ü',1e20,-3);
select * from t;
.headers on
select * from t;
.mode csv
select * from t;
.mode column
select * from t;
.mode box
select * from t;
.mode table
select * from t;
.mode markdown
select * from t;
.mode json
select * from t;
.mode line
select * from t where id < 3;
.mode insert orders
select * from t;
.headers off
.mode quote
select * from t;
.mode tabs
select * from t;
.mode
.mode box
.mode
select 1 where 0;
.mode html
select 1 a;
.mode foo
EOF
sqlite3 < m.sql; echo $?; rm m.sql
#### sqlite3: column widths, wrapping, .width, .nullvalue, .separator
sudo apt-get install -y sqlite3 >/dev/null 2>&1
sqlite3 <<'EOF'
.mode column
select 1 as n, null as nothing, 'a rather long text that goes past the sixty characters of the wrap limit for sure' as t;
.nullvalue NIL
.width 3 -12
select 'Barbacoa bowl' a, 42 b, null c;
.width
.headers off
select 1, 2;
.mode list
.separator ; !
select 1, null, 'x';
.separator , \n
select 1, 2;
.mode box
select 'ab' as "x", 'é' as y;
EOF
#### sqlite3: dot-commands about the schema and the settings
sudo apt-get install -y sqlite3 >/dev/null 2>&1
sqlite3 d.db <<'EOF'
create table "my t"(id integer primary key, name text not null, n int);
create table c(id integer primary key autoincrement, t_id references "my t"(id));
create index ix on c(t_id);
create view v as select * from c;
insert into "my t" values(1,'it''s',NULL),(2,'a
b',2.5);
insert into c(t_id) values(1),(99);
.dump
.dump c
.indexes
.indexes c
.tables
.tables m%
.schema c
.schema
.show
.print hello "world  x" 'y'
.echo on
select 1;
.echo off
.changes on
insert into c(t_id) values(1);
update c set t_id=1;
.changes off
.bail
.headers
.nullvalue
.separator
.foo
.help
EOF
echo $?; sqlite3 d.db .databases | sed 's|/.*/d.db|D|'; rm d.db
#### sqlite3: foreign keys, constraints and transactions
sudo apt-get install -y sqlite3 >/dev/null 2>&1
sqlite3 f.db <<'EOF'
pragma foreign_keys;
create table hood(code text primary key, name text);
create table orders(id text primary key, hood text references hood(code), item text not null);
insert into hood values('LP','Lincoln Park');
insert into orders values('A127B','LP','barbacoa');
insert into orders values('A128C','XX','chips');
pragma foreign_keys=on;
insert into orders values('A129D','YY','salsa');
insert into orders values('A127B','LP','bowl');
insert into orders values('A130E','LP',null);
begin;
insert into orders values('A131F','LP','tacos');
rollback;
select count(*) from orders;
begin;
delete from orders;
commit;
select count(*) from orders;
EOF
echo $?; sqlite3 f.db 'pragma foreign_keys'; rm f.db
#### sqlite3: .import of a CSV file, type affinity, --skip
sudo apt-get install -y sqlite3 >/dev/null 2>&1
printf 'id,name,qty,price\n1,Barbacoa,2,9.5\n2,"Chips, large",1,\n3,Salsa,x,1e3\n4,Short\n' > o.csv
sqlite3 i.db <<'EOF'
.import --csv o.csv orders
.schema orders
.mode quote
select * from orders;
select typeof(qty), typeof(price) from orders;
create table o2(id integer, name text, qty int, price real);
.import --csv --skip 1 o.csv o2
select * from o2;
select typeof(id), typeof(price) from o2;
.import
.import --csv nope.csv o2
.import o.csv
EOF
echo $?; rm i.db o.csv
#### sqlite3: .output, .once and .read on files
sudo apt-get install -y sqlite3 >/dev/null 2>&1
printf 'create table t(x);\ninsert into t values(1),(2);\nselect count(*) from t;\nselect nope;\n' > s.sql
sqlite3 r.db <<'EOF'
.read s.sql
.once one.txt
select 'once';
select 'back';
.output all.txt
select * from t;
.print printed
.output
select 'screen';
.read nofile.sql
.read
EOF
echo $?; cat one.txt all.txt; rm r.db s.sql one.txt all.txt
#### sqlite3: options -header -column -csv -json -box -cmd -separator -nullvalue -line
sudo apt-get install -y sqlite3 >/dev/null 2>&1
sqlite3 -header -csv :memory: "select 1 a, 'x y' b"; sqlite3 -column :memory: 'select 1 a, 2 b'
sqlite3 -json :memory: 'select 1 a' 'select null b'; sqlite3 :memory: -cmd '.mode box' 'select 1 a' -header
sqlite3 -separator : -nullvalue '?' :memory: 'select 1, null'; sqlite3 -line :memory: 'select 1 a, 22 bb'
sqlite3 -markdown :memory: 'select 1 a'; sqlite3 -table :memory: 'select 1 a'; sqlite3 -list -noheader :memory: 'select 1 a'
sqlite3 -foo; echo $?; sqlite3 -separator; echo $?; sqlite3 -help; echo $?
sqlite3 -bail :memory: 'select x' 'select 2'; echo $?; echo 'select 3;' | sqlite3 -batch -echo
#### sqlite3: .mode options --wrap, --wordwrap, --quote and qbox
sudo apt-get install -y sqlite3 >/dev/null 2>&1
sqlite3 :memory: ".mode box --wordwrap on --wrap 8" "select 'one two  three' a, 'abcdefgh-ijk' b, 'x y-z w' c" ".mode"
sqlite3 :memory: ".mode column --wrap 5 --quote" "select 'abcdefghijk' x, null y, 1.5 z" ".mode --noquote" ".mode" ".mode tab" ".mode"
sqlite3 :memory: ".mode qbox" ".mode" ".mode qbox --wrap 5" ".mode" ".mode box --ww" ".mode"
sqlite3 :memory: ".mode table" "select 'a	b' t, 'multi
line' m, 3 n union all select 'c', 'd', 44"
sqlite3 :memory: ".mode markdown" ".headers off" "select 1 a" ".mode list" "select 1 a" ".mode --foo"; echo $?
