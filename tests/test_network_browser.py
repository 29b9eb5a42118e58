"""network.html in a real headless Chromium with networking disabled.

Chromium (Debian packages ``chromium``) is driven over the Chrome DevTools Protocol through
``--remote-debugging-pipe`` by the tiny client below — no Python dependency, no chromedriver, no download.
The test is skipped when /usr/bin/chromium is absent.

Checks: the graph renders (nodes drawn), no console errors or exceptions, no request other than the file
itself, search finds a word, a real mouse click on a word and on an edge shows the documents, a corpus answer
and an attribute value containing ``<script>`` / ``<img onerror>`` stay inert text; a screenshot is saved in
the run folder (network_screenshot.png).
"""

from __future__ import annotations

import base64
import csv
import json
import os
import select
import shutil
import signal
import time
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="headless Chromium not installed (apt-get install chromium)"
    ),
]


class Chromium:
    """Headless Chromium with the network blocked, spoken to over the DevTools pipe (fd 3 in, fd 4 out)."""

    def __init__(self, profile: Path, *, width: int = 1400, height: int = 950) -> None:
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
            {**os.environ, "FONTCONFIG_FILE": str(_fontconfig(profile.parent))},
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


@pytest.fixture
def browser(tmp_path: Path):  # type: ignore[no-untyped-def]
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    b = Chromium(profile)
    try:
        yield b
    finally:
        b.close()
        shutil.rmtree(profile, ignore_errors=True)


# Answers written for this test (not from any real corpus); two carry markup that must stay inert.
ATTACK_SCRIPT = "<script>window.__pwned=1</script>"
ATTACK_IMG = '<img src=x onerror="window.__pwned=2">'
ATTACK_ATTR = "<img src=x onerror=window.__pwned=3>"
ANSWERS = [
    ("市民課", "窓口の手続きをオンラインで完結できるようにしたい。" + ATTACK_SCRIPT),
    ("市民課", "窓口の手続きが多く、職員の負担が大きい。"),
    ("市民課", "オンライン申請の手続きを増やし、窓口の混雑を減らしたい。"),
    ("市民課", "マイナンバーカードの普及で窓口の手続きが変わる。" + ATTACK_IMG),
    ("市民課", "マイナンバーカードの普及率を上げる取り組みが必要だ。"),
    ("情報政策課", "データを分析して庁内で共有する仕組みを作りたい。"),
    ("情報政策課", "庁内のデータ共有が進まず、分析に時間がかかる。"),
    ("情報政策課", "職員の研修でデータ分析の力を伸ばしたい。"),
    ("情報政策課", "研修を受けた職員が庁内でデータを共有している。"),
    ("情報政策課", "デジタル人材の研修と職員の育成が課題だ。"),
    (ATTACK_ATTR, "職員の研修とデジタル人材の育成を進めたい。"),
    (ATTACK_ATTR, "マイナンバーカードの普及とオンライン申請の手続きを進めたい。"),
    (ATTACK_ATTR, "データ分析の研修を職員に広げたい。"),
    ("市民課", "オンライン申請が増えて窓口の手続きが減った。"),
    ("情報政策課", "庁内のデータを分析して共有する。"),
    ("市民課", "マイナンバーカードで手続きが簡単になる。"),
]


def _build(tmp_path: Path, args: list[str]) -> Path:
    from typer.testing import CliRunner

    from dxtext.cli.app import app

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["network", *args, "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    return folder


@pytest.fixture
def attack_run(tmp_path: Path) -> Path:
    path = tmp_path / "answers.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["回答ID", "部署", "自由記述"])
        for k, (dept, text) in enumerate(ANSWERS, 1):
            w.writerow([f"A{k:02d}", dept, text])
    return _build(
        tmp_path, [str(path), "--text-col", "自由記述", "--id-col", "回答ID", "--by", "部署", "--min-df", "2"]
    )


def test_graph_renders_searches_and_quotes_offline(browser: Chromium, attack_run: Path) -> None:
    html = attack_run / "network.html"
    text = html.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in text and "<img src=x" not in text  # escaped inside the JSON block
    browser.open(html.as_uri())
    assert browser.js("document.body.dataset.ready") == "1"
    drawn = browser.js("window.dxNetwork.nodesDrawn")
    assert drawn > 5
    assert browser.js("document.getElementById('net').dataset.nodesDrawn") == str(drawn)
    assert browser.js("window.dxNetwork.edgesDrawn") > 3

    # search finds a word; Enter selects it and lists its documents
    browser.type_text("#search", "マイナンバー")
    assert browser.js("document.getElementById('search-count').dataset.matches") == "1"
    assert browser.js("[...document.querySelectorAll('#search-results button')].map(b => b.textContent)") == [
        "マイナンバーカード"
    ]
    browser.press_enter()
    assert browser.js("document.getElementById('sel-title').textContent") == "マイナンバーカード"
    quoted = browser.js("[...document.querySelectorAll('#contexts .ctx-text')].map(p => p.textContent)")
    assert len(quoted) == sum("マイナンバーカード" in t for _, t in ANSWERS)
    assert all("マイナンバーカード" in q for q in quoted)
    assert browser.js(
        "[...document.querySelectorAll('#contexts mark')].every(m => m.textContent === 'マイナンバーカード')"
    )
    # the answer with <img onerror> is shown as text, with its attribute
    assert any(ATTACK_IMG in q for q in quoted)
    assert browser.js(
        f"document.getElementById('contexts').textContent.includes({json.dumps('部署：' + ATTACK_ATTR)})"
    )

    # a real mouse click on a word
    pos = browser.js("window.dxNetwork.screenPos('窓口')")
    browser.click(pos["x"], pos["y"])
    assert browser.js("document.getElementById('sel-title').textContent") == "窓口"
    quoted = browser.js("[...document.querySelectorAll('#contexts .ctx-text')].map(p => p.textContent)")
    assert quoted and all("窓口" in q for q in quoted)
    assert any(ATTACK_SCRIPT in q for q in quoted)  # the <script> answer, as text

    # a click on an edge shows the documents with both words
    pos = browser.js("window.dxNetwork.edgePos('窓口', '手続き')")
    assert pos is not None
    browser.click(pos["x"], pos["y"])
    assert (
        browser.js("document.getElementById('sel-title').textContent") == "窓口 — 手続き"
        or browser.js("document.getElementById('sel-title').textContent") == "手続き — 窓口"
    )
    quoted = browser.js("[...document.querySelectorAll('#contexts .ctx-text')].map(p => p.textContent)")
    assert quoted and all("窓口" in q and "手続き" in q for q in quoted)

    # the slider hides weak edges, the community filter hides words
    browser.js(
        "const s = document.getElementById('threshold'); s.value = s.max; s.dispatchEvent(new Event('input'))"
    )
    assert browser.js("window.dxNetwork.edgesDrawn") >= 1
    assert browser.js("window.dxNetwork.edgesDrawn") < browser.js("window.dxNetwork.edgesDrawn + 1")
    browser.js("const c = document.querySelector('#legend input'); c.click()")
    assert browser.js("window.dxNetwork.nodesDrawn") < drawn
    browser.js("document.getElementById('legend-all').click()")
    assert browser.js("window.dxNetwork.nodesDrawn") == drawn

    # the two-mode graph: the group whose name is markup is a label, not an element
    assert browser.js("window.dxNetwork.show('twomode')") is True
    assert browser.js("window.dxNetwork.nodesDrawn") > 3
    pos = browser.js(f"window.dxNetwork.screenPos({json.dumps('部署=' + ATTACK_ATTR)})")
    browser.click(pos["x"], pos["y"])
    assert browser.js("document.getElementById('sel-title').textContent") == ATTACK_ATTR

    browser.pump(0.3)
    assert browser.js("typeof window.__pwned") == "undefined"
    assert (
        browser.js(
            "document.querySelectorAll('#contexts script, #contexts img, #panel img, #legend img').length"
        )
        == 0
    )
    assert browser.problems() == []
    browser.js("window.dxNetwork.show('all')")
    shot = browser.screenshot(attack_run / "network_screenshot.png")
    assert shot.stat().st_size > 10_000


@pytest.mark.slow
def test_minutes_network_in_browser(browser: Chromium, shared_minutes: Path, tmp_path: Path) -> None:
    folder = _build(tmp_path, [str(shared_minutes), "--unit", "bullet"])
    browser.open((folder / "network.html").as_uri())
    assert browser.js("document.body.dataset.ready") == "1"
    n_nodes = len((folder / "nodes.csv").read_text(encoding="utf-8-sig").splitlines()) - 1
    assert browser.js("window.dxNetwork.nodesDrawn") == n_nodes
    pos = browser.js("window.dxNetwork.screenPos('マイナンバーカード')")
    browser.click(pos["x"], pos["y"])
    assert browser.js("document.getElementById('sel-title').textContent") == "マイナンバーカード"
    assert browser.js("document.querySelectorAll('#contexts .ctx').length") > 0
    assert browser.js("document.querySelectorAll('#contexts mark').length") > 0
    browser.pump(0.3)
    assert browser.problems() == []
    shot = browser.screenshot(folder / "network_screenshot.png")
    assert shot.stat().st_size > 10_000
