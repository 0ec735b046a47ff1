"""An AT-SPI client, as Orca is one: Debian's python3 with gi (Atspi 2.0), never the kiosk's venv.

Reads one JSON request a line on stdin, answers one JSON line on stdout. Requests:
``{"op": "tree"}`` the showing accessible tree of the app named by argv[1] (each node: id,
parent, role, name, states, actions, text, children); ``{"op": "do", "id": N, "action": NAME}``;
``{"op": "set_text", "id": N, "text": T}``; ``{"op": "focus", "id": N}``;
``{"op": "child", "id": N, "index": I}`` (a child asked for by index, past the end on purpose).
Ids are those of the last tree.
"""

import json
import sys

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

APP = sys.argv[1]
nodes = {}


def application():
    desktop = Atspi.get_desktop(0)
    for index in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(index)
        if app is not None and app.get_name() == APP:
            return app
    return None


def states(node):
    found = node.get_state_set()
    return [s.value_nick for s in Atspi.StateType.__enum_values__.values() if found.contains(s)]


def describe(node, number, parent):
    actions = []
    action = node.get_action_iface()
    if action is not None:
        actions = [action.get_action_name(i) for i in range(action.get_n_actions())]
    text = None
    text_iface = node.get_text_iface()
    if text_iface is not None:
        text = text_iface.get_text(0, -1)
    return {
        "id": number,
        "parent": parent,
        "role": node.get_role_name(),
        "name": node.get_name(),
        "description": node.get_description(),
        "states": states(node),
        "actions": actions,
        "text": text,
        "children": node.get_child_count(),
    }


def tree():
    nodes.clear()
    app = application()
    if app is None:
        return []
    app.clear_cache()
    out = []
    pending = [(app, None)]
    while pending:
        node, parent = pending.pop(0)
        number = len(nodes)
        try:  # a screen being replaced: its objects go while they are read
            info = describe(node, number, parent)
        except GLib.Error:
            continue
        nodes[number] = node
        out.append(info)
        if parent is not None and "showing" not in info["states"]:
            continue
        for index in range(info["children"]):
            try:
                child = node.get_child_at_index(index)
            except GLib.Error:
                continue
            if child is not None:
                pending.append((child, number))
    return out


def handle(request):
    op = request["op"]
    if op == "tree":
        return tree()
    node = nodes[request["id"]]
    if op == "do":
        action = node.get_action_iface()
        names = [action.get_action_name(i) for i in range(action.get_n_actions())]
        return action.do_action(names.index(request["action"]))
    if op == "set_text":
        return node.get_editable_text_iface().set_text_contents(request["text"])
    if op == "focus":
        return node.get_component_iface().grab_focus()
    if op == "child":
        child = node.get_child_at_index(request["index"])
        return None if child is None else child.get_role_name()
    raise ValueError(op)


for line in sys.stdin:
    try:
        answer = {"ok": handle(json.loads(line))}
    except Exception as exc:  # noqa: BLE001 - every failure goes back to the test
        answer = {"error": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
