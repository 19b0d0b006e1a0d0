#### the programs behind the builtins answer --version as coreutils
for c in echo printf true false pwd '['; do /usr/bin/$c --version | head -n 1; done
#### and --help with the name they were run as
/usr/bin/echo --help | head -n 2; env printf --help | head -n 1; /usr/bin/true --help | tail -n 2
#### false says its help and still fails
/usr/bin/false --help > /dev/null; echo $?
#### only as the one argument
/usr/bin/echo --help x; /usr/bin/echo -n --version; echo; /usr/bin/test --help; echo $?
#### GNU pwd: physical by default, its own option messages
mkdir -p d && ln -s d l && cd l && /usr/bin/pwd | sed 's|.*/||'; /usr/bin/pwd -L | sed 's|.*/||'; /usr/bin/pwd -x; echo $?; /usr/bin/pwd --bogus; echo $?; /usr/bin/pwd a > /dev/null; echo $?
