#### single quotes keep everything
echo 'a $HOME `x` \n "q"'
#### double quotes expand vars but not globs
x=world; echo "hello $x *"
#### backslash escapes outside quotes
echo \$HOME \"x\" a\ b \\ \*
#### backslash in double quotes
echo "a\$b \"c\" \\ \x \n"
#### dollar single quotes
echo $'tab\there' $'nl\nx' $'\x41\101\u00e9' $'it\'s'
#### dollar single quote escapes
printf '%s|' $'\a\b\e\f\v\001\x7f' | cat -v; echo
#### locale dollar double quote
echo $"plain text"
#### adjacent quoting concatenates
echo 'a'"b"c$'d'
#### nested quotes in command substitution
echo "$(echo "inner $(echo 'deep "q"')")"
#### empty args preserved
printf '[%s]' "" '' a; echo
#### quote removal of mixed
x="a b"; printf '<%s>' $x "$x" '$x'; echo
#### backslash newline continuation
echo one \
two
#### single quote inside double
echo "it's" 'say "hi"'
#### unterminated single quote
echo before
echo 'oops
#### unterminated double quote
echo "oops
echo after
#### escaped dollar in dquote with brace
a=1; echo "\${a} ${a}"
#### hash is comment only at word start
echo a#b #c
echo '#' x
#### quoted command names
'echo' hi; "ec"ho there
#### backslash at end of script
echo hi \
