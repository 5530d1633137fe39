"""A USB card, key-fob or QR reader: it types the card's token and Enter, like a keyboard.

The reader's keys reach the window as text input; a token is what was typed since the
last Enter. Typing left half-done (a stray key, a reader unplugged mid-card) is dropped
after a pause, so it never starts the next card's token.
"""

from __future__ import annotations

import time
from collections.abc import Callable

ENTER_KEYS = frozenset({13, 271})  # Return, keypad Enter (Kivy keycodes)
PAUSE_S = 1.5  # a reader types a whole token in well under this
TOKEN_MIN, TOKEN_MAX = 4, 256  # shorter: somebody pressing keys, not a card


class CardReader:
    """Collects typed text into tokens; ``on_token(token)`` at each Enter.

    :param on_token: returns True when the token was taken (then the keys are consumed).
    :param clock: monotonic seconds (tests pass their own).
    """

    def __init__(self, on_token: Callable[[str], bool],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.on_token = on_token
        self.clock = clock
        self._typed: list[str] = []
        self._last = 0.0

    def text(self, text: str) -> None:
        now = self.clock()
        if self._typed and now - self._last > PAUSE_S:
            self._typed.clear()
        self._last = now
        if sum(map(len, self._typed)) < TOKEN_MAX:
            self._typed.append(text)

    def key(self, keycode: int) -> bool:
        """A key went down; True when it was the Enter that ended a token taken."""
        if keycode not in ENTER_KEYS:
            return False
        token = "".join(self._typed).strip()
        self._typed.clear()
        if len(token) < TOKEN_MIN or self.clock() - self._last > PAUSE_S:
            return False
        return self.on_token(token)
