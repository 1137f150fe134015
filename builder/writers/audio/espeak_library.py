"""Run as a script: the espeak-ng library asked directly, in a process of its own, so that its state and
threads never enter the builder's process.

`voices NAME...` prints, as JSON, the voice file espeak-ng's command chooses for each name ("gmw/en" for
"en-gb"): given a name, espeak-ng reads all 400 of its voice files to choose one; given the file, only that.

`speak` says each utterance asked on standard input (a JSON line: voice, speed, text, timeout) and answers
with its samples (an 8-byte length, then 16-bit mono PCM; a negative length for a failure). Each utterance
is said in a fresh fork of this process, made after the library is loaded: so each gets exactly the samples
the espeak-ng command gives it (said one after another in one process, an utterance changes the samples of
the next), without the command's 11 ms of loading 35 shared libraries and espeak-ng's data every time.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import struct
import sys
from typing import BinaryIO

FAILED, TIMED_OUT = -1, -2  # lengths that answer an utterance that could not be said
_SYNCHRONOUS = 0x0001  # ENOUTPUT_MODE_SYNCHRONOUS: samples to the callback, no audio device
_RATE = 1  # espeakRATE
_POS_CHARACTER = 1
_FLAGS = 0x0100 | 0x1000  # espeakPHONEMES | espeakENDPAUSE, as the command says its text
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class _Voice(ctypes.Structure):
    """espeak_VOICE from speak_lib.h."""

    _fields_ = [("name", ctypes.c_char_p), ("languages", ctypes.c_char_p), ("identifier", ctypes.c_char_p),
                ("gender", ctypes.c_ubyte), ("age", ctypes.c_ubyte), ("variant", ctypes.c_ubyte),
                ("xx1", ctypes.c_ubyte), ("score", ctypes.c_int), ("spare", ctypes.c_void_p)]


def _library() -> ctypes.CDLL:
    library = ctypes.CDLL("libespeak-ng.so.1")
    library.espeak_GetCurrentVoice.restype = ctypes.POINTER(_Voice)
    library.espeak_ng_InitializePath(None)
    if library.espeak_ng_Initialize(None) != 0:
        raise OSError("espeak-ng could not read its data")
    return library


def voice_files(names: list[str]) -> dict[str, str]:
    """Each name's voice file, as espeak-ng's command chooses it; a name it has no voice for is left out."""
    library = _library()
    found = {}
    for name in names:
        status = library.espeak_ng_SetVoiceByName(name.encode("utf-8"))
        if status != 0:  # as the command does: a name that is not a voice is tried as a language
            wanted = _Voice(languages=name.encode("utf-8"))
            status = library.espeak_ng_SetVoiceByProperties(ctypes.byref(wanted))
        identifier = library.espeak_GetCurrentVoice().contents.identifier
        if status == 0 and identifier:
            found[name] = identifier.decode("utf-8")
    return found


def speak(requests: BinaryIO, answers: BinaryIO, sample_rate: int) -> None:
    """Answer each request with its samples, until standard input closes. Answers a length of 0 first, once
    ready; exits at once if the library cannot be loaded or speaks at another sample rate."""
    library = _library()
    said: list[bytes] = []

    @_CALLBACK
    def collect(samples, count, events):
        if count > 0:
            said.append(ctypes.string_at(samples, count * 2))
        return 0

    if library.espeak_ng_InitializeOutput(_SYNCHRONOUS, 0, None) != 0 or \
            library.espeak_ng_GetSampleRate() != sample_rate:
        raise OSError("espeak-ng cannot say samples at the builder's rate")
    library.espeak_SetSynthCallback(collect)
    answers.write(struct.pack("<q", 0))
    answers.flush()
    current = None
    for line in requests:
        asked = json.loads(line)
        if (asked["voice"], asked["speed"]) != current:  # setting a voice says nothing: the next fork is fresh
            current = (asked["voice"], asked["speed"])
            if library.espeak_ng_SetVoiceByName(current[0].encode("utf-8")) != 0:
                current = None
                answers.write(struct.pack("<q", FAILED))
                answers.flush()
                continue
            library.espeak_SetParameter(_RATE, current[1], 0)
        pcm, length = _said_in_a_fork(library, said, asked["text"], asked["timeout"])
        answers.write(struct.pack("<q", length))
        answers.write(pcm)
        answers.flush()


def _said_in_a_fork(library: ctypes.CDLL, said: list[bytes], text: str, timeout: float) -> tuple[bytes, int]:
    """The text's samples and their length in bytes, said by a child of this process (which is left as it
    was); no samples and FAILED or TIMED_OUT when the child could not say it."""
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # the child: say it, send it, and end without running anything of the parent's
        try:
            os.close(reading)
            signal.setitimer(signal.ITIMER_REAL, timeout)  # SIGALRM's default action ends the child
            data = text.encode("utf-8") + b"\0"
            library.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _FLAGS, None, None)
            library.espeak_Synchronize()
            out = memoryview(b"".join(said))
            while out:
                out = out[os.write(writing, out):]
            os._exit(0)
        except BaseException:
            os._exit(1)
    os.close(writing)
    chunks = []
    while chunk := os.read(reading, 1 << 16):
        chunks.append(chunk)
    os.close(reading)
    _, status = os.waitpid(child, 0)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM:
        return b"", TIMED_OUT
    if status != 0:
        return b"", FAILED
    pcm = b"".join(chunks)
    return pcm, len(pcm)


if __name__ == "__main__":
    if sys.argv[1] == "voices":
        print(json.dumps(voice_files(sys.argv[2:])))
    elif sys.argv[1] == "speak":
        speak(sys.stdin.buffer, sys.stdout.buffer, int(sys.argv[2]))
