#### profiles: a document of key-value pairs
sudo apt-get install -y -qq jq >/dev/null 2>&1
cat > users.json <<'EOF'
[{"id": 1, "name": "Ada", "email": "ada@example.com", "provider": "google", "scores": [12, 40, 7], "active": true},
 {"id": 2, "name": "Linus", "email": "linus@example.com", "provider": "github", "scores": [], "active": false},
 {"id": 3, "name": "Grace", "email": "grace@example.com", "provider": "google", "scores": [99], "active": true, "city": "CHI"}]
EOF
jq . users.json; jq '.[0]' users.json; jq '.[1].name' users.json; jq -r '.[].name' users.json; echo "st=$?"
#### profiles: list users by sign-in provider
sudo apt-get install -y -qq jq >/dev/null 2>&1
cat > users.json <<'EOF'
[{"id": 1, "name": "Ada", "provider": "google", "scores": [12, 40, 7]},
 {"id": 2, "name": "Linus", "provider": "github", "scores": []},
 {"id": 3, "name": "Grace", "provider": "google", "scores": [99]}]
EOF
jq -r '.[] | select(.provider == "google") | .name' users.json
jq -c 'group_by(.provider) | map({provider: .[0].provider, count: length})' users.json
jq -r 'group_by(.provider)[] | "\(.[0].provider): \(length)"' users.json
jq -c 'map(select(.scores | length > 0)) | map(.name)' users.json; jq 'map(.scores | add) ' users.json
jq -r '.[] | [.id, .name, .provider] | @csv' users.json; jq -r '.[] | [.id, .name] | @tsv' users.json
#### keys, length, to_entries, sort_by
sudo apt-get install -y -qq jq >/dev/null 2>&1
echo '{"name": "Ada", "provider": "google", "id": 7, "tags": ["a", "b"], "meta": null}' > u.json
jq keys u.json; jq -c 'keys_unsorted' u.json; jq length u.json; jq '.tags | length' u.json; jq -c to_entries u.json
jq -c 'with_entries(select(.value != null))' u.json; jq -c 'to_entries | map("\(.key)=\(.value)")' u.json
echo '[{"n":"b","a":3},{"n":"a","a":1},{"n":"c","a":2}]' | jq -c 'sort_by(.a), sort_by(.n) | map(.n)'
echo '[3,1,2,3,1]' | jq -c 'sort, unique, min, max, add, length, reverse, (map(. * 10))'
#### options -r -c -s -n -j -S --tab --indent
sudo apt-get install -y -qq jq >/dev/null 2>&1
printf '{"b":1,"a":"x"}\n{"b":2,"a":"y"}\n' > two.json
jq -c . two.json; jq -s -c . two.json; jq -s 'length' two.json; jq -r .a two.json; jq -j .a two.json; echo
jq -S . two.json; jq --tab . two.json; jq --indent 1 '.' two.json; jq --indent 0 . two.json; jq -n '1+1'
jq -n -c '[range(5)], [range(2;10;3)]'; jq -nr '"tab\there"'; jq -n '"tab\there"'; jq -cn '{"a":[1,{"b":2}]}' --indent 3
#### --arg --argjson $ENV
sudo apt-get install -y -qq jq >/dev/null 2>&1
echo '[{"name":"Ada","provider":"google"},{"name":"Linus","provider":"github"}]' > u.json
jq --arg p github -r '.[] | select(.provider == $p) | .name' u.json; jq -n --argjson v '{"x":[1,2]}' '$v.x[1]'
jq -n -c --arg a 1 --argjson b 2 '[$a, $b]'; jq -n -r --arg who world '"hello \($who)"'; jq -n '$nope'; echo "st=$?"
jq --arg x; echo "st=$?"; jq -n --argjson x '{' 1; echo "st=$?"
#### exit statuses with -e
sudo apt-get install -y -qq jq >/dev/null 2>&1
echo '{"a":1,"b":false}' > e.json
jq -e .a e.json; echo "st=$?"; jq -e .b e.json; echo "st=$?"; jq -e .c e.json; echo "st=$?"; jq -e empty e.json; echo "st=$?"
jq .c e.json; echo "st=$?"; jq empty e.json; echo "st=$?"; echo '1 {"a":2}' | jq .a; echo "st=$?"; echo '{"a":2} 1' | jq .a; echo "st=$?"
#### runtime errors
sudo apt-get install -y -qq jq >/dev/null 2>&1
echo '{"a":1}' | jq .a.b; echo "st=$?"; echo '[1,2]' | jq .a; echo "st=$?"; echo '5' | jq '.[]'; echo "st=$?"
echo '{"a":"x"}' | jq '.a + 1'; echo "st=$?"; echo '{"a":"xxxxxxxxxxxxxxxxxxxxxxxxxx"}' | jq '.a - 1'; echo "st=$?"
echo 1 | jq '. / 0'; echo "st=$?"; echo '"abc"' | jq keys; echo "st=$?"; echo true | jq length; echo "st=$?"
echo 1 | jq 'error("boom")'; echo "st=$?"; echo 1 | jq 'error({"a":1})'; echo "st=$?"; echo null | jq '.[]'; echo "st=$?"
printf '1\n2\n' | jq .a; echo "st=$?"; printf '{"a":1}' | jq '.a.b'; echo "st=$?"
#### compile errors
sudo apt-get install -y -qq jq >/dev/null 2>&1
echo '{}' | jq '.['; echo "st=$?"; echo '{}' | jq '.a |'; echo "st=$?"; echo '{}' | jq '.a ]'; echo "st=$?"
echo '{}' | jq '{a: .a + 1}'; echo "st=$?"; echo '{}' | jq '.foo-bar'; echo "st=$?"; echo '{}' | jq 'select(.name == alice)'; echo "st=$?"
echo '{}' | jq 'foo(1)'; echo "st=$?"; echo '{}' | jq '1 as x | x'; echo "st=$?"; echo '{}' | jq '.a ^'; echo "st=$?"
echo '{}' | jq 'map(.a'; echo "st=$?"; echo '{}' | jq '.a,'; echo "st=$?"; echo '{}' | jq 'to_number'; echo "st=$?"
#### invalid JSON input
sudo apt-get install -y -qq jq >/dev/null 2>&1
echo '{"a":1' | jq .; echo "st=$?"; echo '{"a":nul}' | jq .; echo "st=$?"; printf '{"a":1}x' | jq -c .; echo "st=$?"
echo '{"a" 1}' | jq .; echo "st=$?"; echo '[1,2,]' | jq .; echo "st=$?"; echo 'abc' | jq .; echo "st=$?"
echo '1 2 3' | jq -c .; echo "{'a': 1}" | jq .; echo "st=$?"; echo '{"a":1,}' | jq .; echo "st=$?"; echo ']' | jq .; echo "st=$?"
echo '[1 2]' | jq .; echo "st=$?"; echo '{"a":1}}' | jq -c .; echo "st=$?"; echo '"abc' | jq .; echo "st=$?"
#### missing files
sudo apt-get install -y -qq jq >/dev/null 2>&1
echo 1 > one.json
jq . nope; echo "st=$?"; jq . nope one.json; echo "st=$?"; jq . one.json nope; echo "st=$?"; jq . /tmp; echo "st=$?"
jq; echo "st=$?"; jq -x .; echo "st=$?"; jq --indent 9 .; echo "st=$?"; jq --version; jq -h | head -3
#### numbers and strings as jq 1.6 prints them
sudo apt-get install -y -qq jq >/dev/null 2>&1
echo '[1.0, 1.5, 100000000000000000000, 1e1000, 0.1, 3.0e2, -0, 1e17, 1e-5, 123456789012345678, 0.0001, 1e16, 12345678901234567890]' | jq -c .
echo '"\u00e9\ud83d\ude00 \u0000 \u001f \u007f / \\ \""' | jq .; echo '"é😀"' | jq -a .; echo '[1,2]' | jq -c 'map(. / 3)'
jq -n -c '[1 / 3, 2 / 3 * 3, 10 % 3, -10 % 3, 5.5 % 2, 1e3, 0.5e-7, 1.5e300 * 1e10]'
#### string interpolation and formats
sudo apt-get install -y -qq jq >/dev/null 2>&1
jq -n -r '[1,"a,b",null,true,"x\"y"] | @csv, @tsv, @json, @base64, @text, @html, @sh'
jq -n -r '"a b&c<d>" | @uri, @html, @base64, (@base64 | @base64d)'; jq -n -r '@csv "v: \([1,"a"])"'
jq -n '"\(1+2) and \("x") \([1]) \({"a":null})"'; jq -n -r '[[1]] | @csv'; echo "st=$?"; jq -n -r '{} | @sh'; echo "st=$?"
#### select, map, if-then-else, alternative, and/or
sudo apt-get install -y -qq jq >/dev/null 2>&1
echo '[{"n":"a","v":1},{"n":"b","v":5},{"n":"c"}]' > d.json
jq -c 'map(select(.v > 2))' d.json; jq -c 'map(.v // 0)' d.json; jq -r '.[] | if .v == null then "none" elif .v > 2 then "big" else "small" end' d.json
jq -c 'map(has("v"))' d.json; jq -c '[.[] | .v and true, .v or false]' d.json; jq -c 'map(.v | not)' d.json; jq -c '[.[].v] | map(values)' d.json
jq -c '.[] | select(.n == "b" or .n == "c") | .n' d.json; jq -c 'any(.[]; .v == 5), all(.[]; has("n")), (map(.v) | any, all)' d.json
#### reduce, paths, del, assignment
sudo apt-get install -y -qq jq >/dev/null 2>&1
echo '{"a":{"b":1,"c":[1,2]},"d":null}' > p.json
jq -c '[paths]' p.json; jq -c '[leaf_paths]' p.json; jq -c 'del(.a.b)' p.json; jq -c 'del(.a.c[0])' p.json; jq -c '.a.b = 5' p.json
jq -c '.a.c |= map(. * 2)' p.json; jq -c '.a.b += 10' p.json; jq -c '.d //= "x"' p.json; jq -c 'reduce (.a.c[]) as $x (0; . + $x)' p.json
jq -c 'path(..)' p.json; jq -c '[..]' p.json; jq -c 'to_entries[] | .key' p.json; jq -c '.a | map_values(tostring)' p.json
jq -c 'getpath(["a","c",1]), setpath(["x","y"]; 1), delpaths([["a"],["d"]])' p.json; jq -c '[.[] | numbers, strings, arrays, objects]' p.json
#### strings: split, join, test, match, ascii, tostring, tonumber
sudo apt-get install -y -qq jq >/dev/null 2>&1
echo '{"s":"Ada Lovelace,Grace Hopper","n":"42"}' > s.json
jq -c '.s | split(",")' s.json; jq -r '.s | split(",") | join(" & ")' s.json; jq -c '.s | test("grace"), test("grace"; "i")' s.json
jq -c '.s | [match("[A-Z]\\w+"; "g").string]' s.json; jq -c '.s | ascii_downcase, ascii_upcase' s.json; jq '.n | tonumber + 1' s.json
jq '.n | tonumber | tostring' s.json; jq -c '[1, "1", [1], {"a":1}, null, true] | map(tostring)' s.json; jq '.s | tonumber' s.json; echo "st=$?"
jq -c '.s | capture("(?<first>\\w+) (?<last>\\w+)")' s.json; jq -r '.s | sub("Ada"; "Countess"), gsub("a"; "A")' s.json
jq -c '.s | [scan("[A-Z]")], ltrimstr("Ada "), startswith("Ada"), endswith("x"), (.[0:3]), index(","), length' s.json
jq -c '[1,null,"a",true] | join("-")' s.json; jq -c '"a,b,c" | split(",") | map(ascii_upcase) | join("")' s.json
#### first, last, limit, range, min_by, unique_by, contains, in, inside
sudo apt-get install -y -qq jq >/dev/null 2>&1
echo '[{"n":"a","s":3},{"n":"b","s":9},{"n":"c","s":3}]' > r.json
jq -c 'first, last, (map(.s) | first, last)' r.json; jq -c 'first(.[] | select(.s == 3)), [limit(2; .[])] | .n? // .' r.json
jq -c 'min_by(.s), max_by(.s), unique_by(.s) | tostring' r.json; jq -c 'map(.n) | contains(["a"]), inside(["a","b","c","d"])' r.json
jq -c '"b" | in({"a":1,"b":2})' r.json; jq -c '[.[] | .s] | indices(3)' r.json; jq -c 'map(.s) | flatten, (map([.]) | flatten)' r.json
jq -c 'length as $n | map(.s) | add / $n' r.json; jq -c '[foreach .[] as $x (0; . + $x.s)]' r.json; jq -c 'to_entries | from_entries' r.json; echo "st=$?"
#### slurp, null input, input and inputs
sudo apt-get install -y -qq jq >/dev/null 2>&1
printf '{"p":"google"}\n{"p":"github"}\n{"p":"google"}\n' > events.json
jq -s 'group_by(.p) | map({(.[0].p): length}) | add' events.json; jq -n '[inputs.p] | unique' events.json; jq -c '[., input]' events.json; echo "st=$?"
jq -n 'input.p' events.json; jq -c -s 'map(.p) | sort' events.json events.json; printf '' | jq -s -c .; printf '' | jq .; echo "st=$?"
jq -R . events.json | head -2; jq -Rs 'length' events.json; jq -rn '[1,2] | .[]'
#### objects: construction, merge, keys with spaces
sudo apt-get install -y -qq jq >/dev/null 2>&1
echo '{"user":"ada","title":"Dr","city":"CHI","meta":{"x":1}}' > o.json
jq -c '{user, title}' o.json; jq -c '{(.user): .city}' o.json; jq -c '{"full name": "\(.title) \(.user)"}' o.json
jq -c '. + {city: "LP"}' o.json; jq -c '. * {meta: {y: 2}}' o.json; jq -c '{a: 1} | .b.c = 2' o.json; jq -c '.meta | to_entries' o.json
jq -c '{user, n: (1,2)}' o.json; jq -c '{a: (1,2), b: (3,4)}' o.json; jq -c '.["user"], ."city", .meta["x"]' o.json
jq -c '[.[] | type]' o.json; jq -c 'with_entries(.key |= ascii_upcase)' o.json; jq '.missing.deeper' o.json
#### try, optional, error handling, labels
sudo apt-get install -y -qq jq >/dev/null 2>&1
jq -n -c '[.[]?], (try error("x") catch .), (try (1/0) catch .), [1, "a", null] | map(try (. + 1) catch "bad")'
jq -n -c '[(1,2,3) | select(. != 2)], (label $out | 1, 2, break $out, 3), [.a?, .["b"]?]'
jq -n -c 'def inc(f): f + 1; def sum($a; $b): $a + $b; inc(2), sum(3; 4), ([1,2] | map(inc(.)))'
jq -n -c '[limit(3; repeat(1))], [range(10) | select(. % 3 == 0)], (until(. > 100; . * 2 + 1)), [1,2,3] as [$a, $b] | $a + $b'
jq -n -c '{"a":[1,2]} as {a: [$x, $y]} | $x * $y'; jq -n 'error(null)'; echo "st=$?"; jq -n '"x" | error'; echo "st=$?"
#### colour output forced with -C
sudo apt-get install -y -qq jq >/dev/null 2>&1
echo '{"a":[1,"x",null,true,false,{}],"b":{"c":[]},"d":-1.5}' > c.json
jq -C . c.json; jq -C -c . c.json; jq -C -S --tab '.b' c.json; jq -C -r '.a[1]' c.json; jq -C '.a[1:3]' c.json; jq -M . c.json | head -2
#### generators in objects, strings, arithmetic and comparisons
sudo apt-get install -y -qq jq >/dev/null 2>&1
jq -n -c '{a: (1,2), b: (3,4)}'; jq -n -c '"\(1,2)-\("a","b")"'; jq -n -c '[(1,2) + (10,20)]'; jq -n -c '[(1,2) as $x | $x * 10]'
jq -n -c '[1 == 1.0, "a" < "b", [] < {}, {"a":1} == {"a":1.0}, null < false, false < true, true < 0, [1,2] < [1,3], {"a":2} < {"b":1}]'
jq -n -c '[null + 1, 1 + null, ({} + null), ([1,2,3] - [2]), ("ab" * 2.5), ("x" * 0), (4 - 1.5), (7 / 2), ([3,1] | sort)]'
jq -n -c '[nan] | sort, (nan < 1), ([nan, 1] | min), (infinite, -infinite, nan | tostring)'; jq -n '{} - {}'; echo "st=$?"
jq -n -c '[.[1.7]?], ([1,2,3] | .[1.7], .[-1], .[5], .[1:], .[:-1], .[-2:], .[2:1]), ("héllo" | .[1:3], length, utf8bytelength)'
#### paths and assignment corners
sudo apt-get install -y -qq jq >/dev/null 2>&1
jq -n -c '{} | .a.b.c = 1'; jq -n -c 'null | .[2] = 1'; jq -n -c '[1] | .[-1] = 5'; jq -n -c '[1] | .[-2] = 5'; echo "st=$?"
jq -n -c '[1,2,3,2] | del(.[] | select(. == 2))'; jq -n -c '[1,2,3,4] | del(.[1,2])'; jq -n -c '[1,2,3] | .[] += 1'; jq -n -c '[1,2,3,4] | .[1:3] = ["x"]'
jq -n -c '{"a":{"b":1}} | getpath(["a","b","c"])'; echo "st=$?"; jq -n -c '{"a":{"b":1}} | getpath(["x","y"]), [paths(type == "number")]'
jq -n -c '[1,[2]] | getpath([1,0]), (.[1] |= . + [3]), (to_entries), (with_entries(.value |= tostring))'; jq -n -c 'path(1)'; echo "st=$?"
jq -n -c '{"a":[{"b":1},{"b":2}]} | [.a[].b] , (.a[].b |= . * 10), ([.. | numbers]), [paths(..)] ' 2>&1
#### builtins: corners
sudo apt-get install -y -qq jq >/dev/null 2>&1
jq -n -c '[] | add, first, last, min, max, join(","), length'; jq -n -c '[[1,[2]],3] | flatten, flatten(1)'; jq -n '[1] | flatten(-1)'; echo "st=$?"
jq -n -c '[limit(-1; 1,2)], [first(empty)], isempty(empty), [range(5;0;-2)], [range(1.5)], [range(0;1;0.25)]'
jq -n -c '[1,2,3] | combinations? // "x"'; jq -n -c '[[1,2],[3,4]] | [combinations]'; jq -n -c '[[1,2],[3]] | transpose'
jq -n -c '{"b":[1,{"c":2}],"a":1} | walk(if type == "number" then . + 1 else . end)'; jq -n -c '[3,[1]] | tojson, (tojson | fromjson)'
jq -n -c '"a,b, c" | [splits(", *")], indices(","), index("x"), rindex(","), ("aaa" | [match("a*"; "g").offset])'
jq -n -c '"abc" | explode, (explode | implode), ltrimstr(1), test(["B", "i"]), [match("(b)(x)?").captures[].offset]'
jq -n -c '"test 123 abc 45" | [scan("[0-9]+")], sub("(?<n>[0-9]+)"; "<\(.n)>"), gsub("(?<n>[0-9]+)"; "#\(.n)"), capture("(?<w>[a-z]+) (?<d>\\d+)")'
jq -n -c 'null | keys'; echo "st=$?"; jq -n -c '1 | ascii_downcase'; echo "st=$?"; jq -n -c '{} | test("a")'; echo "st=$?"; jq -n '"1x" | tonumber'; echo "st=$?"
jq -n -c '[1,2] | has("a")'; echo "st=$?"; jq -n -c '"a" | contains(1)'; echo "st=$?"; jq -n -c '[1] | implode'; jq -n -c '[1,2] | to_entries, keys, (.[] |= tostring)'
jq -n -c '[{"a":1,"b":2},{"a":1,"b":1},{"a":0,"b":5}] | sort_by(.a, .b), group_by(.a) | map(length)'; jq -n -r '[1,[2]] | @text, @json'
jq -n -c '[{"k":"a","v":1}] | from_entries'; echo "st=$?"; jq -n -c '[{"name":"a","value":1},{"key":null,"value":2}] | from_entries'; echo "st=$?"
#### more compile errors
sudo apt-get install -y -qq jq >/dev/null 2>&1
jq -n '"abc'; echo "st=$?"; jq -n '.a['; echo "st=$?"; jq -n '{'; echo "st=$?"; jq -n 'if . then 1'; echo "st=$?"; jq -n 'reduce . as $x (0)'; echo "st=$?"
jq -n '.[]]'; echo "st=$?"; jq -n '@foo'; echo "st=$?"; jq -n '1 %0'; echo "st=$?"; jq -n '.a |
  foo'; echo "st=$?"; jq -n '[1,2'; echo "st=$?"; jq -n '}'; echo "st=$?"; jq -n 'map(select(.a == 1)'; echo "st=$?"
jq -n '.a.[0]'; echo "st=$?"; jq -n '. as [$a] | $b'; echo "st=$?"; jq -n 'def f: 1; f(2)'; echo "st=$?"; jq -n '{a b}'; echo "st=$?"; jq -n "'a'"; echo "st=$?"
#### raw output, join output and ascii
sudo apt-get install -y -qq jq >/dev/null 2>&1
jq -n -r '[1,"a"], {"b":"c"}, "line1\nline2", null'; jq -n -j '1, "a", [2], null'; echo; jq -n -a -c '["é", "😀", "\u0001"]'
jq -n -c -S '{"b":{"z":1,"y":[{"d":1,"c":2}]},"a":null}'; jq -n --tab -c '{"a":[1]}'; jq -n --indent 7 '{"a":[1]}'; jq -n --indent -1 '{"a":[1]}'
jq -rn '@sh "echo \("it'"'"'s", 1)"'; jq -rn '"a\tb" | @sh, @json, @html'; jq -rn '["a\tb", "c\\d", "e\nf", "g\rh"] | @tsv, @csv'; jq -rn '[1.5, 0.1, 1e20, -0] | @csv, @tsv'
jq -rn '"ü €/?=&+ #%" | @uri'
#### learner habits 1
sudo apt-get install -y -qq jq >/dev/null 2>&1
cat > users.json <<'EOF'
[{"id": 3, "name": "Grace", "email": "grace@example.com", "provider": "google", "active": true, "scores": [5, 9]},
 {"id": 1, "name": "Ada", "email": "ada@example.org", "provider": "github", "active": false, "scores": [7]},
 {"id": 2, "name": "Linus", "email": "linus@example.com", "provider": "gitlab", "active": true, "scores": []}]
EOF
jq .name users.json; echo "st=$?"; jq '.[] .name' users.json; jq "select(.provider == "google")" users.json; echo "st=$?"
jq -r '.[] | .name + " " + .email' users.json; jq -r '.[] | "\(.name)\t\(.email)"' users.json; jq -r 'map(.name) | join(", ")' users.json
jq '.[0] | length, has("email"), keys' users.json; jq -c 'map(select(.provider | test("^g")) | .id)' users.json
jq '[.[] | .provider] | unique | length' users.json; jq 'sort_by(.name) | reverse | .[0].name' users.json; jq -c 'min_by(.id), max_by(.scores | length)' users.json
jq '.[] | select(.email | endswith("@example.com")) | .id' users.json; jq -r '(["id","name"] | @tsv), (.[] | [.id, .name] | @tsv)' users.json
#### learner habits 2
sudo apt-get install -y -qq jq >/dev/null 2>&1
cat > users.json <<'EOF'
[{"id": 3, "name": "Grace", "email": "grace@example.com", "provider": "google", "active": true, "scores": [5, 9]},
 {"id": 1, "name": "Ada", "email": "ada@example.org", "provider": "github", "active": false, "scores": [7]},
 {"id": 2, "name": "Linus", "email": "linus@example.com", "provider": "gitlab", "active": true, "scores": []}]
EOF
jq --arg n 3 '.[] | select(.id == ($n|tonumber)) | .name' users.json; jq '.[] | select(.id == $n) | .name' --argjson n 1 users.json
jq 'if length > 2 then "many" else "few" end' users.json; jq -c '.[2:] | map(.id), (.[-1] | .id)' users.json; jq -c 'del(.[] | select(.active == false)) | map(.id)' users.json
jq -c 'map(.scores |= max)' users.json; jq -c '[.[] | {(.name): .provider}] | add' users.json; jq -c '.[0] | [paths(type == "string")]' users.json
jq 'any(.[]; .active), all(.[]; .active)' users.json; jq -e '.[] | select(.id == 99)' users.json; echo "st=$?"; jq '.[] | .missing.deeper' users.json
jq -c '[.. | .email? // empty]' users.json; echo '{"a":1}' | jq .a -; echo "st=$?"; printf '   \n' | jq .; echo "st=$?"; jq -n '"12abc" | tonumber'; echo "st=$?"
printf '[1]\n' > a.json; printf '[2,\n3]\n' > b.json; jq -s -c 'add' a.json b.json; jq '.[] | .x' a.json b.json; echo "st=$?"; jq -r 'input_filename' a.json b.json
jq -c 'to_entries[] | "\(.key): \(.value.name)"' users.json; jq -c '.[0] | with_entries(select(.value | type == "number") | .value += 1)' users.json
#### dates in UTC
sudo apt-get install -y -qq jq >/dev/null 2>&1
jq -nc '1425599621.25 | gmtime, (gmtime|mktime), todate, (gmtime|todate), strftime("%A %B %d %Y %j")'; jq -n 'now | type'
jq -nc '"2015-03-05T23:51:47Z" | fromdate, strptime("%Y-%m-%dT%H:%M:%SZ"), fromdateiso8601'; jq -nc '1e12, -1 | todate'
jq -n '"x" | fromdate'; echo "st=$?"; jq -n '"x" | strftime("%Y")'; echo "st=$?"; jq -n '[1] | mktime'; echo "st=$?"
#### where errors happen: input line numbers
sudo apt-get install -y -qq jq >/dev/null 2>&1
printf '1\n\n\n2\n\n{"a":\n"x"}\n3' | jq .a; echo "st=$?"; printf '1 2\n3' > n.json; jq '.a' n.json; printf '[1,\n2]' | jq '.[] | .a'
printf '{"a":1}\n\n\n{"a":"x"}' | jq '.a + 1'; printf '"x"' | jq '. + 1'; printf '\n\n"x"\n\n' | jq -s '.[0] + 1'; jq -n '1 | .a'
#### programs from files with -f, and where $end is
sudo apt-get install -y -qq jq >/dev/null 2>&1
printf '.a\n| . + 1\n' > p.jq; printf '.a |\n' > q.jq; printf '.a |\nfoo' > r.jq; echo '{"a":1}' > in.json
jq -f p.jq in.json; jq --from-file p.jq -c in.json; echo "st=$?"; jq -f nope.jq in.json; echo "st=$?"; jq -f q.jq in.json; echo "st=$?"
jq -f r.jq in.json; echo "st=$?"; jq '.a | ' in.json; echo "st=$?"; jq '.a |  # comment' in.json; echo "st=$?"; jq -cf p.jq in.json
