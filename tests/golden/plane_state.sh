#### a subshell's pushd leaves the parent's directory stack alone
cd /tmp; pushd /etc >/dev/null; (pushd /usr >/dev/null; dirs); dirs; popd >/dev/null; dirs
#### a subshell's trap and umask stay in the subshell
trap 'echo parent' EXIT; (trap 'echo child' EXIT; umask 077; umask); umask; trap -p EXIT
#### kinds of command, as type sees them
type cd echo ls exit umask | sed 's/(.*)//'; command -v cd ls
#### builtin and command reach builtins, not functions
cd() { echo "function cd"; }; builtin cd /tmp; pwd; command cd /; pwd; cd x
#### command skips functions, not builtins, and names what it cannot find
command nosuch; echo $?; f(){ echo f; }; command f; echo $?; command export A=1; echo $A; command -v f
#### a redirection after cd on the same line opens the file in the new directory
mkdir -p d/e; cd d; echo x > e/f; cat e/f; echo y >> e/f; cat < e/f; cd ..; ls d/e; ls
