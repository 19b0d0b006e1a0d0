"""Issue 15, S1: lscpu, lsblk, findmnt, logger, wall, last, lslogins over the machine's stated size,
disk, journal and session (byte-for-byte usage cases recorded from util-linux 2.38 are in
tests/golden/utils_s1.sh)."""
from __future__ import annotations

from tests.hostile import run_c, run_source_in_process


def sh(script: str) -> tuple[int, str, str]:
    return run_source_in_process(script)


def test_lscpu_agrees_with_nproc_and_cpuinfo() -> None:
    _status, out, _ = sh("nproc; lscpu | grep -E '^(CPU\\(s\\)|Model name|Core\\(s\\) per socket|Socket\\(s\\)):' "
                         "| tr -s ' '; grep -m1 'model name' /proc/cpuinfo")
    assert out == ("2\nCPU(s): 2\nModel name: Intel(R) Xeon(R) CPU @ 2.20GHz\nCore(s) per socket: 2\n"
                   "Socket(s): 1\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n")


def test_lscpu_pads_fields_to_the_longest_name_and_lists_cpus() -> None:
    _status, out, _ = sh("lscpu | head -1; lscpu -e; lscpu -p | tail -1")
    assert out.splitlines()[0] == "Architecture:" + " " * 23 + "x86_64"
    assert out.splitlines()[1:] == ["CPU NODE SOCKET CORE L1d:L1i:L2:L3 ONLINE",
                                    "  0    0      0    0 0:0:0:0          yes",
                                    "  1    0      0    1 1:1:1:0          yes", "1,1,0,0,,1,1,1,0"]


def test_lsblk_shows_one_disk_whose_root_partition_is_dfs_size() -> None:
    _status, out, _ = sh("lsblk; df -h / | tail -1 | awk '{print $2}'")
    assert out == ("NAME    MAJ:MIN RM  SIZE RO TYPE MOUNTPOINTS\n"
                   "sda       8:0    0  175M  0 disk \n"
                   "├─sda1    8:1    0   64M  0 part /\n"
                   "├─sda14   8:14   0    4M  0 part \n"
                   "└─sda15   8:15   0  106M  0 part \n64M\n")


def test_lsblk_options() -> None:
    _status, out, _ = sh("lsblk -d -b -n; lsblk -l -n -o NAME,FSTYPE; lsblk -J -d | head -4")
    assert out == ("sda    8:0    0 183500800  0 disk \n"
                   "sda   \nsda1  ext4\nsda14 \nsda15 vfat\n"
                   '{\n   "blockdevices": [\n      {\n         "name": "sda",\n')


def test_lsblk_errors() -> None:
    assert sh("lsblk /dev/nosuch") == (32, "", "lsblk: /dev/nosuch: not a block device\n")
    assert sh("lsblk -o FOO") == (1, "", "lsblk: unknown column: FOO\n")


def test_findmnt_tree_lookup_and_missing_target() -> None:
    _status, out, _ = sh("findmnt | head -5; findmnt -n -o TARGET,SOURCE /; findmnt /nosuch; echo $?")
    assert out == ("TARGET        SOURCE    FSTYPE   OPTIONS\n"
                   "/             /dev/sda1 ext4     rw,relatime\n"
                   "├─/sys        sysfs     sysfs    rw,nosuid,nodev,noexec,relatime\n"
                   "├─/proc       proc      proc     rw,nosuid,nodev,noexec,relatime\n"
                   "├─/dev        udev      devtmpfs rw,nosuid,relatime,size=1967228k,nr_inodes=491807,mode=755,inode64\n"
                   "/      /dev/sda1\n1\n")


def test_findmnt_types_and_list() -> None:
    _status, out, _ = sh("findmnt -l -n -t tmpfs -o TARGET; findmnt -n -T /home/learner -o TARGET")
    assert out == "/run\n/dev/shm\n/run/lock\n/\n"


def test_logger_writes_the_journal_and_syslog() -> None:
    _status, out, _err = sh("logger -t demo hello there; logger --id=42 -s x 2>/dev/null; "
                           "sudo journalctl -t demo -q | sed 's/^.* dojo //'; sudo tail -1 /var/log/syslog | cut -c17-")
    assert out == "demo: hello there\ndojo learner[42]: x\n"


def test_logger_stderr_copy_and_stdin_lines() -> None:
    _status, _out, err = sh("printf 'a\\nb\\n' | logger -s -p local0.err -t t")
    lines = err.splitlines()
    assert len(lines) == 2 and lines[0].startswith("<131>") and lines[0].endswith(" t: a") and lines[1].endswith(" t: b")


def test_logger_priority_and_file_errors() -> None:
    assert sh("logger -p foo.bar x") == (1, "", "logger: unknown facility name: foo\n")
    assert sh("logger -p local0.bar x") == (1, "", "logger: unknown priority name: bar\n")
    assert sh("logger -f /nosuch") == (1, "", "logger: file /nosuch: No such file or directory\n")


def test_last_shows_the_session_and_the_boot() -> None:
    _status, out, _ = sh("last -x | cut -c1-41; last | tail -1 | cut -c1-12; uptime -s | cut -c1-10")
    lines = out.splitlines()
    assert lines[:3] == ["learner  pts/0        10.0.2.2         " + lines[0][39:41],
                         "runlevel (to lvl 5)   5.15.0-91-generi " + lines[1][39:41],
                         "reboot   system boot  5.15.0-91-generi " + lines[2][39:41]]
    assert lines[3] == "" and lines[4].startswith("wtmp begins ") and lines[5] == "wtmp begins "
    assert sh("last -n 1 | grep -c 'still logged in'")[1] == "1\n"


def test_wall_without_a_terminal_prints_nothing_and_nobanner_is_roots() -> None:
    assert sh("wall hi") == (0, "", "")
    assert sh("wall -n hi") == (0, "", "wall: --nobanner is available only for root\n")


def test_lslogins_hides_shadow_from_users_and_shows_it_to_root() -> None:
    _status, out, _ = sh("lslogins | grep -E '^ *(0|1000) '; sudo lslogins | grep -E '^ *1 '")
    lines = out.splitlines()
    assert lines[0].split() == ["0", "root", lines[0].split()[2], "root"]
    assert lines[1].split()[:3] == ["1000", "learner", lines[1].split()[2]] and lines[1].endswith("Learner,,,")
    assert lines[2].split() == ["1", "daemon", "0", "0", "1", "daemon"]


def test_lslogins_detail_view() -> None:
    _status, out, _ = sh("lslogins learner | head -3")
    assert out == ("Username:                           learner                             \n"
                   "UID:                                1000                                \n"
                   "Gecos field:                        Learner,,,                          \n")
    assert sh("lslogins nosuch") == (1, "", "lslogins: cannot found 'nosuch'\n")


def test_commands_are_fast_and_bounded() -> None:
    outcome = run_c("for i in $(seq 50); do lscpu >/dev/null; lsblk -f >/dev/null; findmnt >/dev/null; "
                    "lslogins >/dev/null; last >/dev/null; done; seq 300 | logger; echo ok")
    outcome.assert_bounded(wall_s=30, mem_mb=400)
    assert outcome.stdout == b"ok\n" and outcome.status == 0
