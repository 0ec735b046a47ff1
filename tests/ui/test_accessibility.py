"""The kiosk's accessible interfaces: scroll areas never crash a client, cards hide what is beneath."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.clock import FakeClock
from kiosk.ui.accessibility import CoverHostAccessible, ScrollAreaAccessible
from kiosk.ui.app import ensure_application
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.frame import touch_scroll
from kiosk.ui.widgets.cover import Cover


def exposed(widget: QWidget) -> bool:
    """Whether ``widget`` is reachable from the window's accessible tree (walking down)."""
    root = QAccessible.queryAccessibleInterface(widget.window())
    pending = [root]
    while pending:
        node = pending.pop()
        if node is None:
            continue
        if node.object() is widget:
            return True
        pending.extend(node.child(i) for i in range(node.childCount()))
    return False


def test_a_scroll_area_asked_for_a_child_past_the_end_answers_none(qtbot: Any) -> None:
    """Qt's own scroll-area interface reads past its list (a crash); the kiosk's says None."""
    ensure_application()
    for finger in (True, False):
        content = QLabel("text")
        area = touch_scroll(content, finger=finger)
        qtbot.addWidget(area)
        area.show()
        interface = QAccessible.queryAccessibleInterface(area)
        assert isinstance(interface, ScrollAreaAccessible)
        count = interface.childCount()
        assert count >= 1
        assert interface.child(0).object() is area.viewport()
        assert interface.child(count) is None
        assert interface.child(count + 1) is None
        assert interface.child(-1) is None
        assert interface.indexOfChild(interface.child(0)) == 0
        assert interface.indexOfChild(QAccessible.queryAccessibleInterface(content)) == -1


def test_the_start_over_card_hides_and_disables_the_screen_beneath(
    kiosk_window: MainWindow,
) -> None:
    """While the card shows, the screen's buttons are disabled and out of the accessible tree;
    keeping going brings them back as they were."""
    kiosk_window.start()
    screen = kiosk_window.current_screen()
    next_button = screen.next_button  # type: ignore[attr-defined]
    host = QAccessible.queryAccessibleInterface(kiosk_window.patient_root)
    assert isinstance(host, CoverHostAccessible)
    assert exposed(next_button)
    assert not QAccessible.queryAccessibleInterface(next_button).state().disabled
    kiosk_window.ask_start_over()
    card = kiosk_window.start_over_card
    assert QAccessible.queryAccessibleInterface(next_button).state().disabled
    assert QAccessible.queryAccessibleInterface(kiosk_window.start_over_button).state().disabled
    assert not exposed(next_button)
    assert not exposed(kiosk_window.start_over_button)
    assert exposed(card.keep_button)
    assert [host.child(i).object() for i in range(host.childCount())] == [card]
    assert card.keep_button.hasFocus()
    card.keep_button.click()
    assert not QAccessible.queryAccessibleInterface(next_button).state().disabled
    assert exposed(next_button)
    assert QAccessible.queryAccessibleInterface(card.keep_button).state().invisible


def test_the_idle_card_hides_what_is_beneath_and_a_disabled_control_stays_disabled(
    kiosk_window: MainWindow,
) -> None:
    """The idle card covers like the start-over card; a control that was disabled before the
    card is still disabled after it."""
    kiosk_window.start()
    screen = kiosk_window.current_screen()
    back = screen.back_button  # type: ignore[attr-defined]
    back.setEnabled(False)
    next_button = screen.next_button  # type: ignore[attr-defined]
    kiosk_window.overlay.warn(30)
    overlay = kiosk_window.overlay
    assert QAccessible.queryAccessibleInterface(next_button).state().disabled
    assert not exposed(next_button)
    assert exposed(overlay.button)
    assert overlay.button.hasFocus()
    overlay.button.click()
    assert not overlay.isVisible()
    assert next_button.isEnabled()
    assert not back.isEnabled()
    assert exposed(next_button)


def test_a_card_over_another_card_keeps_the_screen_covered_until_both_are_gone(
    kiosk_window: MainWindow,
) -> None:
    """The idle card over the start-over card: the screen comes back only when neither shows."""
    kiosk_window.start()
    next_button = kiosk_window.current_screen().next_button  # type: ignore[attr-defined]
    kiosk_window.ask_start_over()
    kiosk_window.overlay.warn(30)
    kiosk_window.overlay.hide()
    assert not next_button.isEnabled()
    assert isinstance(kiosk_window.start_over_card, Cover)
    kiosk_window.start_over_card.hide()
    assert next_button.isEnabled()


def test_a_button_pressed_through_its_accessible_action_keeps_the_patient_active(
    kiosk_window: MainWindow, clock: FakeClock, qtbot: Any
) -> None:
    """The default accessible action of a button (no mouse, no key) counts as activity: the
    idle clock starts again, and no warning comes when the old deadline passes."""
    kiosk_window.start()
    policy = kiosk_window.idle.policy
    clock.advance(policy.timeout - 5)
    button = kiosk_window.current_screen().next_button  # type: ignore[attr-defined]
    action = QAccessible.queryAccessibleInterface(button).actionInterface()
    assert action is not None
    with qtbot.waitSignal(button.clicked):
        action.doAction(action.pressAction())
    assert policy.idle_for() == 0
    clock.advance(10)
    kiosk_window.idle.poll()
    assert not kiosk_window.overlay.isVisible()


def test_accessible_activity_during_the_warning_does_not_dismiss_it(
    kiosk_window: MainWindow, clock: FakeClock, qtbot: Any
) -> None:
    """Once "Are you still there?" shows, only its button keeps the patient's place, however it
    is pressed; pressing it through its accessible action does."""
    kiosk_window.start()
    clock.advance(kiosk_window.idle.policy.timeout + 1)
    kiosk_window.idle.poll()
    overlay = kiosk_window.overlay
    assert overlay.isVisible()
    action = QAccessible.queryAccessibleInterface(overlay.button).actionInterface()
    assert action is not None
    with qtbot.waitSignal(overlay.button.clicked):
        action.doAction(action.pressAction())
    assert not overlay.isVisible()
    assert kiosk_window.idle.policy.idle_for() == 0
