"""deploy/ refers to what exists: the programs of the virtual environment, the management
commands, the variables the settings read; and nginx accepts the site."""

import configparser
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

DEPLOY = Path(settings.BASE_DIR) / "deploy"
INSTALL_DIR = "/opt/directive-tracker"
UNITS = sorted(DEPLOY.glob("*.service"))


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string(path.read_text().replace("\\\n", " "))
    return parser


def env_template() -> dict[str, str]:
    values = {}
    for line in (DEPLOY / "directive-tracker.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def test_there_is_a_unit_for_the_web_the_worker_the_beat_and_the_backup():
    names = {path.name for path in UNITS}
    assert names == {
        "directive-tracker-web.service",
        "directive-tracker-worker.service",
        "directive-tracker-beat.service",
        "directive-tracker-backup.service",
    }
    assert (DEPLOY / "directive-tracker-backup.timer").exists()


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_each_unit_runs_a_program_of_the_virtual_environment(path):
    service = unit(path)["Service"]
    command = shlex.split(service["ExecStart"])
    if command[0] == "/bin/sh":  # the backup names its folder by the date
        command = shlex.split(command[-1].replace("exec ", "", 1))
    program = command[0]
    assert program.startswith(f"{INSTALL_DIR}/.venv/bin/"), program
    local = Path(settings.BASE_DIR) / ".venv" / "bin" / Path(program).name
    assert local.exists(), f"{path.name} runs {program}, which the project does not install"
    if Path(program).name == "python":
        assert command[1] == "manage.py" and command[2] in get_commands()
    assert service["WorkingDirectory"] == INSTALL_DIR
    assert service["EnvironmentFile"] == "/etc/directive-tracker/env"
    if path.name != "directive-tracker-backup.service":
        assert service["Restart"] == "always"


def test_only_one_beat_and_the_web_listens_on_the_loopback():
    beat = unit(DEPLOY / "directive-tracker-beat.service")["Service"]["ExecStart"]
    assert " beat " in beat and "--schedule /var/lib/directive-tracker/" in beat
    web = unit(DEPLOY / "directive-tracker-web.service")["Service"]["ExecStart"]
    assert "--bind 127.0.0.1:8000" in web
    assert "server 127.0.0.1:8000;" in (DEPLOY / "nginx-site.conf").read_text()


def test_every_variable_of_the_template_is_read_by_the_settings():
    source = (Path(settings.BASE_DIR) / "directive_tracker" / "settings.py").read_text()
    read = set(re.findall(r"""env(?:\.\w+)?\(\s*["'](\w+)["']""", source))
    read |= set(re.findall(r"""_\w+_setting\(\s*["'](\w+)["']""", source))
    unknown = set(env_template()) - read
    assert not unknown, f"the env template sets variables nothing reads: {unknown}"
    for required in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"):
        assert required in env_template()


def test_the_proxy_accepts_a_request_as_large_as_the_evidence_limit():
    size = re.search(r"client_max_body_size (\d+)m;", (DEPLOY / "nginx-site.conf").read_text())
    assert int(size.group(1)) >= 5 * int(env_template()["EVIDENCE_MAX_MB"])


def test_nginx_accepts_the_site(tmp_path):
    """`nginx -t` on the site with a certificate made now, in a folder of its own: the
    system's nginx and its configuration are not touched."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed (.ci/run installs it)")
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=theodoi.example.vn",
            "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    site = (
        (DEPLOY / "nginx-site.conf")
        .read_text()
        .replace("/etc/ssl/directive-tracker/", f"{tmp_path}/")
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    access_log off;
    include {tmp_path}/site.conf;
}}
"""
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
