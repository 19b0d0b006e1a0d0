#### array basics
a=(x y z); echo ${a[1]} ${a[@]} ${#a[@]} ${!a[@]} $a
#### array append
a=(x y); a+=(w "v u"); echo ${#a[@]}; printf '<%s>' "${a[@]}"; echo
#### quoted at vs star
a=("a b" c); printf '<%s>' "${a[@]}"; echo; printf '<%s>' "${a[*]}"; echo; printf '<%s>' ${a[*]}; echo
#### sparse arrays
a=(); a[5]=five; a[2]=two; echo ${#a[@]} ${!a[@]} "${a[@]}"; unset 'a[5]'; echo ${!a[@]}
#### negative index
a=(1 2 3); echo ${a[-1]} ${a[@]: -2}; a[-1]=9; echo ${a[@]}
#### negative index out of range
a=(1 2 3); a[-5]=x; echo "status=$?"
#### element length and ops
a=(apple banana); echo ${#a[1]} ${a[@]^} ${a[@]/a/A} ${a[@]#?}
#### array slices
a=(a b c d e); echo ${a[@]:1:2} ${a[@]:3}
#### arithmetic index
a=(a b c d); i=1; echo ${a[i+1]} ${a[$i]} ${a[i*3]}
#### assoc arrays
declare -A m; m[one]=1; m[two]=2; echo ${m[one]} ${#m[@]}; for k in $(printf '%s\n' "${!m[@]}" | sort); do echo "$k=${m[$k]}"; done
#### declare -p arrays
a=(x "y z"); declare -p a; declare -a b; declare -p b; declare -A c=([k]=v); declare -p c
#### array from glob and words
mkdir d; touch d/f1 d/f2; a=(d/*); echo ${#a[@]} ${a[0]}
#### element assignment with explicit index list
a=([3]=c [1]=a b); declare -p a
#### read into array
read -ra arr <<< "one two  three"; echo ${#arr[@]} ${arr[2]}
#### unset whole array
a=(1 2); unset a; echo "${#a[@]}" "[${a[@]}]"
#### array in arithmetic
a=(5 6); echo $(( a[0] + a[1] )); (( a[2] = 7 )); echo ${a[@]}
#### mapfile
printf 'l1\nl2\nl3\n' > f; mapfile -t lines < f; echo ${#lines[@]} ${lines[1]}; readarray x < f; printf '%s' "${x[0]}"
#### string treated as array
s=hello; echo ${s[0]} ${#s[@]} ${s[1]-none}
