"""The lab's architecture diagrams as SVG, for pages that cannot run Mermaid's JavaScript (the capstone's
report is one file that opens offline, and the lab never fetches a script from the network).

It reads the Mermaid that `labs.diagrams.mermaid` writes (a flowchart LR with nested subgraphs, nodes
as ["box"], [("cylinder")], {{"hexagon"}} and (("circle")), edges `a -- "label" --> b`, chained) and
lays it out as nested boxes: the top level left to right in the order its edges go, a subgraph's
subgraphs stacked, its own nodes side by side. Lines it does not understand are left out, never an
error: the diagram is a picture of the account, not a program.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_NODE = re.compile(r'^(?P<id>[A-Za-z0-9_]+)(?P<open>\(\(|\[\(|\{\{|\[)"(?P<label>.*)"(?:\)\)|\)\]|\}\}|\])$')
_SUBGRAPH = re.compile(r'^subgraph (?P<id>[A-Za-z0-9_]+)(?:\["(?P<label>.*)"\])?$')
_EDGE_PART = re.compile(r'\s*(?:--\s*"(?P<label>[^"]*)"\s*)?-->\s*')
SHAPES = {"((": "circle", "[(": "cylinder", "{{": "hexagon", "[": "box"}
CHAR_WIDTH = 6.6
LINE_HEIGHT = 16
PAD = 12


@dataclass
class Node:
    id: str
    label: str
    shape: str = "box"
    x: float = 0
    y: float = 0
    w: float = 0
    h: float = 0

    @property
    def lines(self) -> list[str]:
        return self.label.split("<br/>")


@dataclass
class Group:
    id: str
    label: str
    children: list = field(default_factory=list)
    x: float = 0
    y: float = 0
    w: float = 0
    h: float = 0


@dataclass
class Diagram:
    root: Group
    nodes: dict
    edges: list
    """(from, to, label)"""


def parse(text: str) -> Diagram:
    root = Group("root", "")
    stack, nodes, edges = [root], {}, []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("flowchart", "graph", "%%")):
            continue
        if line == "end":
            if len(stack) > 1:
                stack.pop()
            continue
        found = _SUBGRAPH.match(line)
        if found:
            group = Group(found["id"], found["label"] or found["id"])
            stack[-1].children.append(group)
            stack.append(group)
            continue
        if "-->" in line:
            parts = _EDGE_PART.split(line)
            # parts: [node, label, node, label, node, ...]
            ids = [p.strip() for p in parts[0::2]]
            labels = parts[1::2]
            for source, label, target in zip(ids, labels, ids[1:], strict=False):
                edges.append((_node_id(source, nodes, stack[-1]), _node_id(target, nodes, stack[-1]), label or ""))
            continue
        found = _NODE.match(line)
        if found and found["id"] not in nodes:
            node = Node(found["id"], found["label"], SHAPES[found["open"]])
            nodes[node.id] = node
            stack[-1].children.append(node)
    return Diagram(root, nodes, edges)


def _node_id(text: str, nodes: dict, group: Group) -> str:
    found = _NODE.match(text)
    if found:
        if found["id"] not in nodes:
            node = Node(found["id"], found["label"], SHAPES[found["open"]])
            nodes[node.id] = node
            group.children.append(node)
        return found["id"]
    if text not in nodes:
        nodes[text] = Node(text, text)
        group.children.append(nodes[text])
    return text


# --- layout -----------------------------------------------------------------------------------------

def text_width(text: str) -> float:
    """The drawn width of one line: Hangul and other wide characters take two columns (labs.terminal.width)."""
    from labs.terminal import width

    return width(text) * CHAR_WIDTH


def _size_node(node: Node) -> None:
    node.w = max(90.0, max(text_width(line) for line in node.lines) + 2 * PAD)
    node.h = len(node.lines) * LINE_HEIGHT + 2 * PAD
    if node.shape == "circle":
        node.w = node.h = max(node.w, node.h)
    if node.shape == "cylinder":
        node.h += 10


def _label_width(label: str) -> float:
    return max(text_width(line) for line in label.split("<br/>")) if label else 0.0


def _row(group: Group, rank: dict) -> list:
    """A group's own nodes, in the order their edges go (an edge's source left of its target)."""
    return sorted((c for c in group.children if isinstance(c, Node)), key=lambda n: rank.get(n.id, 0))


def _gaps(nodes: list, edges: list) -> list[float]:
    """The space after each node of a row: room for the label of an edge to the next one."""
    gaps = []
    for left, right in zip(nodes, nodes[1:], strict=False):
        labels = [label for a, b, label in edges if {a, b} == {left.id, right.id}]
        gaps.append(max([PAD] + [_label_width(label) + 30 for label in labels]))
    return gaps


def _size_group(group: Group, rank: dict, edges: list) -> None:
    nodes = _row(group, rank)
    groups = [c for c in group.children if isinstance(c, Group)]
    for node in nodes:
        _size_node(node)
    for child in groups:
        _size_group(child, rank, edges)
    row_w = sum(n.w for n in nodes) + sum(_gaps(nodes, edges))
    row_h = max((n.h for n in nodes), default=0)
    stack_w = max((g.w for g in groups), default=0)
    stack_h = sum(g.h for g in groups) + PAD * max(0, len(groups) - 1)
    title = LINE_HEIGHT + 6
    group.w = max(row_w, stack_w, text_width(group.label) + 2 * PAD) + 2 * PAD
    group.h = title + stack_h + (PAD if groups and nodes else 0) + row_h + 2 * PAD


def _place_group(group: Group, x: float, y: float, rank: dict, edges: list) -> None:
    group.x, group.y = x, y
    cursor_y = y + LINE_HEIGHT + 6 + PAD
    for child in [c for c in group.children if isinstance(c, Group)]:
        _place_group(child, x + PAD, cursor_y, rank, edges)
        cursor_y += child.h + PAD
    cursor_x = x + PAD
    nodes = _row(group, rank)
    for node, gap in zip(nodes, (_gaps(nodes, edges) + [0])[: len(nodes)], strict=True):
        node.x, node.y = cursor_x, cursor_y
        cursor_x += node.w + gap


def _members(group: Group) -> list[str]:
    found = []
    for child in group.children:
        found += [child.id] if isinstance(child, Node) else _members(child)
    return found


def layout(diagram: Diagram) -> tuple[float, float]:
    """Positions for every node and group; the picture's width and height."""
    units = diagram.root.children
    unit_of = {}
    for unit in units:
        for member in ([unit.id] if isinstance(unit, Node) else _members(unit)):
            unit_of[member] = unit.id
    rank = {unit.id: 0 for unit in units}
    for _ in range(len(units)):  # longest path, cycles cut after len(units) rounds
        for source, target, _label in diagram.edges:
            a, b = unit_of.get(source), unit_of.get(target)
            if a and b and a != b and rank[b] < rank[a] + 1:
                rank[b] = rank[a] + 1
    node_rank = {node: 0 for node in diagram.nodes}
    for _ in range(len(node_rank)):
        for source, target, _label in diagram.edges:
            if source != target and node_rank[target] < node_rank[source] + 1:
                node_rank[target] = node_rank[source] + 1
    columns: dict[int, list] = {}
    for unit in units:
        if isinstance(unit, Node):
            _size_node(unit)
        else:
            _size_group(unit, node_rank, diagram.edges)
        columns.setdefault(rank[unit.id], []).append(unit)
    x, height, gap = 20.0, 0.0, 0.0
    for index in sorted(columns):
        column = columns[index]
        y = 20.0
        for unit in column:
            if isinstance(unit, Node):
                unit.x, unit.y = x, y
            else:
                _place_group(unit, x, y, node_rank, diagram.edges)
            y += unit.h + 40
        height = max(height, y)
        # The gap to the next column holds the widest label of the edges that cross it.
        crossing = [label for source, target, label in diagram.edges
                    if rank.get(unit_of.get(source)) == index and rank.get(unit_of.get(target)) == index + 1]
        widest = max((_label_width(label) for label in crossing if label), default=0)
        gap = max(80.0, widest + 50)
        x += max(u.w for u in column) + gap
    return x - gap + 20, height


# --- drawing ----------------------------------------------------------------------------------------

def _text(x: float, y: float, lines: list[str], anchor: str = "middle", weight: str = "normal") -> str:
    spans = "".join(f'<tspan x="{x:.0f}" dy="{0 if i == 0 else LINE_HEIGHT}">{html.escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}" font-weight="{weight}">{spans}</text>'


def _draw_node(node: Node) -> str:
    x, y, w, h = node.x, node.y, node.w, node.h
    cx = x + w / 2
    if node.shape == "circle":
        shape = f'<circle cx="{cx:.0f}" cy="{y + h / 2:.0f}" r="{w / 2:.0f}" class="node"/>'
    elif node.shape == "cylinder":
        shape = (f'<path class="node" d="M{x:.0f},{y + 6:.0f} a{w / 2:.0f},6 0 0,0 {w:.0f},0 v{h - 12:.0f} '
                 f'a{w / 2:.0f},6 0 0,1 {-w:.0f},0 z"/><path class="node" d="M{x:.0f},{y + 6:.0f} '
                 f'a{w / 2:.0f},6 0 0,1 {w:.0f},0"/>')
    elif node.shape == "hexagon":
        shape = (f'<polygon class="node" points="{x + 10:.0f},{y:.0f} {x + w - 10:.0f},{y:.0f} {x + w:.0f},{y + h / 2:.0f} '
                 f'{x + w - 10:.0f},{y + h:.0f} {x + 10:.0f},{y + h:.0f} {x:.0f},{y + h / 2:.0f}"/>')
    else:
        shape = f'<rect class="node" x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" rx="4"/>'
    top = y + h / 2 - (len(node.lines) - 1) * LINE_HEIGHT / 2 + 4
    return shape + _text(cx, top, node.lines)


def _draw_group(group: Group) -> str:
    parts = [f'<rect class="group" x="{group.x:.0f}" y="{group.y:.0f}" width="{group.w:.0f}" height="{group.h:.0f}" rx="6"/>',
             _text(group.x + PAD, group.y + LINE_HEIGHT + 2, [group.label], anchor="start", weight="bold")]
    for child in group.children:
        parts.append(_draw_group(child) if isinstance(child, Group) else _draw_node(child))
    return "".join(parts)


def _anchor(node: Node, toward: Node) -> tuple[float, float]:
    """Where a line toward `toward` leaves `node`'s box: its right or left side, or top or bottom."""
    cx, cy = node.x + node.w / 2, node.y + node.h / 2
    tx, ty = toward.x + toward.w / 2, toward.y + toward.h / 2
    if abs(tx - cx) * node.h >= abs(ty - cy) * node.w:
        return (node.x + node.w if tx > cx else node.x), cy
    return cx, (node.y + node.h if ty > cy else node.y)


def _between(x1: float, x2: float, gap: tuple | None) -> float:
    """Where along a line from x1 to x2 (0 to 1) its label goes: the middle of the stretch that crosses `gap`
    (the space between two top-level units), else the middle."""
    if gap is None or abs(x2 - x1) < 1:
        return 0.5
    low, high = sorted(((gap[0] - x1) / (x2 - x1), (gap[1] - x1) / (x2 - x1)))
    low, high = max(low, 0.0), min(high, 1.0)
    return (low + high) / 2 if low < high else 0.5


def _draw_edge(source: Node, target: Node, label: str, shift: float = 0, gap: tuple | None = None) -> tuple[str, str]:
    """The edge's line and its label, drawn apart: lines under the boxes, labels over them."""
    x1, y1 = _anchor(source, target)
    x2, y2 = _anchor(target, source)
    if shift:  # edges between the same two nodes, side by side
        dx, dy = x2 - x1, y2 - y1
        length = max((dx * dx + dy * dy) ** 0.5, 1.0)
        ox, oy = -dy / length * shift, dx / length * shift
        x1, y1, x2, y2 = x1 + ox, y1 + oy, x2 + ox, y2 + oy
    line = f'<line class="edge" x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" marker-end="url(#arrow)"/>'
    if not label:
        return line, ""
    lines = label.split("<br/>")
    width = max(text_width(text) for text in lines) + 8
    height = len(lines) * LINE_HEIGHT + 4
    t = _between(x1, x2, gap)
    mx, my = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
    return line, (f'<rect class="label" x="{mx - width / 2:.0f}" y="{my - height / 2:.0f}" width="{width:.0f}" '
                  f'height="{height:.0f}" rx="3"/>' + _text(mx, my - height / 2 + LINE_HEIGHT - 2, lines))


STYLE = (".node{fill:#eef4ff;stroke:#3d5a99;stroke-width:1.2}.group{fill:#fafafa;stroke:#9aa5b1;stroke-dasharray:4 3}"
         ".edge{stroke:#555;stroke-width:1.3}.label{fill:#fff;stroke:#ddd}"
         "text{font:12px 'Noto Sans','Noto Sans CJK KR','Malgun Gothic',sans-serif;fill:#222}")


def _gap(a, b) -> tuple | None:
    """The horizontal space between two top-level units (None: the same unit, or side by side)."""
    if a is None or b is None or a is b:
        return None
    left, right = (a, b) if a.x <= b.x else (b, a)
    return (left.x + left.w, right.x) if left.x + left.w < right.x else None


def svg(mermaid_text: str, title: str = "") -> str:
    """The diagram as one <svg> element (no script, no external reference)."""
    diagram = parse(mermaid_text)
    width, height = layout(diagram)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="100%" '
             f'style="max-width:{width:.0f}px" role="img" aria-label="{html.escape(title)}">',
             f"<style>{STYLE}</style>",
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
             'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>']
    boxes = [_draw_group(unit) if isinstance(unit, Group) else _draw_node(unit) for unit in diagram.root.children]
    lines, labels = [], []
    pairs: dict = {}
    for source, target, _label in diagram.edges:
        pairs.setdefault(frozenset((source, target)), []).append(source)
    unit_of = {}
    for unit in diagram.root.children:
        for member in ([unit.id] if isinstance(unit, Node) else _members(unit)):
            unit_of[member] = unit
    seen: dict = {}
    for source, target, label in diagram.edges:
        key = frozenset((source, target))
        index, count = seen.get(key, 0), len(pairs[key])
        seen[key] = index + 1
        shift = (index - (count - 1) / 2) * (LINE_HEIGHT * 2.4) if count > 1 else 0
        line, text = _draw_edge(diagram.nodes[source], diagram.nodes[target], label, shift,
                                _gap(unit_of.get(source), unit_of.get(target)))
        lines.append(line)
        labels.append(text)
    parts += boxes + lines + labels + ["</svg>"]
    return "".join(parts)
