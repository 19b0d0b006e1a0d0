"""--help texts of the account tools (recorded from the real tools on the reference host)."""

USERADD_HELP = (
    'Usage: useradd [options] LOGIN\n'
    '       useradd -D\n'
    '       useradd -D [options]\n'
    '\n'
    'Options:\n'
    '      --badname                 do not check for bad names\n'
    '  -b, --base-dir BASE_DIR       base directory for the home directory of the\n'
    '                                new account\n'
    '      --btrfs-subvolume-home    use BTRFS subvolume for home directory\n'
    '  -c, --comment COMMENT         GECOS field of the new account\n'
    '  -d, --home-dir HOME_DIR       home directory of the new account\n'
    '  -D, --defaults                print or change default useradd configuration\n'
    '  -e, --expiredate EXPIRE_DATE  expiration date of the new account\n'
    '  -f, --inactive INACTIVE       password inactivity period of the new account\n'
    '  -F, --add-subids-for-system   add entries to sub[ud]id even when adding a system user\n'
    '  -g, --gid GROUP               name or ID of the primary group of the new\n'
    '                                account\n'
    '  -G, --groups GROUPS           list of supplementary groups of the new\n'
    '                                account\n'
    '  -h, --help                    display this help message and exit\n'
    '  -k, --skel SKEL_DIR           use this alternative skeleton directory\n'
    '  -K, --key KEY=VALUE           override /etc/login.defs defaults\n'
    '  -l, --no-log-init             do not add the user to the lastlog and\n'
    '                                faillog databases\n'
    "  -m, --create-home             create the user's home directory\n"
    "  -M, --no-create-home          do not create the user's home directory\n"
    '  -N, --no-user-group           do not create a group with the same name as\n'
    '                                the user\n'
    '  -o, --non-unique              allow to create users with duplicate\n'
    '                                (non-unique) UID\n'
    '  -p, --password PASSWORD       encrypted password of the new account\n'
    '  -r, --system                  create a system account\n'
    '  -R, --root CHROOT_DIR         directory to chroot into\n'
    '  -P, --prefix PREFIX_DIR       prefix directory where are located the /etc/* files\n'
    '  -s, --shell SHELL             login shell of the new account\n'
    '  -u, --uid UID                 user ID of the new account\n'
    '  -U, --user-group              create a group with the same name as the user\n'
    '  -Z, --selinux-user SEUSER     use a specific SEUSER for the SELinux user mapping\n'
    '\n'
)

USERDEL_HELP = (
    'Usage: userdel [options] LOGIN\n'
    '\n'
    'Options:\n'
    '  -f, --force                   force some actions that would fail otherwise\n'
    '                                e.g. removal of user still logged in\n'
    '                                or files, even if not owned by the user\n'
    '  -h, --help                    display this help message and exit\n'
    '  -r, --remove                  remove home directory and mail spool\n'
    '  -R, --root CHROOT_DIR         directory to chroot into\n'
    '  -P, --prefix PREFIX_DIR       prefix directory where are located the /etc/* files\n'
    '  -Z, --selinux-user            remove any SELinux user mapping for the user\n'
    '\n'
)

USERMOD_HELP = (
    'Usage: usermod [options] LOGIN\n'
    '\n'
    'Options:\n'
    '  -a, --append                  append the user to the supplemental GROUPS\n'
    '                                mentioned by the -G option without removing\n'
    '                                the user from other groups\n'
    '  -b, --badname                 allow bad names\n'
    '  -c, --comment COMMENT         new value of the GECOS field\n'
    '  -d, --home HOME_DIR           new home directory for the user account\n'
    '  -e, --expiredate EXPIRE_DATE  set account expiration date to EXPIRE_DATE\n'
    '  -f, --inactive INACTIVE       set password inactive after expiration\n'
    '                                to INACTIVE\n'
    '  -g, --gid GROUP               force use GROUP as new primary group\n'
    '  -G, --groups GROUPS           new list of supplementary GROUPS\n'
    '  -h, --help                    display this help message and exit\n'
    '  -l, --login NEW_LOGIN         new value of the login name\n'
    '  -L, --lock                    lock the user account\n'
    '  -m, --move-home               move contents of the home directory to the\n'
    '                                new location (use only with -d)\n'
    '  -o, --non-unique              allow using duplicate (non-unique) UID\n'
    '  -p, --password PASSWORD       use encrypted password for the new password\n'
    '  -P, --prefix PREFIX_DIR       prefix directory where are located the /etc/* files\n'
    '  -r, --remove                  remove the user from only the supplemental GROUPS\n'
    '                                mentioned by the -G option without removing\n'
    '                                the user from other groups\n'
    '  -R, --root CHROOT_DIR         directory to chroot into\n'
    '  -s, --shell SHELL             new login shell for the user account\n'
    '  -u, --uid UID                 new UID for the user account\n'
    '  -U, --unlock                  unlock the user account\n'
    '  -v, --add-subuids FIRST-LAST  add range of subordinate uids\n'
    '  -V, --del-subuids FIRST-LAST  remove range of subordinate uids\n'
    '  -w, --add-subgids FIRST-LAST  add range of subordinate gids\n'
    '  -W, --del-subgids FIRST-LAST  remove range of subordinate gids\n'
    '  -Z, --selinux-user SEUSER     new SELinux user mapping for the user account\n'
    '\n'
)

GROUPADD_HELP = (
    'Usage: groupadd [options] GROUP\n'
    '\n'
    'Options:\n'
    '  -f, --force                   exit successfully if the group already exists,\n'
    '                                and cancel -g if the GID is already used\n'
    '  -g, --gid GID                 use GID for the new group\n'
    '  -h, --help                    display this help message and exit\n'
    '  -K, --key KEY=VALUE           override /etc/login.defs defaults\n'
    '  -o, --non-unique              allow to create groups with duplicate\n'
    '                                (non-unique) GID\n'
    '  -p, --password PASSWORD       use this encrypted password for the new group\n'
    '  -r, --system                  create a system account\n'
    '  -R, --root CHROOT_DIR         directory to chroot into\n'
    '  -P, --prefix PREFIX_DI        directory prefix\n'
    '  -U, --users USERS             list of user members of this group\n'
    '\n'
)

GROUPDEL_HELP = (
    'Usage: groupdel [options] GROUP\n'
    '\n'
    'Options:\n'
    '  -h, --help                    display this help message and exit\n'
    '  -R, --root CHROOT_DIR         directory to chroot into\n'
    '  -P, --prefix PREFIX_DIR       prefix directory where are located the /etc/* files\n'
    '  -f, --force                   delete group even if it is the primary group of a user\n'
    '\n'
)

PASSWD_HELP = (
    'Usage: passwd [options] [LOGIN]\n'
    '\n'
    'Options:\n'
    '  -a, --all                     report password status on all accounts\n'
    '  -d, --delete                  delete the password for the named account\n'
    '  -e, --expire                  force expire the password for the named account\n'
    '  -h, --help                    display this help message and exit\n'
    '  -k, --keep-tokens             change password only if expired\n'
    '  -i, --inactive INACTIVE       set password inactive after expiration\n'
    '                                to INACTIVE\n'
    '  -l, --lock                    lock the password of the named account\n'
    '  -n, --mindays MIN_DAYS        set minimum number of days before password\n'
    '                                change to MIN_DAYS\n'
    '  -q, --quiet                   quiet mode\n'
    '  -r, --repository REPOSITORY   change password in REPOSITORY repository\n'
    '  -R, --root CHROOT_DIR         directory to chroot into\n'
    '  -S, --status                  report password status on the named account\n'
    '  -u, --unlock                  unlock the password of the named account\n'
    '  -w, --warndays WARN_DAYS      set expiration warning days to WARN_DAYS\n'
    '  -x, --maxdays MAX_DAYS        set maximum number of days before password\n'
    '                                change to MAX_DAYS\n'
    '\n'
)

CHPASSWD_HELP = (
    'Usage: chpasswd [options]\n'
    '\n'
    'Options:\n'
    '  -c, --crypt-method METHOD     the crypt method (one of NONE DES MD5 SHA256 SHA512 YESCRYPT)\n'
    '  -e, --encrypted               supplied passwords are encrypted\n'
    '  -h, --help                    display this help message and exit\n'
    '  -m, --md5                     encrypt the clear text password using\n'
    '                                the MD5 algorithm\n'
    '  -R, --root CHROOT_DIR         directory to chroot into\n'
    '  -s, --sha-rounds              number of rounds for the SHA, BCRYPT\n'
    '                                or YESCRYPT crypt algorithms\n'
    '\n'
)

GETENT_HELP = (
    'Usage: getent [OPTION...] database [key ...]\n'
    'Get entries from administrative database.\n'
    '\n'
    '  -A, --no-addrconfig        do not filter out unsupported IPv4/IPv6 addresses\n'
    '                             (with ahosts*)\n'
    '  -i, --no-idn               disable IDN encoding\n'
    '  -s, --service=CONFIG       Service configuration to be used\n'
    '  -?, --help                 Give this help list\n'
    '      --usage                Give a short usage message\n'
    '  -V, --version              Print program version\n'
    '\n'
    'Mandatory or optional arguments to long options are also mandatory or optional\n'
    'for any corresponding short options.\n'
    '\n'
    'Supported databases:\n'
    'ahosts ahostsv4 ahostsv6 aliases ethers group gshadow hosts initgroups\n'
    'netgroup networks passwd protocols rpc services shadow\n'
    '\n'
    'For bug reporting instructions, please see:\n'
    '<http://www.debian.org/Bugs/>.\n'
)

WHO_HELP = (
    'Usage: who [OPTION]... [ FILE | ARG1 ARG2 ]\n'
    'Print information about users who are currently logged in.\n'
    '\n'
    '  -a, --all         same as -b -d --login -p -r -t -T -u\n'
    '  -b, --boot        time of last system boot\n'
    '  -d, --dead        print dead processes\n'
    '  -H, --heading     print line of column headings\n'
    '      --ips         print ips instead of hostnames. with --lookup,\n'
    '                    canonicalizes based on stored IP, if available,\n'
    '                    rather than stored hostname\n'
    '  -l, --login       print system login processes\n'
    '      --lookup      attempt to canonicalize hostnames via DNS\n'
    '  -m                only hostname and user associated with stdin\n'
    '  -p, --process     print active processes spawned by init\n'
    '  -q, --count       all login names and number of users logged on\n'
    '  -r, --runlevel    print current runlevel\n'
    '  -s, --short       print only name, line, and time (default)\n'
    '  -t, --time        print last system clock change\n'
    "  -T, -w, --mesg    add user's message status as +, - or ?\n"
    '  -u, --users       list users logged in\n'
    '      --message     same as -T\n'
    '      --writable    same as -T\n'
    '      --help        display this help and exit\n'
    '      --version     output version information and exit\n'
    '\n'
    'If FILE is not specified, use /var/run/utmp.  /var/log/wtmp as FILE is common.\n'
    "If ARG1 ARG2 given, -m presumed: 'am i' or 'mom likes' are usual.\n"
    '\n'
    'GNU coreutils online help: <https://www.gnu.org/software/coreutils/>\n'
    'Report any translation bugs to <https://translationproject.org/team/>\n'
    'Full documentation <https://www.gnu.org/software/coreutils/who>\n'
    "or available locally via: info '(coreutils) who invocation'\n"
)

ADDUSER_HELP = (
    'adduser [--uid id] [--firstuid id] [--lastuid id]\n'
    '        [--gid id] [--firstgid id] [--lastgid id] [--ingroup group]\n'
    '        [--add-extra-groups] [--shell shell]\n'
    '        [--comment comment] [--home dir] [--no-create-home]\n'
    '        [--allow-all-names] [--allow-bad-names]\n'
    '        [--disabled-password] [--disabled-login]\n'
    '        [--conf file] [--quiet] [--verbose] [--debug]\n'
    '        user\n'
    '    Add a normal user\n'
    '\n'
    'adduser --system\n'
    '        [--uid id] [--group] [--ingroup group] [--gid id]\n'
    '        [--shell shell] [--comment comment] [--home dir] [--no-create-home]\n'
    '        [--conf file] [--quiet] [--verbose] [--debug]\n'
    '        user\n'
    '   Add a system user\n'
    '\n'
    'adduser --group\n'
    '        [--gid ID] [--firstgid id] [--lastgid id]\n'
    '        [--conf file] [--quiet] [--verbose] [--debug]\n'
    '        group\n'
    'addgroup\n'
    '        [--gid ID] [--firstgid id] [--lastgid id]\n'
    '        [--conf file] [--quiet] [--verbose] [--debug]\n'
    '        group\n'
    '   Add a user group\n'
    '\n'
    'addgroup --system\n'
    '        [--gid id]\n'
    '        [--conf file] [--quiet] [--verbose] [--debug]\n'
    '        group\n'
    '   Add a system group\n'
    '\n'
    'adduser USER GROUP\n'
    '   Add an existing user to an existing group\n'
)

DELUSER_HELP = (
    'deluser [--system] [--remove-home] [--remove-all-files] [--backup]\n'
    '        [--backup-to dir] [--backup-suffix str] [--conf file]\n'
    '        [--quiet] [--verbose] [--debug] user\n'
    '\n'
    '  remove a normal user from the system\n'
    '\n'
    'deluser --group [--system] [--only-if-empty] [--conf file] [--quiet]\n'
    '        [--verbose] [--debug] group\n'
    'delgroup [--system] [--only-if-empty] [--conf file] [--quiet]\n'
    '         [--verbose] [--debug] group\n'
    '  remove a group from the system\n'
    '\n'
    'deluser [--conf file] [--quiet] [--verbose] [--debug] user group\n'
    '  remove the user from a group\n'
)

SU_HELP = (
    '\n'
    'Usage:\n'
    ' su [options] [-] [<user> [<argument>...]]\n'
    '\n'
    'Change the effective user ID and group ID to that of <user>.\n'
    'A mere - implies -l.  If <user> is not given, root is assumed.\n'
    '\n'
    'Options:\n'
    ' -m, -p, --preserve-environment      do not reset environment variables\n'
    " -w, --whitelist-environment <list>  don't reset specified variables\n"
    '\n'
    ' -g, --group <group>             specify the primary group\n'
    ' -G, --supp-group <group>        specify a supplemental group\n'
    '\n'
    ' -, -l, --login                  make the shell a login shell\n'
    ' -c, --command <command>         pass a single command to the shell with -c\n'
    ' --session-command <command>     pass a single command to the shell with -c\n'
    '                                   and do not create a new session\n'
    ' -f, --fast                      pass -f to the shell (for csh or tcsh)\n'
    ' -s, --shell <shell>             run <shell> if /etc/shells allows it\n'
    ' -P, --pty                       create a new pseudo-terminal\n'
    '\n'
    ' -h, --help                      display this help\n'
    ' -V, --version                   display version\n'
    '\n'
    'For more details see su(1).\n'
)
SUDO_HELP = """\
sudo - execute a command as another user

usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABknS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABknS] [-g group] [-h host] [-p prompt] [-U user] [-u user]
            [command]
usage: sudo [-ABbEHknPS] [-r role] [-t type] [-C num] [-D directory] [-g
            group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user]
            [VAR=value] [-i|-s] [<command>]
usage: sudo -e [-ABknS] [-r role] [-t type] [-C num] [-D directory] [-g
            group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user]
            file ...

Options:
  -A, --askpass                 use a helper program for password prompting
  -b, --background              run command in the background
  -B, --bell                    ring bell when prompting
  -C, --close-from=num          close all file descriptors >= num
  -D, --chdir=directory         change the working directory before running
                                command
  -E, --preserve-env            preserve user environment when running command
      --preserve-env=list       preserve specific environment variables
  -e, --edit                    edit files instead of running a command
  -g, --group=group             run command as the specified group name or ID
  -H, --set-home                set HOME variable to target user's home dir
  -h, --help                    display help message and exit
  -h, --host=host               run command on host (if supported by plugin)
  -i, --login                   run login shell as the target user; a command
                                may also be specified
  -K, --remove-timestamp        remove timestamp file completely
  -k, --reset-timestamp         invalidate timestamp file
  -l, --list                    list user's privileges or check a specific
                                command; use twice for longer format
  -n, --non-interactive         non-interactive mode, no prompts are used
  -P, --preserve-groups         preserve group vector instead of setting to
                                target's
  -p, --prompt=prompt           use the specified password prompt
  -R, --chroot=directory        change the root directory before running command
  -r, --role=role               create SELinux security context with specified
                                role
  -S, --stdin                   read password from standard input
  -s, --shell                   run shell as the target user; a command may
                                also be specified
  -t, --type=type               create SELinux security context with specified
                                type
  -T, --command-timeout=timeout terminate command after the specified time limit
  -U, --other-user=user         in list mode, display privileges for user
  -u, --user=user               run command (or edit file) as specified user
                                name or ID
  -V, --version                 display version information and exit
  -v, --validate                update user's timestamp without running a
                                command
  --                            stop processing command line arguments
"""

SUDO_USAGE = """\
usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABknS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABknS] [-g group] [-h host] [-p prompt] [-U user] [-u user]
            [command]
usage: sudo [-ABbEHknPS] [-r role] [-t type] [-C num] [-D directory] [-g
            group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user]
            [VAR=value] [-i|-s] [<command>]
usage: sudo -e [-ABknS] [-r role] [-t type] [-C num] [-D directory] [-g
            group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user]
            file ...
"""
