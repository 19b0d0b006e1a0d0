#### ssh: usage, unknown options, missing arguments, bad port, bad -o option
ssh; echo $?; ssh -z; echo $?; ssh -p; echo $?; ssh -p abc host; echo $?; ssh -p 0 host; echo $?
ssh -o Foo=bar host; echo $?; ssh -o 'NoSuchThing yes' host true; echo $?
#### ssh: a host name that does not resolve
ssh nowhere.invalid true; echo $?; ssh -T NoWhere.invalid; echo $?; ssh user@nowhere.invalid 'ls /'; echo $?
ssh nowhere.invalid; echo $?
#### ssh-keygen -l and -lv on a fixed public key, a known_hosts file and an authorized_keys file
echo 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKF5cKhuRKeOdTs822q11bHH25kAiQ8A1QBxnQ2KcoH3 learner@dojo' > k.pub
ssh-keygen -l -f k.pub; echo $?; ssh-keygen -lv -f k.pub; ssh-keygen -l -f ./k.pub -v
echo 'web1,10.0.0.11 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMjhsU+41q3UUp3fRz7dFRjp1zqrOs3eaVke/Al7DkQT' > kh
ssh-keygen -l -f kh; echo 'from="10.0.0.10" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKF5cKhuRKeOdTs822q11bHH25kAiQ8A1QBxnQ2KcoH3' > ak
ssh-keygen -l -f ak; echo $?
#### ssh-keygen: common mistakes
ssh-keygen -t foo; echo $?; ssh-keygen -t rsa -b 100 -f x; echo $?; ssh-keygen -t ecdsa -b 300 -f x; echo $?
ssh-keygen -l -f nosuch; echo $?; echo junk > j; ssh-keygen -l -f j; echo $?; ssh-keygen -z; echo $?
ssh-keygen -t ed25519 -N '' -f /nonexistent/dir/key; echo $?; ls
#### ssh-keygen -F and -R on a known_hosts file
K='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMjhsU+41q3UUp3fRz7dFRjp1zqrOs3eaVke/Al7DkQT'
printf 'web1 %s\ndb1,10.0.0.12 %s\n' "$K" "$K" > kh; chmod 600 kh
ssh-keygen -F web1 -f kh; echo $?; ssh-keygen -F 10.0.0.12 -f kh; ssh-keygen -F nope -f kh; echo $?
ssh-keygen -R web1 -f kh; echo $?; ssh-keygen -R web1 -f kh; echo $?; cat kh; ssh-keygen -R x -f nofile; echo $?; ls
#### ssh-keygen makes a key pair: its files, modes and sizes, the overwrite question
ssh-keygen -q -t ed25519 -N '' -C test -f k; echo $?; stat -c '%a %n' k k.pub; wc -c < k; head -1 k; cut -d' ' -f1,3 k.pub
ssh-keygen -l -f k | cut -d' ' -f1,3-; ssh-keygen -y -f k | cut -d' ' -f1,3
echo n | ssh-keygen -t ed25519 -N '' -f k; echo $?; chmod 644 k; ssh-keygen -y -f k; echo $?; rm k k.pub
#### ssh-copy-id: usage and common mistakes
ssh-copy-id; echo $?; ssh-copy-id -z; echo $?; ssh-copy-id -p; echo $?; ssh-copy-id a b; echo $?
ssh-copy-id -i nosuch host; echo $?; touch only.pub; ssh-copy-id -i only host; echo $?
