"""curl, wget, nginx on web1, a pack's HTTP service and the simulated internet (issue 16)."""
from __future__ import annotations

import pytest
from shelldojo.filesystem import ROOT, acting_as
from shelldojo.shell.cloud import fresh_cloud
from shelldojo.shell.net.apps import install_http_service
from shelldojo.shell.net.http import BadURL, parse_url
from shelldojo.shell.session import Session
from shelldojo.shell.streams import BufferOutput, NullInput

from tests.hostile import run_c

NOT_FOUND = (b"<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found"
             b"</h1></center>\r\n<hr><center>nginx/1.18.0 (Ubuntu)</center>\r\n</body>\r\n</html>\r\n")


def sh(machine, script: str, user: str = "learner") -> tuple[int, bytes, bytes]:
    out, err = BufferOutput(), BufferOutput()
    status = Session(machine, user=user, stdin=NullInput(), stdout=out, stderr=err).run_source(script)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def cloud():
    return fresh_cloud()


def test_url_split() -> None:
    url = parse_url("web1:8080/a/b?x=1#frag")
    assert (url.scheme, url.host, url.port, url.target) == ("http", "web1", 8080, "/a/b?x=1")
    assert parse_url("https://Example.COM").target == "/"
    with pytest.raises(BadURL):
        parse_url("http://")


def test_done_when_welcome_and_unresolved() -> None:
    out = run_c("curl -s http://web1/ | grep -c '<h1>Welcome to nginx'; curl http://nowhere.invalid/; echo $?")
    assert out.stdout == b"1\n6\n"
    assert out.stderr.endswith(b"     0curl: (6) Could not resolve host: nowhere.invalid\n")


def test_index_written_on_web1_is_served(cloud) -> None:
    web1 = cloud.machine("web1")
    with acting_as(ROOT):
        web1.vfs.write_bytes("/var/www/html/index.html", b"<h1>Menu</h1>\n")
    status, out, _ = sh(cloud.main_machine, "curl -s http://web1/")
    assert (status, out) == (0, b"<h1>Menu</h1>\n")
    log = web1.vfs.read_bytes("/var/log/nginx/access.log").decode()
    assert '10.0.0.10 - - [' in log and '"GET / HTTP/1.1" 200 14 "-" "curl/7.81.0"' in log


def test_nginx_404_403_301_head(cloud) -> None:
    web1, dojo = cloud.machine("web1"), cloud.main_machine
    with acting_as(ROOT):
        web1.vfs.makedirs("/var/www/html/empty", exist_ok=True)
        web1.vfs.write_bytes("/var/www/html/secret.txt", b"s\n")
        web1.os.chmod("/var/www/html/secret.txt", 0o600)
    _status, out, _ = sh(dojo, "curl -s http://web1/nope")
    assert out == NOT_FOUND
    _, out, _ = sh(dojo, "curl -si http://web1/empty")
    assert out.startswith(b"HTTP/1.1 301 Moved Permanently\r\nServer: nginx/1.18.0 (Ubuntu)\r\nDate: ")
    assert b"\r\nLocation: http://web1/empty/\r\nConnection: keep-alive\r\n\r\n" in out
    _, out, _ = sh(dojo, "curl -s -o /dev/null -o /dev/null -w '%{http_code} ' http://web1/empty/ http://web1/secret.txt")
    assert out == b"403 403 "
    assert b'directory index of "/var/www/html/empty/" is forbidden' in web1.vfs.read_bytes("/var/log/nginx/error.log")
    _, out, _ = sh(dojo, "curl -sI http://web1/index.nginx-debian.html")
    lines = out.decode().split("\r\n")
    assert [ln.split(":")[0] for ln in lines[1:9]] == ["Server", "Date", "Content-Type", "Content-Length",
                                                       "Last-Modified", "Connection", "ETag", "Accept-Ranges"]
    assert "Content-Length: 612" in lines and out.endswith(b"\r\n\r\n")


def test_curl_errors_and_fail(cloud) -> None:
    dojo = cloud.main_machine
    _status, out, err = sh(dojo, "curl -sf http://web1/nope; echo $?; curl -s foo://x; echo $?; curl -s http://; echo $?;"
                                " curl -s http://web1:81/; echo $?; curl --bogus; echo $?")
    assert out == b"22\n1\n3\n7\n2\n"
    assert err == b"curl: option --bogus: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
    _, _, err = sh(dojo, "curl -sS http://web1:81/")
    assert err == b"curl: (7) Failed to connect to web1 port 81 after 0 ms: Connection refused\n"
    _, out, _ = sh(dojo, "curl -s -w '%{http_code}' http://nowhere.invalid/")
    assert out == b"000"


def test_wget_saves_and_numbers(cloud) -> None:
    _status, out, err = sh(cloud.main_machine, "cd /tmp && wget -q http://web1/index.nginx-debian.html && "
                                              "wget http://web1/index.nginx-debian.html; echo $?; ls index*;"
                                              " wget http://web1/nope; echo $?")
    assert out == b"0\nindex.nginx-debian.html\nindex.nginx-debian.html.1\n8\n"
    text = err.decode()
    assert "Connecting to web1 (web1)|10.0.0.11|:80... connected.\n" in text
    assert "Length: 612 [text/html]\nSaving to: \u2018index.nginx-debian.html.1\u2019\n" in text
    assert "ERROR 404: Not Found.\n" in text


def test_download_and_install() -> None:
    out = run_c("cd /tmp && curl -sLO https://downloads.example/latest; curl -sLo tool-1.2.tar.gz "
                "https://downloads.example/latest && curl -s https://downloads.example/SHA256SUMS | sha256sum -c"
                " && tar xzf tool-1.2.tar.gz && ./tool-1.2/tool --version")
    assert out.stdout == b"tool-1.2.tar.gz: OK\ntool 1.2\n", out.stderr


def test_broken_config_nginx_t_and_systemctl(cloud) -> None:
    web1, dojo = cloud.machine("web1"), cloud.main_machine
    sh(web1, "sed -i 's/^\\troot /\\trooot /' /etc/nginx/sites-available/default", user="root")
    status, _, err = sh(web1, "nginx -t", user="root")
    assert status == 1
    assert err.startswith(b'nginx: [emerg] unknown directive "rooot" in /etc/nginx/sites-enabled/default:')
    assert err.endswith(b"nginx: configuration file /etc/nginx/nginx.conf test failed\n")
    status, _, err = sh(web1, "systemctl reload nginx", user="root")
    assert status == 1 and err.startswith(b"Job for nginx.service failed")
    assert sh(dojo, "curl -s -o /dev/null -w '%{http_code}' http://web1/")[1] == b"200"   # the old config runs
    status, _, err = sh(web1, "systemctl restart nginx; systemctl is-active nginx", user="root")
    assert b"Job for nginx.service failed because the control process exited with error code." in err
    status, out, err = sh(dojo, "curl http://web1/; echo $?")
    assert out == b"7\n" and b"curl: (7) Failed to connect to web1 port 80" in err
    _, out, _ = sh(web1, "journalctl -u nginx --no-pager | tail -3", user="root")
    assert b"nginx.service: Control process exited, code=exited, status=1/FAILURE" in out
    sh(web1, "sed -i 's/rooot/root/' /etc/nginx/sites-available/default", user="root")
    status, _, err = sh(web1, "nginx -t && systemctl start nginx", user="root")
    assert status == 0, err
    assert sh(dojo, "curl -s -o /dev/null -w '%{http_code}' http://web1/")[1] == b"200"


def test_json_service_answers_orders(cloud) -> None:
    db1 = cloud.machine("db1")
    with acting_as(ROOT):
        db1.vfs.makedirs("/srv/orders", exist_ok=True)
        db1.vfs.write_bytes("/srv/orders/A127B.json", b'{"id": "A127B", "dish": "ramen"}\n')
        db1.vfs.write_bytes("/srv/count", b"#!/bin/sh\necho \"$1 has 3\"\n")
        db1.os.chmod("/srv/count", 0o755)
    install_http_service(db1, "orders", 8080, {"/orders/{id}": {"file": "/srv/orders/{id}.json"},
                                               "/health": {"body": "ok\n"},
                                               "/count/{item}": {"script": "/srv/count"}})
    _status, out, _err = sh(cloud.main_machine, "curl -s http://db1:8080/orders/A127B; curl -s db1:8080/health;"
                                              " curl -s db1:8080/count/rice; curl -si db1:8080/orders/ZZZ")
    assert out.startswith(b'{"id": "A127B", "dish": "ramen"}\nok\nrice has 3\nHTTP/1.1 404 Not Found\r\n')
    assert out.endswith(b'\r\n\r\n{"error": "not found"}\n')
    _, out, _ = sh(db1, "systemctl is-active orders; ss -tln | grep -c ':8080 '", user="root")
    assert out == b"active\n1\n"


def test_reload_reads_a_new_listen_port_and_write_errors(cloud) -> None:
    web1, dojo = cloud.machine("web1"), cloud.main_machine
    sh(web1, "sed -i 's/listen 80 default_server;/listen 8081 default_server;/' /etc/nginx/sites-available/default",
       user="root")
    assert sh(dojo, "curl -s -o /dev/null -w '%{http_code}' http://web1:8081/")[1] == b"000"   # not yet reloaded
    status, _, err = sh(web1, "systemctl reload nginx", user="root")
    assert status == 0, err
    assert sh(dojo, "curl -s -o /dev/null -w '%{http_code}' http://web1:8081/")[1] == b"200"
    status, out, err = sh(dojo, "curl -o /nonexistent/x http://web1:8081/; echo $?")
    assert out == b"23\n"
    assert b"Warning: Failed to open the file /nonexistent/x: No such file or directory\n" in err
    assert err.endswith(b"curl: (23) Failure writing output to destination\n")
