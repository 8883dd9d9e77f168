"""Put hopgui in the current user's applications menu, and take it out again (no root needed).

    uv run main.py --install-desktop-entry      uv run main.py --uninstall-desktop-entry

Linux and other freedesktop systems: `$XDG_DATA_HOME/applications/hopgui.desktop` (made from
`resources/hopgui.desktop`, with an Exec line that starts this very copy of hopgui from any
working directory), the icon in the hicolor theme, and the MIME type `application/x-hopgui` for
`*.hopgui` session files; the desktop and MIME databases are refreshed when their tools exist.
macOS: `~/Applications/hopgui.app`, a small app bundle whose executable starts this copy.
Windows: a Start-menu shortcut, written by PowerShell's WScript.Shell.

The file base name `hopgui` is also the application's `desktopFileName` and its X11 WM_CLASS
(`StartupWMClass`), which is how taskbars find the name and icon of a running window. No Qt here:
this runs before (and without) the window.
"""

from __future__ import annotations

import os
import plistlib
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

DESKTOP_ID = "hopgui"  # hopgui.desktop; QGuiApplication.setDesktopFileName; WM_CLASS
MIME_TYPE = "application/x-hopgui"
SESSION_SUFFIX = ".hopgui"
ROOT = Path(__file__).resolve().parents[1]  # the checkout, or the bundle's data folder
ICON_DIR = ROOT / "resources" / "icons"
TEMPLATE = ROOT / "resources" / f"{DESKTOP_ID}.desktop"
MIME_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{MIME_TYPE}">
    <comment>hopgui session</comment>
    <icon name="{DESKTOP_ID}"/>
    <sub-class-of type="application/zip"/>
    <glob pattern="*{SESSION_SUFFIX}"/>
  </mime-type>
</mime-info>
"""
# Characters that make the desktop-entry spec ask for an argument to be quoted.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def icon_files() -> dict[int, Path]:
    """The generated PNG icons by size in pixels (resources/icons/hopgui-<size>.png)."""
    files = {int(p.stem.rsplit("-", 1)[1]): p for p in ICON_DIR.glob(f"{DESKTOP_ID}-*.png")}
    return dict(sorted(files.items()))


def launch_command() -> list[str]:
    """The command that starts this copy of hopgui from any working directory.

    The bundle starts itself. A checkout starts through uv (its absolute path, found now: a
    desktop session's PATH often lacks ~/.local/bin), so a changed uv.lock is synced first;
    without uv, this environment's Python runs main.py directly.
    """
    if getattr(sys, "frozen", False):
        return [sys.executable]
    main_py = str(ROOT / "main.py")
    uv = os.environ.get("UV") or shutil.which("uv")  # `uv run` sets UV to its own binary
    if uv:
        return [str(Path(uv).resolve()), "run", "--project", str(ROOT), main_py]
    return [sys.executable, main_py]


# --- the Exec line (freedesktop desktop-entry spec, "The Exec key") -----------------------------
def exec_line(argv: list[str], file_code: str = "%f") -> str:
    """`argv` as the value of an Exec key, followed by a field code (quoted per the spec, then
    escaped as a desktop-entry string)."""
    words = []
    for arg in argv:
        if arg == "" or _RESERVED & set(arg):
            arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
        words.append(arg.replace("%", "%%"))
    return _escape_string(" ".join([*words, file_code] if file_code else words))


def exec_argv(value: str, files: tuple[str, ...] = ()) -> list[str]:
    """What a launcher runs for the Exec value `value` (as read from the file) given `files`:
    the inverse of `exec_line`, and a check of it."""
    text, argv, word, quoted, in_word, i = _unescape_string(value), [], "", False, False, 0
    while i < len(text):
        c = text[i]
        if quoted and c == "\\" and i + 1 < len(text) and text[i + 1] in '"`$\\':
            word, i = word + text[i + 1], i + 2
            continue
        if c == '"':
            quoted, in_word = not quoted, True
        elif c == " " and not quoted:
            if in_word:
                argv.append(word)
            word, in_word = "", False
        else:
            word, in_word = word + c, True
        i += 1
    if quoted:
        raise ValueError(f"unbalanced quote in Exec={value}")
    if in_word:
        argv.append(word)
    result = []
    for arg in argv:
        if arg in ("%f", "%F", "%u", "%U"):
            result += list(files[:1] if arg in ("%f", "%u") else files)
        else:
            result.append(arg.replace("%%", "%"))
    return result


def _escape_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def _unescape_string(text: str) -> str:
    escapes, out, i = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}, "", 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in escapes:
            out, i = out + escapes[text[i + 1]], i + 2
        else:
            out, i = out + text[i], i + 1
    return out


# --- freedesktop (Linux, BSD) -------------------------------------------------------------------
def data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset or not absolute (as the spec says)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def desktop_file_text(command: list[str]) -> str:
    """resources/hopgui.desktop with Exec and TryExec naming `command`."""
    lines = []
    for line in TEMPLATE.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + exec_line(command)
        elif line.startswith("TryExec="):
            line = "TryExec=" + _escape_string(command[0])
        lines.append(line)
    return "\n".join(lines) + "\n"


def freedesktop_files(base: Path) -> dict[Path, Path | str]:
    """Every file the entry consists of under `base` ($XDG_DATA_HOME): path -> source or text."""
    icons = base / "icons" / "hicolor"
    files: dict[Path, Path | str] = {
        icons / f"{size}x{size}" / "apps" / f"{DESKTOP_ID}.png": png
        for size, png in icon_files().items()
    }
    files[icons / "scalable" / "apps" / f"{DESKTOP_ID}.svg"] = ICON_DIR / f"{DESKTOP_ID}.svg"
    files[base / "mime" / "packages" / f"{DESKTOP_ID}.xml"] = MIME_XML
    files[base / "applications" / f"{DESKTOP_ID}.desktop"] = desktop_file_text(launch_command())
    return files


def install_freedesktop(base: Path | None = None) -> list[Path]:
    base = base or data_home()
    files = freedesktop_files(base)
    for path, source in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, Path):
            shutil.copyfile(source, path)
        else:
            path.write_text(source, encoding="utf-8")
    _refresh_databases(base)
    return list(files)


def uninstall_freedesktop(base: Path | None = None) -> list[Path]:
    base = base or data_home()
    removed = [path for path in freedesktop_files(base) if path.is_file()]
    for path in removed:
        path.unlink()
    _refresh_databases(base)
    return removed


def _refresh_databases(base: Path) -> None:
    """Tell the desktop about the change. Optional: without these tools, menus rescan
    $XDG_DATA_HOME/applications themselves; only the MIME type needs update-mime-database."""
    for tool, folder in (
        ("update-desktop-database", "applications"),
        ("update-mime-database", "mime"),
    ):
        if shutil.which(tool) and (base / folder).is_dir():
            subprocess.run([tool, str(base / folder)], capture_output=True, check=False)
    hicolor = base / "icons" / "hicolor"
    if hicolor.is_dir():
        os.utime(hicolor)  # icon caches notice a newer theme folder and rescan


# --- macOS: ~/Applications/hopgui.app ----------------------------------------------------------
def mac_app_path(home: Path | None = None) -> Path:
    return (home or Path.home()) / "Applications" / f"{DESKTOP_ID}.app"


def install_mac(home: Path | None = None) -> list[Path]:
    """An app bundle whose executable is a shell script starting this copy of hopgui (Finder,
    Launchpad and Spotlight list ~/Applications). Files double-clicked in Finder reach a Qt app
    as QFileOpenEvent, not as arguments; the document type below makes Finder offer hopgui."""
    from hopgui import __version__

    app = mac_app_path(home)
    contents = app / "Contents"
    (contents / "MacOS").mkdir(parents=True, exist_ok=True)
    (contents / "Resources").mkdir(exist_ok=True)
    info = {
        "CFBundleName": DESKTOP_ID,
        "CFBundleDisplayName": DESKTOP_ID,
        "CFBundleIdentifier": "org.hopgui.hopgui",
        "CFBundleExecutable": DESKTOP_ID,
        "CFBundleIconFile": f"{DESKTOP_ID}.icns",
        "CFBundlePackageType": "APPL",
        "CFBundleShortVersionString": __version__,
        "NSHighResolutionCapable": True,
        "CFBundleDocumentTypes": [
            {
                "CFBundleTypeName": "hopgui session",
                "CFBundleTypeExtensions": [SESSION_SUFFIX.lstrip(".")],
                "CFBundleTypeRole": "Editor",
                "CFBundleTypeIconFile": f"{DESKTOP_ID}.icns",
            }
        ],
    }
    with open(contents / "Info.plist", "wb") as file:
        plistlib.dump(info, file)
    shutil.copyfile(ICON_DIR / f"{DESKTOP_ID}.icns", contents / "Resources" / f"{DESKTOP_ID}.icns")
    script = contents / "MacOS" / DESKTOP_ID
    command = " ".join(shlex.quote(arg) for arg in launch_command())
    script.write_text(f'#!/bin/sh\nexec {command} "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return [app]


def uninstall_mac(home: Path | None = None) -> list[Path]:
    app = mac_app_path(home)
    if not (app / "Contents" / "Info.plist").is_file():
        return []
    shutil.rmtree(app)
    return [app]


# --- Windows: a Start-menu shortcut --------------------------------------------------------------
def windows_link_path() -> Path:
    programs = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    return programs / "Microsoft" / "Windows" / "Start Menu" / "Programs" / f"{DESKTOP_ID}.lnk"


def windows_shortcut_script(link: Path) -> str:
    """PowerShell that writes the .lnk: pythonw.exe (no console window) running main.py, or
    the bundle's hopgui.exe; the icon from resources/icons/hopgui.ico."""
    if getattr(sys, "frozen", False):
        target, arguments = sys.executable, ""
    else:
        pythonw = Path(sys.executable).with_name("pythonw.exe")
        target = str(pythonw if pythonw.exists() else Path(sys.executable))
        arguments = subprocess.list2cmdline([str(ROOT / "main.py")])
    fields = {
        "TargetPath": target,
        "Arguments": arguments,
        "WorkingDirectory": str(Path.home() / "Documents"),
        "IconLocation": str(ICON_DIR / f"{DESKTOP_ID}.ico"),
        "Description": "hopgui: a laboratory for attractor networks",
    }
    sets = "; ".join(f"$s.{key} = {_ps_quote(value)}" for key, value in fields.items())
    return (
        f"$s = (New-Object -ComObject WScript.Shell).CreateShortcut({_ps_quote(str(link))}); "
        f"{sets}; $s.Save()"
    )


def install_windows() -> list[Path]:
    link = windows_link_path()
    link.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["powershell", "-NoProfile", "-NonInteractive", "-Command", windows_shortcut_script(link)],
        check=True,
        capture_output=True,
    )
    return [link]


def uninstall_windows() -> list[Path]:
    link = windows_link_path()
    if not link.is_file():
        return []
    link.unlink()
    return [link]


def _ps_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# --- the command line --------------------------------------------------------------------------
def main(install: bool) -> int:
    """`--install-desktop-entry` / `--uninstall-desktop-entry`: do it, say what was done."""
    if sys.platform == "win32":
        action = install_windows if install else uninstall_windows
        where = "the Start menu"
    elif sys.platform == "darwin":
        action = install_mac if install else uninstall_mac
        where = "~/Applications (Launchpad, Spotlight)"
    else:
        action = install_freedesktop if install else uninstall_freedesktop
        where = "the applications menu"
    try:
        paths = action()
    except (OSError, subprocess.CalledProcessError) as exc:
        print(
            f"hopgui: could not {'install' if install else 'remove'} the entry: {exc}",
            file=sys.stderr,
        )
        return 1
    if install:
        print(f"hopgui is in {where} now.")
        if sys.platform != "win32":  # Windows runs pythonw.exe (no console), see the shortcut
            print("It starts with:  " + " ".join(shlex.quote(arg) for arg in launch_command()))
        print("Installed:\n" + "\n".join(f"    {path}" for path in paths))
        again = sys.executable if getattr(sys, "frozen", False) else "uv run main.py"
        print(f"Remove it with:  {again} --uninstall-desktop-entry")
    elif paths:
        print("Removed:\n" + "\n".join(f"    {path}" for path in paths))
    else:
        print("hopgui had no entry to remove.")
    return 0
