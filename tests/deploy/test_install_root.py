"""scripts/install-pi --root DIR: every file lands, system steps are printed, no rerun changes."""

from __future__ import annotations

import tomllib

from tests.deploy.conftest import CMDLINE_TXT, REPO, load_installer, snapshot


def test_install_writes_every_file(pi_root, install):
    done = install(pi_root)
    assert done.returncode == 0, done.stderr
    expected = {
        "etc/systemd/system/smartstep.service": REPO / "systemd" / "smartstep.service",
        "etc/polkit-1/rules.d/50-smartstep-udisks2.rules":
            REPO / "assets" / "polkit" / "50-smartstep-udisks2.rules",
        "etc/polkit-1/rules.d/50-smartstep-timedate.rules":
            REPO / "assets" / "polkit" / "50-smartstep-timedate.rules",
        "etc/smartstep/kivy/config.ini": REPO / "assets" / "kivy" / "config.ini",
        "etc/smartstep/config.toml": REPO / "assets" / "config.pi.toml",
        "opt/smartstep/app/pyproject.toml": REPO / "pyproject.toml",
        "opt/smartstep/app/kiosk/cli.py": REPO / "kiosk" / "cli.py",
        "opt/smartstep/app/drivers/tof.py": REPO / "drivers" / "tof.py",
        "opt/smartstep/app/kiosk/ui/assets/pictures/step-end.png":
            REPO / "kiosk" / "ui" / "assets" / "pictures" / "step-end.png",
    }
    for rel, source in expected.items():
        assert (pi_root / rel).read_bytes() == source.read_bytes(), rel
    assert (pi_root / "etc/smartstep/kivy/mods").is_dir()
    assert (pi_root / "etc/smartstep/kivy/icon").is_dir()
    assert not list((pi_root / "opt/smartstep/app").rglob("__pycache__"))
    assert (pi_root / "opt/smartstep/app/scripts/install-pi").stat().st_mode & 0o111
    config = tomllib.loads((pi_root / "etc/smartstep/config.toml").read_text())
    assert config["data_dir"] == "/var/lib/smartstep"


def test_system_steps_are_printed_not_run(pi_root, install):
    out = install(pi_root).stdout
    would = [line for line in out.splitlines() if line.startswith("would run: ")]
    text = "\n".join(would)
    assert "useradd --system" in text and "smartstep" in text
    assert "usermod -a -G gpio,spi,dialout,video,render,input smartstep" in text
    for package in ("libdrm2", "libgbm1", "libegl1", "libgles2", "libmtdev1", "udisks2"):
        assert package in text
    # Kivy's GL module links libGL.so.1 and EGL loads Mesa's DRI drivers: without them the
    # rehearsal on a bare root had no window ("ImportError: libGL.so.1").
    apt = next(line for line in would if " apt-get install " in line).split()
    assert "libgl1" in apt and "libgl1-mesa-dri" in apt
    assert "python3 -m venv /opt/smartstep/.venv" in text
    assert "pip install --editable '/opt/smartstep/app[pi]'" in text
    assert "systemctl enable smartstep.service" in text
    assert "systemctl disable getty@tty1.service" in text
    assert not (pi_root / "opt/smartstep/.venv").exists()  # a venv is not relocatable


def test_spi_and_uart_on_and_the_serial_console_off(pi_root, install):
    install(pi_root)
    config_txt = (pi_root / "boot/firmware/config.txt").read_text()
    lines = config_txt.splitlines()
    assert lines[:4] == ["dtparam=audio=on", "", "[all]", "dtparam=spi=off"]  # kept as it was
    # The later dtparam wins: SmartStep's block comes last.
    assert lines.index("dtparam=spi=on") > lines.index("dtparam=spi=off")
    for line in ("enable_uart=1", "[pi4]", "dtoverlay=disable-bt", "[pi5]",
                 "dtoverlay=uart0-pi5"):
        assert line in lines
    assert lines[-2:] == ["[all]", "# --- end SmartStep ---"]
    cmdline = (pi_root / "boot/firmware/cmdline.txt").read_text()
    assert "console=serial0" not in cmdline
    assert cmdline == CMDLINE_TXT.replace("console=serial0,115200 ", "")


def test_a_second_run_changes_nothing(pi_root, install):
    first = install(pi_root)
    assert "reboot" in first.stdout
    before = snapshot(pi_root)
    second = install(pi_root)
    assert second.returncode == 0, second.stderr
    assert snapshot(pi_root) == before
    assert "install-pi: nothing to change" in second.stdout
    assert "changed:" not in second.stdout and "reboot needed" not in second.stdout


def test_what_pip_leaves_in_the_app_folder_is_no_change(pi_root, install):
    # pip's build of the analysis leaves mypyc's type cache, build/ and the egg-info in the
    # app folder; deleting them made every second run a change (22 on the rehearsal).
    install(pi_root)
    app = pi_root / "opt/smartstep/app"
    left = [app / ".mypy_cache/3.11/kiosk/analysis/engine.data.json",
            app / "build/temp.linux-aarch64-cpython-311/build/__native.o",
            app / "smartstep.egg-info/PKG-INFO"]
    for path in left:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("made by pip")
    before = snapshot(pi_root)
    again = install(pi_root)
    assert again.returncode == 0, again.stderr
    assert "install-pi: nothing to change" in again.stdout, again.stdout
    assert snapshot(pi_root) == before
    assert all(path.read_text() == "made by pip" for path in left)


def test_groups_the_root_lacks_are_made_as_system_groups(pi_root, install):
    # Plain Debian has no gpio or spi group, and systemd refuses a unit whose
    # SupplementaryGroups= names a group that does not exist.
    (pi_root / "etc").mkdir()
    (pi_root / "etc/group").write_text(
        "root:x:0:\ndialout:x:20:\nvideo:x:44:\nrender:x:105:\ninput:x:104:\n")
    would = [line for line in install(pi_root).stdout.splitlines()
             if line.startswith("would run: groupadd")]
    assert [line.split("#")[0].split()[2:] for line in would] == [
        ["groupadd", "--system", "gpio"], ["groupadd", "--system", "spi"]]


def test_an_existing_config_is_kept(pi_root, install):
    config = pi_root / "etc/smartstep/config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('step_id = "clinic-3"\n')
    done = install(pi_root)
    assert config.read_text() == 'step_id = "clinic-3"\n'
    assert "kept: /etc/smartstep/config.toml" in done.stdout


def test_upgrade_removes_code_that_is_gone_and_keeps_the_config(pi_root, install):
    install(pi_root)
    stale = pi_root / "opt/smartstep/app/kiosk/old_module.py"
    stale.write_text("x = 1\n")
    (pi_root / "opt/smartstep/app/smartstep.egg-info").mkdir()  # pip's, kept
    config = pi_root / "etc/smartstep/config.toml"
    config.write_text('step_id = "clinic-3"\n')
    done = install(pi_root, "--upgrade")
    assert done.returncode == 0, done.stderr
    assert not stale.exists()
    assert (pi_root / "opt/smartstep/app/smartstep.egg-info").is_dir()
    assert config.read_text() == 'step_id = "clinic-3"\n'
    assert "pip install --editable" in done.stdout


def test_the_pis_own_compiled_analysis_is_kept_and_a_developers_not_copied(pi_root, install):
    install(pi_root)
    analysis = pi_root / "opt/smartstep/app/kiosk/analysis"
    built = [analysis / "engine.cpython-311-aarch64-linux-gnu.so", analysis / "_compiled.json"]
    for path in built:
        path.write_text("built by pip on the Pi")
    done = install(pi_root, "--upgrade")
    assert done.returncode == 0, done.stderr
    assert all(path.read_text() == "built by pip on the Pi" for path in built)
    assert (analysis / "engine.py").read_bytes() == (REPO / "kiosk/analysis/engine.py").read_bytes()
    copied = {p.name for p in analysis.iterdir()}
    assert not {p.name for p in (REPO / "kiosk/analysis").glob("*.so")} & copied
    assert (pi_root / "opt/smartstep/app/setup.py").read_bytes() == (REPO / "setup.py").read_bytes()


def test_uninstall_removes_the_kiosk_and_keeps_the_data(pi_root, install):
    install(pi_root)
    data = pi_root / "var/lib/smartstep/smartstep.db"
    data.parent.mkdir(parents=True)
    data.write_bytes(b"SQLite format 3\x00")
    done = install(pi_root, "--uninstall")
    assert done.returncode == 0, done.stderr
    for gone in ("etc/systemd/system/smartstep.service", "opt/smartstep",
                 "etc/polkit-1/rules.d/50-smartstep-udisks2.rules",
                 "etc/polkit-1/rules.d/50-smartstep-timedate.rules", "etc/smartstep/kivy"):
        assert not (pi_root / gone).exists(), gone
    assert data.read_bytes() == b"SQLite format 3\x00"
    assert (pi_root / "etc/smartstep/config.toml").exists()
    assert "would run: systemctl disable --now smartstep.service" in done.stdout
    assert "would run: systemctl enable getty@tty1.service" in done.stdout
    again = install(pi_root, "--uninstall")
    assert "nothing to change" in again.stdout


def test_without_boot_files_it_warns_and_installs_the_rest(tmp_path, install):
    done = install(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "warning: no /boot/firmware/config.txt" in done.stdout
    assert (tmp_path / "etc/systemd/system/smartstep.service").exists()


def test_bad_root_is_one_line_and_exit_2(tmp_path, install):
    done = install(tmp_path / "missing")
    assert done.returncode == 2
    assert done.stderr.startswith("install-pi: ") and len(done.stderr.splitlines()) == 1


def test_boot_block_is_replaced_not_added_twice():
    installer = load_installer()
    once = installer.with_boot_block("dtparam=audio=on\n")
    assert installer.with_boot_block(once) == once
    older = once.replace("enable_uart=1", "enable_uart=0")
    assert installer.with_boot_block(older) == once
    assert installer.with_boot_block(once + "dtoverlay=vc4-kms-v3d\n").endswith(
        "dtoverlay=vc4-kms-v3d\n" + installer.BOOT_BLOCK)


def test_only_serial_consoles_leave_the_cmdline():
    installer = load_installer()
    assert installer.without_serial_console(
        "console=ttyAMA0,115200 console=tty1 quiet\n") == "console=tty1 quiet\n"
    unchanged = "console=tty1 root=/dev/mmcblk0p2 rootwait"  # no newline: left exactly so
    assert installer.without_serial_console(unchanged) == unchanged
