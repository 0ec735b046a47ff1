"""The admin pages' row of big buttons: Back, then one checkable button per page over a stack."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from kiosk.ui.widgets.buttons import touch_button

P = TypeVar("P", bound=QWidget)


class PageTabs(Generic[P]):
    """``bar``: Back (``back_caption``, calling ``on_back``) and a button per page, each
    showing its page through ``show`` (the owner reads it first); ``stack`` holds the pages."""

    def __init__(
        self,
        owner: QWidget,
        pages: Sequence[tuple[P, str]],
        show: Callable[[P], None],
        back_caption: str,
        on_back: Callable[[], None],
    ) -> None:
        self.stack = QStackedWidget()
        self.bar = QHBoxLayout()
        self.bar.setContentsMargins(24, 8, 24, 0)
        self.back_button = touch_button(back_caption, role="Secondary")
        self.back_button.clicked.connect(on_back)
        self.bar.addWidget(self.back_button)
        self.group = QButtonGroup(owner)
        self.buttons: dict[P, QPushButton] = {}
        for page, caption in pages:
            button = touch_button(caption, role="Choice", checkable=True)
            button.clicked.connect(lambda _=False, p=page: show(p))
            self.group.addButton(button)
            self.stack.addWidget(page)
            self.buttons[page] = button
            # Wide enough for the bold label of the chosen page: the row is shared out evenly.
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.bar.addWidget(button)

    def select(self, page: P) -> None:
        """``page`` on top, its button checked."""
        self.stack.setCurrentWidget(page)
        self.buttons[page].setChecked(True)
