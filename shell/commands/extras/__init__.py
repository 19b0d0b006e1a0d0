"""Programs that packages install (figlet, cowsay, fortune, jq, tree, zip)."""
