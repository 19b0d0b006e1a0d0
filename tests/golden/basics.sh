#### echo and a pipeline
echo hello | tr a-z A-Z
#### a missing file
cat nothere; echo "status=$?"
