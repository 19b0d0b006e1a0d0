"""`shelldojo serve`: the trainer for a class, in a browser (aiohttp + xterm.js), over SSH
(asyncssh) and on a teacher's dashboard.  A front end: the only package that may speak to the
network; nothing below it imports it.  Heavy imports (aiohttp, asyncssh) happen only on the
`shelldojo serve` code path."""
