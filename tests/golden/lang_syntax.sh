#### unexpected close paren
echo before
echo )
echo after
#### unexpected fi
echo ran
fi
echo no
#### unexpected done
done
#### unexpected then
if then; fi
#### missing fi at EOF
echo first
if true; then echo x
#### missing done
for i in 1 2; do echo $i
#### missing esac
case x in x) echo x;;
#### unclosed brace group
{ echo a
#### unclosed subshell
( echo a
#### unexpected semicolon
echo a;;
#### double semicolon at start
;
#### pipe at start
| cat
#### and at end continues to EOF
echo a &&
#### unclosed command substitution
echo $(echo a
#### unclosed backquote
echo `echo a
#### unclosed brace param
echo ${x
#### redirection without target
echo a >
#### function without body
f()
#### empty if condition
if; then echo; fi
#### syntax error in later line after output
echo one; echo two
echo three )
#### error in case pattern
case a in ) echo;; esac
#### unmatched esac
esac
#### else without if
else echo x
#### syntax error in subshell command string
bash -c 'echo (' ; echo "status=$?"
#### newline in middle of pipeline ok
echo a |
cat
#### bad redirection fd
echo a 2>&; echo b
#### keyword as argument is ok
echo if then fi done
#### reserved word after semicolon
echo x; then echo y
