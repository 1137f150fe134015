"""Run as a script: print, as JSON, the voice file espeak-ng chooses for each voice name given.

espeak-ng given a name like "en-gb" reads every one of its 400 voice files to choose one (7 ms of each
utterance's 21 here); given the file ("gmw/en") it reads that one and says the same samples. The choice is
made the way the espeak-ng command makes it (by name, else by language), by the library itself. It runs in
a process of its own, so the library's thread and state never enter the builder's process.
"""

from __future__ import annotations

import ctypes
import json
import sys


class _Voice(ctypes.Structure):
    """espeak_VOICE from speak_lib.h."""

    _fields_ = [("name", ctypes.c_char_p), ("languages", ctypes.c_char_p), ("identifier", ctypes.c_char_p),
                ("gender", ctypes.c_ubyte), ("age", ctypes.c_ubyte), ("variant", ctypes.c_ubyte),
                ("xx1", ctypes.c_ubyte), ("score", ctypes.c_int), ("spare", ctypes.c_void_p)]


def voice_files(names: list[str]) -> dict[str, str]:
    """Each name's voice file, as espeak-ng's command chooses it; a name it has no voice for is left out."""
    library = ctypes.CDLL("libespeak-ng.so.1")
    library.espeak_GetCurrentVoice.restype = ctypes.POINTER(_Voice)
    library.espeak_ng_InitializePath(None)
    if library.espeak_ng_Initialize(None) != 0:
        return {}
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


if __name__ == "__main__":
    print(json.dumps(voice_files(sys.argv[1:])))
