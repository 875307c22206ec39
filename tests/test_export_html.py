"""The HTML roadmap: escaping of hostile text, page structure, the graph, and a real browser.

The browser test runs Debian's headless Chromium (`.ci/run` installs it) with the flags that
keep it off the network; it is skipped, saying so, only when no Chromium binary exists.
Console errors are caught two ways: Chromium's own console log on stderr (any
`CONSOLE` line from the page fails), and a recorder script injected into the test copy
that writes window errors, CSP violations and alert() calls into the DOM for --dump-dom.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from datetime import date, datetime, timezone
from html.parser import HTMLParser

import pytest

from studyguide.export.html.page import STATE_LABEL, _safe_url, render_html
from studyguide.progress.model import ItemState, Note, Progress
from studyguide.plan.recommend import Answers, recommend
from studyguide.plan.view import build_view
from studyguide.export.html.graph import layout
from studyguide.valueclass import replace

GENERATED = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
TODAY = date(2026, 11, 23)


class Page(HTMLParser):
    """Every start tag with its attributes, the text, and per plan item its state and text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.items: dict[str, dict] = {}
        self._item: str | None = None
        self._script_text: list[str] = []
        self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._in_script = True
        if tag == "li" and "item" in (a.get("class") or "").split():
            self._item = a["id"]
            self.items[a["id"]] = {"state": a.get("data-state"), "text": ""}

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "li":
            self._item = None
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self._script_text.append(data)
            return
        self.text.append(data)
        if self._item:
            self.items[self._item]["text"] += data

    def all(self, tag: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag]

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def mini_plan(catalog, **answers):
    answers = {"goal": "learn", "depth": "deep", "hours_per_week": 5, **answers}
    return recommend(catalog, Answers(**answers), now=datetime(2026, 11, 1, tzinfo=timezone.utc))


def sample(catalog):
    """The mini goal plan with every state, a skip reason and a note."""
    plan = mini_plan(catalog)
    progress = Progress(plan=plan)
    progress.items["paper-2"] = ItemState(status="done")
    progress.items["found-a"] = ItemState(status="in-progress", notes=[Note("halfway", date(2026, 11, 20))])
    progress.items["board"] = ItemState(status="skipped", skip_reason="not for me")
    progress.items["found-c"] = ItemState(status="done")
    return build_view(plan, progress, catalog, TODAY), progress


# ---------------------------------------------------------------- hostile text

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "attr": '"><img src=x onerror=alert(1)>',
    "style": "</style><b>bold</b>",
    "title": "</title><iframe src=//evil.example>",
    "comment": "--><svg onload=alert(2)><!--",
}


def hostile_catalog(catalog):
    r = catalog.resources
    resources = dict(r)
    resources["found-a"] = replace(r["found-a"], title=HOSTILE["script"], authors=HOSTILE["attr"],
                                               why=HOSTILE["comment"])
    resources["found-b"] = replace(r["found-b"], title="JS link", url="javascript:alert(1)")
    resources["board"] = replace(r["board"], title="Data link",
                                             url="data:text/html,<script>alert(1)</script>")
    resources["paper-2"] = replace(r["paper-2"], url='https://example.org/x"onmouseover="alert(1)',
                                               status="moved", status_note=HOSTILE["style"])
    topics = dict(catalog.topics)
    topics["base"] = replace(topics["base"], title=HOSTILE["title"], covers=HOSTILE["attr"],
                                         focus=(HOSTILE["script"],))
    goals = dict(catalog.goals)
    goals["learn"] = replace(goals["learn"], title=HOSTILE["script"])
    return replace(catalog, resources=resources, topics=topics, goals=goals)


def test_hostile_notes_and_titles_cannot_inject_markup(mini_catalog):
    catalog = hostile_catalog(mini_catalog)
    plan = mini_plan(catalog)
    progress = Progress(plan=plan)
    progress.items["found-a"] = ItemState(status="in-progress", notes=[Note(HOSTILE["script"])])
    progress.items["found-c"] = ItemState(status="done", notes=[Note(HOSTILE["attr"] + "\n" + HOSTILE["style"])])
    progress.items["board"] = ItemState(status="skipped", skip_reason=HOSTILE["comment"])
    html = render_html(build_view(plan, progress, catalog, TODAY), catalog, generated=GENERATED)
    page = Page(html)

    # Nothing injected: no foreign elements, only our one script and style, no event handlers.
    tags = {t for t, _ in page.tags}
    assert not tags & {"img", "iframe", "b", "object", "embed", "base", "form", "input"}
    assert len(page.all("script")) == 1 and len(page.all("style")) == 1 and len(page.all("svg")) == 1
    assert len(page.all("title")) == 1 + sum(1 for _ in page.all("a") if "node" in (_.get("class") or ""))
    for tag, attrs in page.tags:
        assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
        assert "src" not in attrs, (tag, attrs)
    # Only http(s) becomes a link; the quote in the https URL stays inside the attribute value.
    hrefs = [a["href"] for a in page.all("a")]
    assert not [h for h in hrefs if not (h.startswith("#") or h.startswith("https://"))]
    assert 'https://example.org/x"onmouseover="alert(1)' in hrefs
    assert "JS link" in page.all_text and "Data link" in page.all_text
    assert "javascript:" not in html and "data:text/html" not in html
    # The hostile text shows as text, escaped in the source.
    text = page.all_text
    for value in HOSTILE.values():
        assert value in text, value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<title>Study roadmap: &lt;script&gt;" in html


@pytest.mark.parametrize("url, ok", [
    ("https://example.org/a", True), ("http://example.org/a", True), ("HTTPS://EXAMPLE.ORG", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(1)", False), (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False), ("data:text/html,x", False), ("//evil.example/x", False),
    ("https://exa mple.org", False), ("https:", False), ("", False), (None, False), ("file:///etc/passwd", False),
])
def test_only_absolute_http_urls_are_linked(url, ok):
    assert (_safe_url(url) is not None) == ok


# ---------------------------------------------------------------- structure

def test_every_item_has_its_element_state_and_label(mini_catalog):
    view, progress = sample(mini_catalog)
    page = Page(render_html(view, mini_catalog, generated=GENERATED))
    ids = [i.id for i in view.items()]
    assert ids and sorted(page.items) == sorted(f"item-{i}" for i in ids)
    for rid in ids:
        item = page.items[f"item-{rid}"]
        state = progress.state(rid).status
        assert item["state"] == state
        assert STATE_LABEL[state] in item["text"]                     # a text label, not only colour
        assert rid in item["text"] and mini_catalog.resources[rid].title in item["text"]
    assert "halfway" in page.items["item-found-a"]["text"]
    assert "not for me" in page.items["item-board"]["text"]
    assert {i["state"] for i in page.items.values()} == {"done", "in-progress", "skipped", "todo"}


def test_landmarks_language_headings_and_skip_link(mini_catalog):
    view, _ = sample(mini_catalog)
    page = Page(render_html(view, mini_catalog, generated=GENERATED))
    assert page.all("html")[0]["lang"] == "en"
    for landmark in ("header", "nav", "main", "footer"):
        assert len(page.all(landmark)) == 1, landmark
    assert page.all("nav")[0].get("aria-label")
    assert page.all("main")[0]["id"] == "main"
    assert page.all("a")[0] == {"class": "skip", "href": "#main"}
    levels = [int(t[1]) for t, _ in page.tags if re.fullmatch(r"h[1-6]", t)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels   # no skipped level
    # Every in-page link has a target.
    ids = {a["id"] for _, a in page.tags if "id" in a}
    assert all(a["href"][1:] in ids for a in page.all("a") if a["href"].startswith("#"))
    # The JS-only button is a real button, hidden until the script shows it.
    button = page.all("button")[0]
    assert button["type"] == "button" and "hidden" in button and button["aria-pressed"] == "false"


def test_self_contained_no_network_and_csp(mini_catalog):
    view, _ = sample(mini_catalog)
    html = render_html(view, mini_catalog, generated=GENERATED)
    page = Page(html)
    metas = {m.get("http-equiv") or m.get("name"): m.get("content") for m in page.all("meta")}
    csp = metas["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "img-src data:" in csp and "connect-src" not in csp
    assert metas["viewport"].startswith("width=device-width")
    resource_urls = {r.url for r in mini_catalog.resources.values()}
    for tag, attrs in page.tags:
        assert "src" not in attrs and "srcset" not in attrs
        if "href" in attrs and tag != "a":
            pytest.fail(f"href on <{tag}>")
        if tag == "a" and not attrs["href"].startswith("#"):
            assert attrs["href"] in resource_urls
    # Any absolute URL anywhere in the file is a plan resource or the SVG namespace.
    found = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert found - {"http://www.w3.org/2000/svg"} == {i.url for i in view.items()}
    assert "@import" not in html and "url(" not in html.replace('marker-end="url(#arrow)"', "")


def test_progress_bars_totals_and_finish(mini_catalog):
    view, _ = sample(mini_catalog)
    page = Page(render_html(view, mini_catalog, generated=GENERATED))
    bars = [b for _, b in page.tags if b.get("role") == "progressbar"]
    with_items = [s for s in view.sections if s.items]
    assert [int(b["aria-valuenow"]) for b in bars] == [view.percent] + [s.percent for s in with_items]
    assert all(b.get("aria-label") for b in bars)
    text = page.all_text
    assert f"{view.done} of {view.total} items done" in text
    assert view.finish is not None and view.finish.isoformat() in {t.get("datetime") for t in page.all("time")}
    assert f"{view.percent}%" in text


def test_no_hours_per_week_says_how_to_get_an_estimate(mini_catalog):
    plan = mini_plan(mini_catalog, hours_per_week=None)
    view = build_view(plan, Progress(plan=plan), mini_catalog, TODAY)
    text = Page(render_html(view, mini_catalog, generated=GENERATED)).all_text
    assert "--hours-per-week" in text and "Not set" in text


def test_output_is_deterministic(mini_catalog):
    view, _ = sample(mini_catalog)
    assert render_html(view, mini_catalog, generated=GENERATED) == render_html(view, mini_catalog,
                                                                               generated=GENERATED)


# ---------------------------------------------------------------- the roadmap graph

def test_graph_columns_follow_prerequisites_reading_path_first(mini_catalog):
    view, _ = sample(mini_catalog)
    anchors = [f"topic-{s.id}" for s in view.sections]
    lay = layout(view, mini_catalog, anchors)
    col = {n.section.id: n.column for n in lay.nodes}
    # mini: middle needs base, top needs middle; side needs nothing.
    assert col == {"reading-path": 0, "base": 1, "side": 1, "middle": 2, "top": 3}
    edges = {(e.source, e.target, e.kind) for e in lay.edges}
    assert edges == {("topic-base", "topic-middle", "prereq"), ("topic-middle", "topic-top", "prereq"),
                     ("topic-reading-path", "topic-base", "path"), ("topic-reading-path", "topic-side", "path")}
    boxes = [(n.x, n.y) for n in lay.nodes]
    assert len(set(boxes)) == len(boxes)
    assert all(0 <= n.x and n.x + 220 <= lay.width and 0 <= n.y and n.y + 84 <= lay.height for n in lay.nodes)


def test_graph_skips_prerequisites_missing_from_the_plan(mini_catalog):
    # Only `top` asked for: its prerequisites come in (rule 4), so the chain stays whole.
    plan = recommend(mini_catalog, Answers(role="engineer", topics=("top",)),
                     now=datetime(2026, 11, 1, tzinfo=timezone.utc))
    view = build_view(plan, Progress(plan=plan), mini_catalog, TODAY)
    view.sections = [s for s in view.sections if s.id != "middle"]   # a plan that lost a topic
    lay = layout(view, mini_catalog, [f"topic-{s.id}" for s in view.sections])
    assert {(e.source, e.target) for e in lay.edges} == {("topic-base", "topic-top")}


def test_graph_nodes_link_to_sections_with_text_status(mini_catalog):
    view, _ = sample(mini_catalog)
    page = Page(render_html(view, mini_catalog, generated=GENERATED))
    nodes = [a for a in page.all("a") if "node" in (a.get("class") or "").split()]
    assert [n["href"] for n in nodes] != []
    assert sorted(n["href"] for n in nodes) == sorted(f"#topic-{s.id}" for s in view.sections)
    labels = {n["href"]: n["aria-label"] for n in nodes}
    assert "Complete" in labels["#topic-middle"] or "In progress" in labels["#topic-middle"]
    assert "Covered earlier" in labels["#topic-top"]
    assert len([p for _, p in page.tags if "edge-prereq" in (p.get("class") or "")]) == 2


# ---------------------------------------------------------------- a real browser

def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return shutil.which(name)
    return None


RECORDER = """<script>
window.__problems=[];
addEventListener("error",function(e){__problems.push("error: "+e.message)});
addEventListener("securitypolicyviolation",function(e){__problems.push("csp: "+e.violatedDirective+" "+e.blockedURI)});
window.alert=function(m){__problems.push("alert: "+m)};
addEventListener("load",function(){document.documentElement.setAttribute("data-problems",JSON.stringify(__problems));});
</script>"""


# Clicks "Hide done items" once loaded and records what is hidden, for the --dump-dom run.
TOGGLE_CHECK = """<script>
addEventListener("load",function(){var b=document.getElementById("hide-done");b.click();
var hidden=[].filter.call(document.querySelectorAll("li.item"),function(li){return getComputedStyle(li).display==="none"})
.map(function(li){return li.id});
document.documentElement.setAttribute("data-toggle",b.getAttribute("aria-pressed")+" "+hidden.join(","));});
</script>"""


def _run_chromium(browser, tmp_path, html_file, *extra):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-default-apps", "--disable-extensions", "--mute-audio",
             f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
             "--virtual-time-budget=5000"]
    return subprocess.run([browser, *flags, *extra, html_file.as_uri()], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path, stdin=subprocess.DEVNULL)


def _console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def _problems(dom: str) -> list[str] | None:
    import json

    m = re.search(r'<html[^>]*\sdata-problems="([^"]*)"', dom)
    if not m:
        return None
    from html import unescape

    return json.loads(unescape(m.group(1)))


def _with_recorder(html: str) -> str:
    return html.replace("<head>\n", "<head>\n" + RECORDER + "\n", 1)


@pytest.fixture
def chromium():
    browser = _chromium()
    if browser is None:
        pytest.skip("no chromium binary on PATH (.ci/run installs Debian's chromium package)")
    return browser


def test_chromium_renders_every_item_without_console_errors(chromium, tmp_path, mini_catalog):
    view, _ = sample(mini_catalog)
    # Hostile text in the browser too: had any of it become markup, the recorder would see it.
    view.sections[1].items[0].notes = [Note(HOSTILE["script"] + HOSTILE["attr"])]
    page = tmp_path / "roadmap.html"
    page.write_text(_with_recorder(render_html(view, mini_catalog, generated=GENERATED)), encoding="utf-8")

    shot = tmp_path / "shot.png"
    run = _run_chromium(chromium, tmp_path, page, f"--screenshot={shot}", "--window-size=1200,2000")
    assert run.returncode == 0, run.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 2000)
    idat = b"".join(data[i + 8:i + 8 + struct.unpack(">I", data[i:i + 4])[0]]
                    for i in (m.start() - 4 for m in re.finditer(b"IDAT", data)))
    assert len(set(zlib.decompress(idat))) > 40          # not a blank page: many distinct values
    assert _console_lines(run.stderr) == []

    page.write_text(_with_recorder(render_html(view, mini_catalog, generated=GENERATED))
                    .replace("</body>", TOGGLE_CHECK + "</body>"), encoding="utf-8")
    run = _run_chromium(chromium, tmp_path, page, "--dump-dom")
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    assert _console_lines(run.stderr) == []
    assert _problems(dom) == []                           # the recorder ran and saw nothing
    rendered = Page(dom)
    assert sorted(rendered.items) == sorted(f"item-{i.id}" for i in view.items())
    # Our script ran under the CSP: it showed the toggle button, and the button hides done items.
    assert "hidden" not in rendered.all("button")[0]
    pressed, hidden = re.search(r'data-toggle="(\w+) ([^"]*)"', dom).groups()
    done = sorted(f"item-{i.id}" for i in view.items() if i.state == "done")
    assert done and pressed == "true" and sorted(hidden.split(",")) == done
    assert HOSTILE["script"] + HOSTILE["attr"] in rendered.items[f"item-{view.sections[1].items[0].id}"]["text"]


def test_chromium_error_detection_is_not_vacuous(chromium, tmp_path, mini_catalog):
    """The same checks on a page with a broken script and a blocked fetch do report both."""
    view, _ = sample(mini_catalog)
    html = _with_recorder(render_html(view, mini_catalog, generated=GENERATED))
    html = html.replace("</body>", '<img src="https://example.org/x.png"><script>nosuch();</script></body>')
    page = tmp_path / "broken.html"
    page.write_text(html, encoding="utf-8")
    run = _run_chromium(chromium, tmp_path, page, "--dump-dom")
    problems = _problems(run.stdout)
    assert problems and any("nosuch" in p for p in problems) and any(p.startswith("csp:") for p in problems)
    assert any("Uncaught" in line for line in _console_lines(run.stderr))


def test_ids_stay_unique_and_inert_for_odd_or_repeated_ids(mini_catalog):
    from studyguide.export.html.page import _anchor
    from studyguide.progress.model import Plan, Section

    odd = ['a b', 'a_20_b', '"><x', "é", "base-2", "base_2"]
    anchors = [_anchor("topic", i) for i in odd]
    assert len(set(anchors)) == len(odd)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", a) for a in anchors)
    # Two sections for one topic (a hand-edited plan) still get distinct, linkable ids.
    plan = Plan(created=GENERATED, sections=[Section("base", ["found-a"]), Section("base", ["found-b"])])
    view = build_view(plan, Progress(plan=plan), mini_catalog, TODAY)
    page = Page(render_html(view, mini_catalog, generated=GENERATED))
    ids = [a["id"] for _, a in page.tags if "id" in a]
    assert len(ids) == len(set(ids))
    assert sum(1 for s in page.all("section") if s["id"].startswith("topic-base")) == 2


# ---------------------------------------------------------------- control characters, a finished plan

CONTROLS = "\x00\x01\x07\x08\x0b\x0c\r\x1b\x7f\x85\x9b"


def test_control_characters_never_reach_the_page(mini_catalog):
    """NUL, ESC, vertical tab and the rest become spaces wherever the text goes: item text,
    attributes (aria-label), the roadmap graph's node titles and the page title."""
    resources = {rid: replace(r, title=f"T{CONTROLS}{rid}", authors=f"A\x00\x1b[31m{rid}",
                                          why=f"W\x0b{rid}") for rid, r in mini_catalog.resources.items()}
    topics = {tid: replace(t, title=f"Topic\x1b[2J{tid}", covers="C\x00ov")
              for tid, t in mini_catalog.topics.items()}
    goals = {gid: replace(g, title="Goal\x00\x1bX") for gid, g in mini_catalog.goals.items()}
    catalog = replace(mini_catalog, resources=resources, topics=topics, goals=goals)
    plan = mini_plan(catalog)
    progress = Progress(plan=plan)
    progress.items["found-a"] = ItemState(status="in-progress", notes=[Note(f"note{CONTROLS}end\nline two\tTab")])
    progress.items["board"] = ItemState(status="skipped", skip_reason=f"reason{CONTROLS}end")
    html = render_html(build_view(plan, progress, catalog, TODAY), catalog, generated=GENERATED)
    assert re.findall(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", html) == []
    page = Page(html)
    spaced = " " * len(CONTROLS)
    assert f"note{spaced}end\nline two\tTab" in page.items["item-found-a"]["text"]   # tab and newline kept
    assert f"reason{spaced}end" in page.items["item-board"]["text"]
    assert f"T{spaced}found-a" in page.items["item-found-a"]["text"]
    assert "Topic [2Jbase" in page.all_text and "<title>Study roadmap: Goal  X</title>" in html
    assert any("Topic [2Jbase" in (a.get("aria-label") or "") for a in page.all("a"))


def test_a_finished_plan_says_so_instead_of_a_zero_week_estimate(mini_catalog):
    plan = mini_plan(mini_catalog)
    progress = Progress(plan=plan)
    for rid in plan.item_ids():
        progress.items[rid] = ItemState(status="done")
    progress.items["board"] = ItemState(status="skipped")
    view = build_view(plan, progress, mini_catalog, TODAY)
    assert view.done == view.total and view.skipped == 1 and view.hours_per_week
    html = render_html(view, mini_catalog, generated=GENERATED)
    text = Page(html).all_text
    assert "0 weeks" not in text and "finishing around" not in text
    assert "<dt>Finish estimate</dt><dd>Finished<small>every item done or skipped</small></dd>" in html
    assert "The plan is complete: every item done or skipped." in text
    assert "Nothing left to study in this plan." in text
