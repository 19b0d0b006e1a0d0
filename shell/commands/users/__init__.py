"""Accounts: useradd and friends, passwd, id, who..."""
