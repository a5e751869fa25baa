"""The PIN prompt and the operator settings form (built from ``SETTINGS``)."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.i18n.languages import LANGUAGES
from ui.i18n.marker import QT_TRANSLATE_NOOP
from ui.kiosk.settings import SETTINGS, KioskSetting, SettingsFile, SettingValue

translate = QCoreApplication.translate


class PinDialog(QDialog):
    """Asks for the operator PIN; accepted only when it verifies."""

    def __init__(self, settings: SettingsFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setModal(True)
        self.setMinimumWidth(420)
        self.prompt = QLabel(self)
        self.entry = QLineEdit(self)
        self.entry.setEchoMode(QLineEdit.EchoMode.Password)
        self.entry.setValidator(QRegularExpressionValidator(r"[0-9]{0,12}", self.entry))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.try_pin)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.prompt, self.entry, self.message, self.buttons):
            layout.addWidget(widget)
        self._retranslate()
        self._show_lock()

    def _retranslate(self) -> None:
        self.setWindowTitle(translate("Settings", "Operator PIN"))
        self.prompt.setText(translate("Settings", "Enter the operator PIN to change settings"))

    def _show_lock(self) -> None:
        seconds = int(self.settings.locked_until - self.settings.clock())
        if seconds > 0:
            self.message.setText(
                translate("Settings", "Too many wrong PINs: locked for {seconds} s").format(
                    seconds=seconds + 1
                )
            )

    def try_pin(self) -> None:
        result = self.settings.check_pin(self.entry.text())
        self.entry.clear()
        if result.ok:
            self.accept()
        elif result.locked_for:
            self.message.setText(
                translate("Settings", "Too many wrong PINs: locked for {seconds} s").format(
                    seconds=result.locked_for
                )
            )
        else:
            self.message.setText(
                translate("Settings", "Wrong PIN: {tries} tries left").format(
                    tries=result.tries_left
                )
            )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


class Leave(StrEnum):
    """What the operator chose besides saving settings."""

    NOTHING = "nothing"
    WINDOWED = "windowed"
    QUIT = "quit"


class SettingsDialog(QDialog):
    """One row per declared setting; also the only way out of full screen."""

    def __init__(
        self,
        settings: SettingsFile,
        choices: dict[str, list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.leave = Leave.NOTHING
        self.setModal(True)
        self.setWindowTitle(translate("Settings", "Desk settings"))
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout()
        for setting in SETTINGS:
            editor = self._editor(setting, choices)
            editor.setToolTip(translate("Settings", setting.help))
            self.editors[setting.name] = editor
            form.addRow(translate("Settings", setting.help), editor)
        if settings.default_pin_in_use:
            warning = QLabel(
                translate(
                    "Settings",
                    "The demo PIN is in use: set your own with 'checkin kiosk --set-pin'",
                ),
                self,
            )
            warning.setWordWrap(True)
            form.addRow(warning)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.windowed = QPushButton(translate("Settings", "Leave full screen"), self)
        self.windowed.clicked.connect(lambda: self._leave(Leave.WINDOWED))
        self.quit = QPushButton(translate("Settings", "Quit the kiosk"), self)
        self.quit.clicked.connect(lambda: self._leave(Leave.QUIT))
        exits = QHBoxLayout()
        exits.addWidget(self.windowed)
        exits.addWidget(self.quit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(exits)
        layout.addWidget(buttons)

    def _editor(self, setting: KioskSetting, choices: dict[str, list[str]]) -> QWidget:
        value = self.settings.get(setting.name)
        if setting.type is bool:
            box = QCheckBox(self)
            box.setChecked(bool(value))
            return box
        options = (
            choices.get(setting.choices, [])
            if isinstance(setting.choices, str)
            else list(setting.choices)
        )
        if options:
            combo = QComboBox(self)
            for option in options:
                label = LANGUAGES.get(option, option) if setting.name == "language" else option
                combo.addItem(
                    translate("Settings", label) if setting.name == "direction" else label, option
                )
            index = combo.findData(value)
            combo.setCurrentIndex(max(index, 0))
            return combo
        if setting.type is float:
            spin = QDoubleSpinBox(self)
            spin.setDecimals(1)
            spin.setSingleStep(0.5)
            spin.setRange(setting.minimum or 0.0, setting.maximum or 1e6)
            spin.setValue(float(value))
            return spin
        if setting.type is int:
            whole = QSpinBox(self)
            whole.setRange(int(setting.minimum or 0), int(setting.maximum or 10**6))
            whole.setValue(int(value))
            return whole
        line = QLineEdit(str(value), self)
        return line

    def value(self, name: str) -> SettingValue:
        editor = self.editors[name]
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return str(editor.currentData())  # the options are the choices, all str
        if isinstance(editor, QDoubleSpinBox | QSpinBox):
            return editor.value()
        assert isinstance(editor, QLineEdit)
        return editor.text()

    def set_value(self, name: str, value: SettingValue) -> None:
        """Set an editor as an operator would (used by tests and scripted set-ups)."""
        editor = self.editors[name]
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findData(value))
        elif isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(value))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))

    def save(self) -> None:
        for setting in SETTINGS:
            self.settings.set(setting.name, self.value(setting.name))
        self.settings.save()
        self.accept()

    def _leave(self, choice: Leave) -> None:
        self.leave = choice
        self.accept()


# For lupdate: the direction choices as the settings form shows them.
DIRECTION_LABELS = (
    QT_TRANSLATE_NOOP("Settings", "entry"),
    QT_TRANSLATE_NOOP("Settings", "exit"),
)
