"""The speech engines by the name course.toml gives them ([audio] engine, [audio.voices])."""

from __future__ import annotations

from typing import Callable

from builder.writers.audio.piper_engine import PiperEngine
from builder.writers.audio.speech import Engine, EspeakEngine, GttsEngine

ENGINES: dict[str, Callable[[], Engine]] = {"espeak-ng": EspeakEngine, "gtts": GttsEngine, "piper": PiperEngine}
