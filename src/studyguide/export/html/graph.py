"""The plan's topics as a roadmap graph: a deterministic layout and its inline SVG.

Columns follow prerequisite depth (a topic sits one column right of its deepest
prerequisite in the plan), the goal's reading path, when there is one, sits alone
in the first column because the plan reads it first. Within a column, nodes are
ordered by where their prerequisites sit (fewer crossing arrows), then by plan
order, so the same plan always gives the same picture.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape

from studyguide.catalog.model import Catalog
from studyguide.plan.view import PlanView, SectionView

NODE_W, NODE_H = 220, 84
COL_GAP, ROW_GAP, PAD = 48, 22, 8
# Titles are wrapped in Python, so assume a wide font: 21 chars of DejaVu Sans bold at
# 14px (~9.1px each) fit the 202px between the title's start and the node's edge.
TITLE_CHARS = 21

NODE_LABEL = {"done": "Complete", "in-progress": "In progress", "todo": "Not started",
              "skipped": "Skipped", "empty": "Covered earlier"}
NODE_ICON = {"done": "✓", "in-progress": "◐", "todo": "○", "skipped": "↷", "empty": "–"}


@dataclass(frozen=True)
class Node:
    section: SectionView
    anchor: str          # the id of the section's element in the page
    column: int
    row: int
    x: int
    y: int
    state: str           # a NODE_LABEL key


@dataclass(frozen=True)
class Edge:
    source: str          # anchors
    target: str
    kind: str            # "prereq" (needs first) or "path" (the reading path comes first)


@dataclass(frozen=True)
class Layout:
    nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int
    prerequisites: dict[str, list[str]]   # anchor -> anchors of its prerequisites in the plan


def section_state(sec: SectionView) -> str:
    if not sec.items:
        return "empty"
    if sec.total == 0:
        return "skipped"
    if sec.done == sec.total:
        return "done"
    if sec.done or any(i.state == "in-progress" for i in sec.items):
        return "in-progress"
    return "todo"


def _plan_prerequisites(catalog: Catalog, topic_id: str, in_plan: set[str]) -> list[str]:
    """The nearest prerequisites that are in the plan, looking through ones that are not."""
    found: list[str] = []
    seen: set[str] = {topic_id}
    topic = catalog.topics.get(topic_id)
    stack = list(topic.prerequisites) if topic else []
    while stack:
        pre = stack.pop(0)
        if pre in seen:
            continue
        seen.add(pre)
        if pre in in_plan:
            found.append(pre)
        elif pre in catalog.topics:
            stack.extend(catalog.topics[pre].prerequisites)
    return found


def layout(view: PlanView, catalog: Catalog, anchors: list[str]) -> Layout:
    """`anchors[i]` is the page id of `view.sections[i]`."""
    by_anchor = dict(zip(anchors, view.sections))
    topic_anchor: dict[str, str] = {}
    for anchor, sec in by_anchor.items():
        if sec.kind == "topic":
            topic_anchor.setdefault(sec.id, anchor)
    in_plan = set(topic_anchor)
    prereqs = {topic_anchor[t]: [topic_anchor[p] for p in _plan_prerequisites(catalog, t, in_plan)]
               for t in topic_anchor}
    has_path = any(s.kind == "path" for s in view.sections)

    # Depth by relaxation: bounded, so a cycle in a hand-made catalog cannot hang us.
    depth = {a: 0 for a in prereqs}
    for _ in range(len(depth)):
        changed = False
        for a, pres in prereqs.items():
            want = max((depth[p] + 1 for p in pres), default=0)
            if want > depth[a] and want < len(depth):
                depth[a], changed = want, True
        if not changed:
            break
    column = {a: d + (1 if has_path else 0) for a, d in depth.items()}
    for a in anchors:
        column.setdefault(a, 0)   # the reading path, and any section not laid out above

    order = {a: i for i, a in enumerate(anchors)}
    columns: dict[int, list[str]] = {}
    for a in anchors:
        if a in column and a not in columns.get(column[a], []):
            columns.setdefault(column[a], []).append(a)
    row: dict[str, int] = {}
    for c in sorted(columns):
        def key(a: str) -> tuple[float, int]:
            placed = [row[p] for p in prereqs.get(a, []) if p in row]
            return (sum(placed) / len(placed) if placed else -1.0, order[a])
        for r, a in enumerate(sorted(columns[c], key=key)):
            row[a] = r

    tallest = max((len(v) for v in columns.values()), default=0)
    height = PAD * 2 + tallest * NODE_H + max(tallest - 1, 0) * ROW_GAP
    n_cols = (max(columns) + 1) if columns else 0
    width = PAD * 2 + n_cols * NODE_W + max(n_cols - 1, 0) * COL_GAP
    nodes = []
    for c in sorted(columns):
        size = len(columns[c])
        top = PAD + ((tallest - size) * (NODE_H + ROW_GAP)) // 2
        for a in sorted(columns[c], key=row.__getitem__):
            nodes.append(Node(section=by_anchor[a], anchor=a, column=c, row=row[a],
                              x=PAD + c * (NODE_W + COL_GAP), y=top + row[a] * (NODE_H + ROW_GAP),
                              state=section_state(by_anchor[a])))
    edges = [Edge(p, a, "prereq") for a in anchors if a in prereqs for p in prereqs[a]]
    if has_path:
        path = next(a for a in anchors if by_anchor[a].kind == "path")
        edges = [Edge(path, a, "path") for a in anchors if a in prereqs and not prereqs[a]] + edges
    return Layout(nodes=nodes, edges=edges, width=width, height=height, prerequisites=prereqs)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _title_lines(sec: SectionView) -> list[str]:
    title = "Reading path" if sec.kind == "path" else sec.title
    lines = textwrap.wrap(title, TITLE_CHARS) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), TITLE_CHARS, placeholder="…")]
    return lines


def _progress_line(node: Node) -> str:
    sec = node.section
    label = NODE_LABEL[node.state]
    if node.state in ("empty", "skipped"):
        return label
    return f"{label} · {sec.done}/{sec.total} · {sec.percent}%"


def _edge_path(a: Node, b: Node) -> str:
    x1, y1 = a.x + NODE_W, a.y + NODE_H // 2
    x2, y2 = b.x - 3, b.y + NODE_H // 2
    bend = max((x2 - x1) // 2, 24)
    return f"M{x1} {y1} C{x1 + bend} {y1} {x2 - bend} {y2} {x2} {y2}"


def _min_width(lay: Layout) -> int:
    """Below this the graph scrolls sideways instead of shrinking its text (phones)."""
    return min(lay.width, max(560, lay.width * 4 // 5))


def render_svg(lay: Layout, title_id: str) -> str:
    """The graph as inline SVG; every node is a link to its section."""
    pos = {n.anchor: n for n in lay.nodes}
    out = [f'<svg class="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {lay.width} {lay.height}" '
           f'width="{lay.width}" height="{lay.height}" style="min-width:{_min_width(lay)}px" '
           f'role="group" aria-labelledby="{title_id}">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="8" '
           'markerHeight="8" orient="auto"><path class="arrowhead" d="M0 0 L10 5 L0 10 z"/></marker></defs>']
    for edge in lay.edges:
        a, b = pos[edge.source], pos[edge.target]
        out.append(f'<path class="edge edge-{edge.kind}" d="{_edge_path(a, b)}" marker-end="url(#arrow)"/>')
    for n in lay.nodes:
        sec = n.section
        label = f"{sec.title}: {_progress_line(n)}"
        if sec.depth:
            label += f", depth {sec.depth}"
        out.append(f'<a class="node node-{n.state}" href="#{n.anchor}" aria-label="{_e(label)}">'
                   f'<title>{_e(label)}</title>')
        out.append(f'<rect class="node-box" x="{n.x}" y="{n.y}" width="{NODE_W}" height="{NODE_H}" rx="12"/>')
        out.append(f'<rect class="node-stripe" x="{n.x}" y="{n.y + 10}" width="4" height="{NODE_H - 20}" rx="2"/>')
        lines = _title_lines(sec)
        ty = n.y + (24 if len(lines) == 2 else 32)
        for k, line in enumerate(lines):
            out.append(f'<text class="node-title" x="{n.x + 18}" y="{ty + 18 * k}">{_e(line)}</text>')
        out.append(f'<text class="node-meta" x="{n.x + 18}" y="{n.y + NODE_H - 20}">'
                   f'<tspan class="node-icon">{NODE_ICON[n.state]}</tspan> {_e(_progress_line(n))}</text>')
        bar_w = NODE_W - 36
        fill = 0 if n.state in ("empty", "skipped") else bar_w * sec.percent // 100
        out.append(f'<rect class="node-track" x="{n.x + 18}" y="{n.y + NODE_H - 12}" width="{bar_w}" '
                   f'height="4" rx="2"/>')
        if fill:
            out.append(f'<rect class="node-fill" x="{n.x + 18}" y="{n.y + NODE_H - 12}" width="{fill}" '
                       f'height="4" rx="2"/>')
        out.append('</a>')
    out.append('</svg>')
    return "\n".join(out)
