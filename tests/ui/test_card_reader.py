"""The card reader's typing: a token ends at Enter; half-typed text is dropped after a
pause; a few stray keys are not a card."""

from __future__ import annotations

from kiosk.ui.card_reader import PAUSE_S, CardReader


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _reader():
    tokens: list[str] = []
    clock = Clock()
    return CardReader(lambda t: tokens.append(t) or True, clock), tokens, clock


def test_a_token_ends_at_enter_and_the_enter_is_taken():
    reader, tokens, _clock = _reader()
    for ch in "04A1B2C3":
        reader.text(ch)
    assert reader.key(13) and tokens == ["04A1B2C3"]
    assert not reader.key(13)  # a second Enter alone is nobody's card


def test_half_typed_text_is_dropped_after_a_pause():
    reader, tokens, clock = _reader()
    for ch in "DEAD":
        reader.text(ch)
    clock.now += PAUSE_S + 0.1
    for ch in "04A1B2C3":
        reader.text(ch)
    assert reader.key(271) and tokens == ["04A1B2C3"]


def test_stray_keys_and_other_keys_are_not_a_card():
    reader, tokens, _clock = _reader()
    reader.text("q")
    assert not reader.key(13)
    reader.text("abcdef")
    assert not reader.key(32)  # not Enter: nothing ends
    assert tokens == []
