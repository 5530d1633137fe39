"""The admin settings: the configuration file's values with the saved settings laid
over them, changed on the touchscreen (admin only), validated as the file is."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.config import Config
from kiosk.errors import ConfigError
from kiosk.staff import settings as settings_rules
from kiosk.staff.api import Problem, SettingsValues, StaffMember, StaffRequestError
from kiosk.staff.guard import guarded, refuse
from kiosk.staff.ports import Authoriser, SettingsRows

__all__ = ["SettingsService"]

log = logging.getLogger(__name__)


class SettingsService:
    """Admin settings (``kiosk.staff.api.SettingsPort``) over ``SettingsRows``.

    :param config: the configuration from the config file; ``config`` is then the
        one in effect (saved settings over it), ``refused`` the saved ones that no
        longer pass (reported, not fatal).
    """

    def __init__(self, rows: SettingsRows, authoriser: Authoriser, config: Config) -> None:
        self.rows = rows
        self._authoriser = authoriser
        self.file_config = config
        self.config, self.refused = settings_rules.apply_saved(config, rows.settings())
        # Called with the new configuration after settings are saved (the composition
        # root applies what it can without a restart).
        self.on_changed: list[Callable[[Config], None]] = []

    @guarded
    def values(self) -> SettingsValues:
        defaults = Config()
        choices, ranges, kinds = settings_rules.limits()
        keys = settings_rules.SETTINGS_KEYS
        return SettingsValues(
            values={k: settings_rules.value_of(self.config, k) for k in keys},
            defaults={k: settings_rules.value_of(defaults, k) for k in keys},
            choices=choices, ranges=ranges, kinds=kinds,
        )

    @guarded
    def save(self, by: StaffMember, changes: Mapping[str, object]) -> SettingsValues:
        """Validate (as the config file is), save all at once, apply, audit (admin only)."""
        actor = self._authoriser.authorise(by, admin=True)
        saved = self.rows.settings()
        changes = {k: v for k, v in changes.items()
                   if k not in settings_rules.SETTINGS_KEYS
                   or v != settings_rules.value_of(self.config, k)}
        if not changes:
            return self.values()
        config = self._checked(saved, changes)
        before = {k: settings_rules.value_of(self.config, k) for k in changes}
        self.rows.save_settings(changes, actor, before)
        self.config = config
        self.refused = {}
        for listener in list(self.on_changed):
            try:
                listener(config)
            except Exception:  # saved already; the part that failed applies at restart
                log.exception("applying new settings failed in %r", listener)
        return self.values()

    def _checked(self, saved: Mapping[str, Any], changes: Mapping[str, object]) -> Config:
        """The configuration the changes give, or every bad key at once."""
        problems: dict[str, Problem] = {}
        for key, value in changes.items():
            try:
                settings_rules.apply(self.file_config, {**saved, key: value})
            except ConfigError as exc:
                problems[key] = {"out_of_range": Problem.OUT_OF_RANGE,
                                 "too_long": Problem.TOO_LONG,
                                 "unknown_key": Problem.NOT_ALLOWED}.get(
                                     exc.problem, Problem.BAD_VALUE)
        if problems:
            raise StaffRequestError(problems)
        try:
            return settings_rules.apply(self.file_config, {**saved, **changes})
        except ConfigError as exc:  # keys fine alone but not together
            raise refuse(exc.key or "", Problem.BAD_VALUE) from None
