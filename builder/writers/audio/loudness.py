"""Loudness: every chapter brought to the level speech is published at (EBU R 128 / ITU-R BS.1770, measured
with pyloudnorm), its peaks held below full scale by a limiter, so that voices, chapters and engines sound
equally loud and nothing clips."""

from __future__ import annotations

from builder.writers.audio.speech import SAMPLE_RATE

LOUDNESS = -16.0  # LUFS: the level for speech on phones and podcasts (EBU R 128 s1, AES TD1004)
CEILING = -1.0  # dBFS: the highest sample after the change, leaving room for the MP3 encoder's overshoot
SHORTEST = 0.5  # seconds: below this a chapter is too short to measure (BS.1770 gates 400 ms blocks)
HOLD = 0.02  # seconds the limiter looks around a peak: its gain moves smoothly, never within a wave


def normalised(pcm: bytes) -> bytes:
    """16-bit mono PCM at LOUDNESS with no sample above CEILING. Speech peaks well above its loudness (a
    neural voice's by 6 dB more than the target allows), so the few peaks above the ceiling are turned down
    by a limiter rather than the whole chapter; the loudness the limiter takes away is measured and made up,
    three times in all (about 1.2 s for 10 minutes of speech). Silence and sound too short to measure are left
    as they are."""
    import numpy
    import pyloudnorm

    samples = numpy.frombuffer(pcm, dtype=numpy.int16).astype(numpy.float64) / 32768
    if len(samples) < SAMPLE_RATE * SHORTEST or not samples.any():
        return pcm
    meter = pyloudnorm.Meter(SAMPLE_RATE)
    for _ in range(3):  # each pass makes up what the last one's limiter took (1 LU, then 0.4, then 0.1)
        measured = meter.integrated_loudness(samples)
        if not numpy.isfinite(measured):  # every block below the absolute gate: nothing audible to set
            return pcm
        samples = _limited(samples * 10 ** ((LOUDNESS - measured) / 20), 10 ** (CEILING / 20))
    return numpy.round(samples * 32768).clip(-32768, 32767).astype(numpy.int16).tobytes()


def _limited(samples, ceiling: float):
    """The samples with each peak above `ceiling` turned down, the gain eased in and out over HOLD: the
    smallest gain needed within HOLD of each sample, averaged over half that, is never above what any
    sample needs. Only the stretches around peaks are worked on: most of a chapter is below the ceiling."""
    import numpy
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    over = numpy.flatnonzero(numpy.abs(samples) > ceiling)
    if not len(over):
        return samples
    reach = int(SAMPLE_RATE * HOLD)
    result = samples.copy()
    # stretches around the peaks, a peak closer than four reaches to the last joining its stretch
    breaks = numpy.flatnonzero(numpy.diff(over) > 4 * reach)
    for first, last in zip(numpy.concatenate(([0], breaks + 1)), numpy.concatenate((breaks, [len(over) - 1]))):
        start, end = max(0, over[first] - 2 * reach), min(len(samples), over[last] + 2 * reach + 1)
        piece = samples[start:end]
        needed = numpy.minimum(1.0, ceiling / numpy.maximum(numpy.abs(piece), 1e-12))
        gain = uniform_filter1d(minimum_filter1d(needed, size=2 * reach + 1), size=reach + 1)
        result[start:end] = piece * numpy.minimum(gain, needed)
    return result
