"""A tiny headless-Chromium client for the offline-HTML browser tests: Debian's ``chromium`` driven over the
Chrome DevTools Protocol through ``--remote-debugging-pipe`` — no Python dependency, no chromedriver, no
download; networking is blocked, so a page that needs the internet shows it."""

from __future__ import annotations

import base64
import json
import os
import select
import signal
import time
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"


class Chromium:
    """Headless Chromium with the network blocked, spoken to over the DevTools pipe (fd 3 in, fd 4 out)."""

    def __init__(
        self, profile: Path, *, width: int = 1400, height: int = 950, cjk_fonts: bool = True
    ) -> None:
        """``cjk_fonts=False``: the browser sees only Latin fonts (DejaVu, Liberation), as on a PC without a
        Japanese font: no system configuration is read, so CJK fonts installed on the machine stay hidden."""
        cmd_r, self._cmd_w = os.pipe()
        self._out_r, out_w = os.pipe()
        flags = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-default-apps",
            "--mute-audio",
            "--no-default-browser-check",
            f"--user-data-dir={profile}",
            "--proxy-server=127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--window-size={width},{height}",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        self._log = os.open(profile.parent / "chromium.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        devnull = os.open(os.devnull, os.O_RDONLY)
        # the pipe ends go to fds 3 and 4, where Chromium expects them (every other fd is close-on-exec)
        self.pid = os.posix_spawn(
            CHROMIUM,
            [CHROMIUM, *flags],
            {
                **os.environ,
                "FONTCONFIG_FILE": str(
                    _fontconfig(profile.parent) if cjk_fonts else _latin_only_fontconfig(profile.parent)
                ),
            },
            file_actions=[
                (os.POSIX_SPAWN_DUP2, devnull, 0),
                (os.POSIX_SPAWN_DUP2, self._log, 1),
                (os.POSIX_SPAWN_DUP2, self._log, 2),
                (os.POSIX_SPAWN_DUP2, cmd_r, 3),
                (os.POSIX_SPAWN_DUP2, out_w, 4),
            ],
        )
        for fd in (cmd_r, out_w, devnull):
            os.close(fd)
        self._buf = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    def close(self) -> None:
        try:
            self.send("Browser.close", session=None, timeout=5)
        except Exception:
            pass
        deadline = time.monotonic() + 10
        while True:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                break
            time.sleep(0.05)
        for fd in (self._cmd_w, self._out_r, self._log):
            try:
                os.close(fd)
            except OSError:
                pass

    def _read(self, timeout: float) -> dict[str, Any] | None:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self._out_r], [], [], left)
            if not ready:
                return None
            chunk = os.read(self._out_r, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buf += chunk
        msg, _, self._buf = self._buf.partition(b"\0")
        return json.loads(msg)

    def send(
        self, method: str, params: dict[str, Any] | None = None, *, session: Any = "page", timeout: float = 30
    ) -> Any:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        sid = self.session if session == "page" else session
        if sid:
            msg["sessionId"] = sid
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(max(0.0, deadline - time.monotonic()))
            if reply is None:
                raise TimeoutError(f"no reply to {method}")
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str, timeout: float = 30) -> dict[str, Any]:
        for e in self.events:
            if e.get("method") == method:
                return e
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            e = self._read(deadline - time.monotonic())
            if e is None:
                break
            self.events.append(e)
            if e.get("method") == method:
                return e
        raise TimeoutError(f"no {method} event")

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=None)["targetId"]
        self.session = self.send(
            "Target.attachToTarget", {"targetId": target, "flatten": True}, session=None
        )["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1400, "height": 950, "deviceScaleFactor": 1, "mobile": False},
        )
        self.events.clear()
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        r = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}
        )
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def pump(self, seconds: float = 0.2) -> None:
        """Collect events for a moment (console messages arrive asynchronously)."""
        deadline = time.monotonic() + seconds
        while (e := self._read(max(0.0, deadline - time.monotonic()))) is not None:
            self.events.append(e)

    def click(self, x: float, y: float) -> None:
        base = {"x": x, "y": y, "button": "left", "clickCount": 1}
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        self.send("Input.dispatchMouseEvent", {"type": "mousePressed", **base})
        self.send("Input.dispatchMouseEvent", {"type": "mouseReleased", **base})

    def type_text(self, selector: str, text: str) -> None:
        self.js(f"document.querySelector({json.dumps(selector)}).focus()")
        self.send("Input.insertText", {"text": text})

    def press_enter(self) -> None:
        key = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13}
        self.send("Input.dispatchKeyEvent", {"type": "keyDown", "text": "\r", **key})
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", **key})

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions, log errors (CSP violations) and requests that are not the file."""
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(
                    f"console.{p['type']}: {[a.get('value', a.get('description')) for a in p.get('args', [])]}"
                )
            elif m == "Runtime.exceptionThrown":
                out.append(
                    f"exception: {p['exceptionDetails'].get('exception', {}).get('description') or p['exceptionDetails'].get('text')}"
                )
            elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
                out.append(f"log: {p['entry'].get('text')} {p['entry'].get('url', '')}")
            elif m == "Network.requestWillBeSent":
                url = p["request"]["url"]
                if not (url.startswith("file://") or url.startswith("data:")):
                    out.append(f"request: {url}")
        return out


def _fontconfig(folder: Path) -> Path:
    """A fontconfig file adding the IPAexGothic that japanize-matplotlib ships, so that the screenshot shows
    Japanese on a machine without CJK system fonts (users' machines have their own Japanese fonts)."""
    from dxtext.render.plots import font_path

    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{font_path().parent}</dir>\n  <cachedir>{folder / 'fontcache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def _latin_only_fontconfig(folder: Path) -> Path:
    """A fontconfig file that lists only the Latin fonts every Debian machine has (no /etc/fonts include, so
    no CJK font of the machine is found)."""
    dirs = [
        d
        for d in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation")
        if Path(d).is_dir()
    ]
    conf = folder / "fonts-latin.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        + "".join(f"  <dir>{d}</dir>\n" for d in dirs)
        + f"  <cachedir>{folder / 'fontcache-latin'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return conf
