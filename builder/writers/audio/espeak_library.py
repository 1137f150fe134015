"""Run as a script: the espeak-ng library asked directly, in a process of its own, so that its state and
threads never enter the builder's process.

`voices NAME...` prints, as JSON, the voice file espeak-ng's command chooses for each name ("gmw/en" for
"en-gb"): given a name, espeak-ng reads all 400 of its voice files to choose one; given the file, only that.

`speak RATE [LIMIT]` says each utterance asked on standard input (a JSON line: voice, speed, text, timeout)
and answers with its samples (an 8-byte length, then 16-bit mono PCM; a negative length for a failure, or
for an utterance of more than LIMIT bytes). Each utterance is said in a fresh fork of this process, made
after the library is loaded: so each gets exactly the samples the espeak-ng command gives it (said one after
another in one process, an utterance changes the samples of the next), without the command's 11 ms of
loading 35 shared libraries and espeak-ng's data every time. The child leaves its samples in memory shared
with this process, which sends them on from there: copied once, not through a pipe into lists of pieces,
whose fresh pages cost a sixth of the speaker's time on a virtual machine where a page fault is dear.
"""

from __future__ import annotations

import ctypes
import json
import mmap
import os
import signal
import struct
import sys
from typing import BinaryIO

FAILED, TIMED_OUT = -1, -2  # lengths that answer an utterance that could not be said
LIMIT = 64 << 20  # bytes of samples an utterance may have (25 minutes); a longer one is said by the command
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


def speak(requests: BinaryIO, answers: BinaryIO, sample_rate: int, limit: int = LIMIT) -> None:
    """Answer each request with its samples, until standard input closes. Answers a length of 0 first, once
    ready; exits at once if the library cannot be loaded or speaks at another sample rate."""
    library = _library()
    shared = _Shared(limit)

    @_CALLBACK
    def collect(samples, count, events):
        return 0 if count <= 0 or shared.add(samples, count * 2) else 1  # 1 stops an utterance too long

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
        length = _said_in_a_fork(library, shared, asked["text"], asked["timeout"])
        answers.write(struct.pack("<q", length))
        answers.write(shared.samples(length))
        answers.flush()


class _Shared:
    """Memory shared by this process and the children it forks: a child adds its samples; this process
    reads them from the same pages. Their length in bytes comes first: -1 until a child starts."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.memory = mmap.mmap(-1, 8 + limit)  # shared and anonymous: only the pages used are ever made
        self.address = ctypes.addressof(ctypes.c_char.from_buffer(self.memory))
        self.length = ctypes.c_int64.from_address(self.address)
        self.full = False  # set in a child whose samples would pass the limit

    def add(self, samples, size: int) -> bool:
        """In the child: add samples after those said so far; False if they would pass the limit."""
        if self.length.value + size > self.limit:
            self.full = True
            return False
        ctypes.memmove(self.address + 8 + self.length.value, samples, size)
        self.length.value += size
        return True

    def samples(self, length: int) -> memoryview:
        return memoryview(self.memory)[8:8 + max(length, 0)]


def _said_in_a_fork(library: ctypes.CDLL, shared: _Shared, text: str, timeout: float) -> int:
    """The length in bytes of the text's samples, said by a child of this process (which is left as it was)
    into `shared`; FAILED or TIMED_OUT when the child could not say it."""
    shared.length.value = -1
    data = text.encode("utf-8") + b"\0"
    child = os.fork()
    if child == 0:  # the child: say it and end, without running anything of the parent's
        try:
            signal.setitimer(signal.ITIMER_REAL, timeout)  # SIGALRM's default action ends the child
            shared.length.value = 0
            library.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _FLAGS, None, None)
            library.espeak_Synchronize()
            os._exit(1 if shared.full else 0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(child, 0)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM:
        return TIMED_OUT
    if status != 0:
        return FAILED
    return shared.length.value


if __name__ == "__main__":
    if sys.argv[1] == "voices":
        print(json.dumps(voice_files(sys.argv[2:])))
    elif sys.argv[1] == "speak":
        speak(sys.stdin.buffer, sys.stdout.buffer, *map(int, sys.argv[2:4]))
