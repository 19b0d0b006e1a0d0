#### heredoc unquoted expands
x=v; cat <<EOF
val=$x $(echo sub) $((1+1)) \$x \\ 'q' "d"
EOF
#### heredoc quoted delimiter literal
x=v; cat <<'EOF'
val=$x $(echo sub) \$x
EOF
cat <<"E2"
$x
E2
cat <<\E3
$x
E3
#### heredoc dash strips tabs
cat <<-EOF
	indented
		twice
	EOF
echo done
#### heredoc missing delimiter warning
cat <<EOF
line one
line two
#### two heredocs one line
cat <<A; cat <<B
a
A
b
B
#### heredoc into pipeline and while
cat <<EOF | while read l; do echo "got $l"; done
1
2
EOF
#### heredoc backslash newline
cat <<EOF
a \
b
EOF
#### heredoc in function
f() { cat <<EOF
in $1
EOF
}; f arg
#### here strings
cat <<< "hello $HOME"; cat <<< 'single $x'; wc -l <<< ""; read a b <<< "1 2"; echo $b $a
#### here string with multiple words
tr a-z A-Z <<< one\ two
#### heredoc delimiter with quotes part
cat <<E"O"F
$HOME
EOF
#### heredoc with tabs unquoted and dash in loop
for i in 1 2; do
	cat <<-END
	item $i
	END
done
#### heredoc on command in if
if cat <<X
inside
X
then echo ok; fi
#### heredoc with quotes in body stay
cat <<EOF
"$HOME" '$HOME'
EOF
