"""The admin's consent page: versions with how often each was signed, and publishing the next."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.core.text import fill_in
from kiosk.services.consent_versions import PublishError, consent_summary, publish_consent
from kiosk.services.context import KioskContext
from kiosk.ui.admin.table import fill, make_table
from kiosk.ui.staff.faults import guarded
from kiosk.ui.widgets.buttons import text_label, touch_button


class ConsentPage(QWidget):
    """Signed copies are never touched: a new version only changes what the next patient reads."""

    def __init__(self, context: KioskContext, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.actor = actor
        self.table = make_table(
            [self.tr("Version"), self.tr("Title"), self.tr("Signed"), self.tr("In use")],
            self.tr("Consent versions"),
        )
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("Consent file to publish"))
        self.path.setPlaceholderText(self.tr("Path of the new version's TOML file"))
        self.publish_button = touch_button(self.tr("Publish"), role="Primary")
        self.publish_button.clicked.connect(self.publish)
        self.status = text_label("", "Problem")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.publish_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(self.tr("Consent versions"), "Title"))
        self.forms_in_use = text_label("", "Subtitle")
        layout.addWidget(self.forms_in_use)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.refresh()

    def refresh(self) -> None:
        """Read the versions and counts again."""
        versions = ", ".join(
            f"{form} {version}" for form, version in self.context.forms.versions().items()
        )
        self.forms_in_use.setText(fill_in(self.tr("Forms in use: %1"), versions))
        fill(
            self.table,
            [
                [v.version, v.title_en, v.signed_count, self.tr("current") if v.is_current else ""]
                for v in consent_summary(self.context)
            ],
        )

    @guarded
    def publish(self) -> None:
        """Publish the file named in the path field as the next version."""
        text = self.path.text().strip()
        if not text:
            self.status.setText(self.tr("Type the path of the new version's file first."))
            return
        try:
            version = publish_consent(self.context, Path(text), self.actor)
        except PublishError as problem:
            self.status.setText("⚠ " + fill_in(self.tr("Not published: %1"), str(problem)))
            return
        self.status.setText(
            fill_in(self.tr("Version %1 is published: the next patient signs it."), str(version))
        )
        self.refresh()
