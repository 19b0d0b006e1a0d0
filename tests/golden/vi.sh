#### vim.tiny's (Ubuntu's vi) option mistakes and its version line
vim.tiny --bogus; echo "st=$?"
vim.tiny -c; echo "st=$?"
vim.tiny --version | head -1
vim.tiny -h | tail -2; echo "st=$?"
