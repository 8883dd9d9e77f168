"""Putting hopgui in the applications menu as a user does: install, check, launch, remove."""

import os
import plistlib
import shlex
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from hopgui import app, desktop_entry

ROOT = Path(__file__).resolve().parents[2]
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
VALIDATOR = shutil.which("desktop-file-validate")
needs_validator = pytest.mark.skipif(
    VALIDATOR is None, reason="desktop-file-validate missing (apt-get install desktop-file-utils)"
)


def read_entry(path: Path) -> dict[str, str]:
    """The keys of a desktop file's [Desktop Entry] group, values as written."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def validate(path: Path) -> None:
    result = subprocess.run([VALIDATOR, str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@needs_validator
def test_the_shipped_entry_passes_desktop_file_validate():
    validate(ROOT / "resources" / "hopgui.desktop")


def test_the_icon_is_ours_in_every_size_the_menu_asks_for():
    icons = desktop_entry.icon_files()
    assert tuple(icons) == SIZES
    for size, path in icons.items():
        assert png_size(path) == (size, size)
    assert (desktop_entry.ICON_DIR / "hopgui.svg").read_text().lstrip().startswith("<?xml")
    assert (desktop_entry.ICON_DIR / "hopgui.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert (desktop_entry.ICON_DIR / "hopgui.icns").read_bytes()[:4] == b"icns"


def test_the_pngs_are_what_the_svg_renders_to(qapp):
    """Nobody edits a PNG by hand: they are regenerated from the SVG (packaging/make_icons.py)."""
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import make_icons
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    from PySide6.QtGui import QImage

    for size in (16, 48, 256):
        rendered, stored = make_icons.render(size), QImage(str(make_icons.png_path(size)))
        differences = [
            abs(rendered.pixel(x, y) - stored.pixel(x, y))
            for x in range(size)
            for y in range(size)
            if rendered.pixel(x, y) != stored.pixel(x, y)
        ]
        assert len(differences) < size * size // 50, f"{size} px icon differs from the SVG"


def test_install_puts_entry_icon_and_session_type_in_the_users_data_folder(
    tmp_path, monkeypatch, capsys
):
    data = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    assert app.main(["--install-desktop-entry"]) == 0
    assert "applications menu" in capsys.readouterr().out

    entry = data / "applications" / "hopgui.desktop"
    fields = read_entry(entry)
    # the taskbar matches a running window to this entry by these names
    assert entry.stem == fields["StartupWMClass"] == fields["Icon"] == desktop_entry.DESKTOP_ID
    assert fields["MimeType"] == "application/x-hopgui;"
    assert fields["Terminal"] == "false"
    session = "/lectures/week 3/demo.hopgui"
    command = desktop_entry.launch_command()
    assert desktop_entry.exec_argv(fields["Exec"], (session,)) == [*command, session]
    assert desktop_entry.exec_argv(fields["Exec"]) == command  # started from the menu
    assert fields["TryExec"] == command[0] and Path(command[0]).is_absolute()
    for size in SIZES:
        icon = data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "hopgui.png"
        assert png_size(icon) == (size, size)
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "hopgui.svg").is_file()
    mime = (data / "mime" / "packages" / "hopgui.xml").read_text()
    assert 'type="application/x-hopgui"' in mime and 'glob pattern="*.hopgui"' in mime
    if VALIDATOR:
        validate(entry)
    if shutil.which("update-mime-database"):  # the MIME database now knows session files
        assert "application/x-hopgui:*.hopgui" in (data / "mime" / "globs2").read_text()

    assert app.main(["--uninstall-desktop-entry"]) == 0
    assert "Removed" in capsys.readouterr().out
    assert not entry.exists() and not (data / "mime" / "packages" / "hopgui.xml").exists()
    assert not list((data / "icons").rglob("hopgui.*"))
    if shutil.which("update-mime-database"):
        assert "hopgui" not in (data / "mime" / "globs2").read_text()
    assert app.main(["--uninstall-desktop-entry"]) == 0
    assert "no entry to remove" in capsys.readouterr().out


NASTY = ["/opt/it's my $HOME", 'a\\b "quoted" `tick`', "100% sure", "", "plain"]


def test_exec_lines_survive_spaces_quotes_dollars_and_percent_signs():
    line = desktop_entry.exec_line(NASTY)
    assert line.endswith(" %f") and "100%% sure" in line
    assert desktop_entry.exec_argv(line, ("/a b.hopgui",)) == [*NASTY, "/a b.hopgui"]


@pytest.mark.skipif(shutil.which("gio") is None, reason="GLib's gio tool is not installed")
def test_glib_reads_our_exec_line_as_we_meant_it(tmp_path):
    """The launcher GNOME and most desktops use (GLib) splits the Exec line as we wrote it."""
    out = tmp_path / "argv.txt"
    probe = "import sys; open(sys.argv[1], 'w').write(repr(sys.argv[2:]))"
    entry = tmp_path / "probe.desktop"
    command = [sys.executable, "-c", probe, str(out), *NASTY]
    exec_value = desktop_entry.exec_line(command)
    entry.write_text(f"[Desktop Entry]\nType=Application\nName=probe\nExec={exec_value}\n")
    subprocess.run(["gio", "launch", str(entry), "/a b.hopgui"], check=True, timeout=30)
    for _ in range(100):
        if out.exists() and out.read_text():
            break
        subprocess.run(["sleep", "0.1"])
    assert out.read_text() == repr([*NASTY, "/a b.hopgui"])


@pytest.mark.slow
def test_the_installed_entry_starts_this_checkout_from_the_root_folder(tmp_path, monkeypatch, qapp):
    """Run the Exec line as a launcher would: from /, with a bare environment, for a checkout
    whose path has spaces, an apostrophe and a dollar sign in it."""
    from PySide6.QtGui import QImage

    checkout = tmp_path / "it's my $hop" / "hopgui checkout"
    checkout.parent.mkdir()
    checkout.symlink_to(ROOT, target_is_directory=True)
    monkeypatch.setattr(desktop_entry, "ROOT", checkout)
    data = tmp_path / "data"
    desktop_entry.install_freedesktop(data)
    fields = read_entry(data / "applications" / "hopgui.desktop")
    shot = tmp_path / "shot.png"
    argv = desktop_entry.exec_argv(fields["Exec"])
    assert str(checkout / "main.py") in argv
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [*argv, "--screenshot", str(shot), "--lab", "ring", "--size", "1280x800"],
        cwd="/",
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    assert len({image.pixel(x, y) for x in range(0, 1280, 20) for y in range(0, 800, 20)}) > 16


def test_macos_gets_an_app_in_the_users_applications_folder(tmp_path):
    """Built here as files (it cannot be opened in Finder on this machine)."""
    (bundle,) = desktop_entry.install_mac(home=tmp_path)
    assert bundle == tmp_path / "Applications" / "hopgui.app"
    info = plistlib.loads((bundle / "Contents" / "Info.plist").read_bytes())
    assert info["CFBundleExecutable"] == "hopgui" and info["CFBundlePackageType"] == "APPL"
    assert info["CFBundleDocumentTypes"][0]["CFBundleTypeExtensions"] == ["hopgui"]
    icon = bundle / "Contents" / "Resources" / info["CFBundleIconFile"]
    assert icon.read_bytes()[:4] == b"icns"
    script = bundle / "Contents" / "MacOS" / "hopgui"
    assert os.access(script, os.X_OK)
    shebang, line = script.read_text().splitlines()
    assert shebang == "#!/bin/sh"
    assert shlex.split(line) == ["exec", *desktop_entry.launch_command(), "$@"]
    assert desktop_entry.uninstall_mac(home=tmp_path) == [bundle] and not bundle.exists()


def test_windows_gets_a_start_menu_shortcut_written_by_powershell(monkeypatch):
    """Only the PowerShell text is checked here: there is no Windows to run it on."""
    monkeypatch.setenv("APPDATA", "C:/Users/O'Neil/AppData/Roaming")
    link = desktop_entry.windows_link_path()
    assert link.name == "hopgui.lnk" and "Start Menu" in str(link)
    script = desktop_entry.windows_shortcut_script(link)
    assert "CreateShortcut('C:/Users/O''Neil/AppData/Roaming/" in script
    assert "main.py" in script and "hopgui.ico" in script and script.endswith("$s.Save()")
