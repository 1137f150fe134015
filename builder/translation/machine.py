"""Machine translation through deep-translator, made safe for a long run: segments kept under each
engine's size limit, every call bounded in time and size (`builder.translation.http`), bounded retries
with backoff on throttling and server errors, and messages that name the engine and what to do.
"""

from __future__ import annotations

import ipaddress
import os
import re
import time
from typing import Callable
from urllib.parse import urlparse

from builder.languages import lookup
from builder.translation import http
from builder.translation.http import NoAnswer, ReplyTooLarge, with_deadline
from builder.writers.base import WriterError

ENGINES = ("google", "libretranslate", "deepl", "mymemory")
LIMITS = {"google": 4500, "libretranslate": 4500, "deepl": 4500, "mymemory": 450}  # characters per request
KEY_VARIABLES = {"libretranslate": "LIBRE_API_KEY", "deepl": "DEEPL_API_KEY"}
DEADLINE_SECONDS = 60  # for one request, from connecting to the last byte of the answer
ATTEMPTS = 4


class TranslationError(WriterError):
    """The engine could not be used; the message says what to do."""


def engine_code(engine: str, lang: str) -> str:
    """The language code each service expects (`en-GB` -> `en`, Chinese -> `zh-CN` on Google)."""
    language = lookup(lang)
    code = language.code if language else lang
    if code == "zh" and engine in ("google", "mymemory"):
        return "zh-CN"
    if engine == "mymemory":
        return {"en": "en-GB", "pt": "pt-PT"}.get(code, code)
    return code


class MachineTranslator:
    """One engine, one language pair; `translate(text)` handles splitting, retries and errors."""

    def __init__(self, engine: str, source: str, target: str, url: str | None = None,
                 sleep: Callable[[float], None] = time.sleep, deadline: float = DEADLINE_SECONDS):
        if engine not in ENGINES:
            raise TranslationError(f"unknown engine '{engine}': engines are {', '.join(ENGINES)}")
        self.engine = engine
        self.target = target
        self.sleep = sleep
        self.deadline = deadline
        self.requests = 0
        self.warnings = [unencrypted_warning(url)] if url and unencrypted_warning(url) else []
        self.client = self._client(engine, engine_code(engine, source), engine_code(engine, target), url)

    def _client(self, engine: str, source: str, target: str, url: str | None):
        from deep_translator import DeeplTranslator, GoogleTranslator, LibreTranslator, MyMemoryTranslator
        from deep_translator.exceptions import BaseError

        try:
            if engine == "google":
                return GoogleTranslator(source=source, target=target)
            if engine == "mymemory":
                return MyMemoryTranslator(source=source, target=target)
            key = os.environ.get(KEY_VARIABLES[engine])
            if engine == "deepl":
                if not key:
                    raise TranslationError("DeepL needs an API key: set the environment variable DEEPL_API_KEY")
                return DeeplTranslator(api_key=key, source=source, target=target, use_free_api=True)
            if not url:
                raise TranslationError("LibreTranslate needs the address of a server: --url https://host/")
            return LibreTranslator(source=source, target=target, api_key=key or "none",
                                   custom_url=url if url.endswith("/") else url + "/")
        except BaseError as err:
            language = lookup(self.target)
            name = language.english_name if language else self.target
            raise TranslationError(f"{engine} does not offer {name} ({self.target}): try --engine google "
                                   f"({err.message if hasattr(err, 'message') else err})") from None

    def translate(self, text: str) -> str:
        return " ".join(self._one(piece) for piece in split_for_limit(text, LIMITS[self.engine]))

    def _one(self, text: str) -> str:
        import requests
        from deep_translator.exceptions import (AuthorizationException, RequestError, ServerException,
                                                TooManyRequests, TranslationNotFound)

        delay = 2.0
        for attempt in range(1, ATTEMPTS + 1):
            self.requests += 1
            try:
                result = with_deadline(lambda: self.client.translate(text), self.deadline)
                if not isinstance(result, str) or not result.strip():
                    raise TranslationError(f"{self.engine} returned no translation for: {text[:60]}")
                return result
            except requests.exceptions.ConnectTimeout:
                raise TranslationError(f"cannot reach {self.engine}: check the internet connection (or --url); "
                                       "what was already translated is saved") from None
            except requests.exceptions.Timeout:  # connected, then silent: asking again would wait as long again
                raise TranslationError(f"{self.engine} gave no answer within {http.READ_SECONDS} s: try again "
                                       "later, or check --url; what was already translated is saved") from None
            except (TooManyRequests, ServerException, RequestError) as err:
                problem = _describe(err)
            except TranslationNotFound:
                problem = "no translation returned"
            except AuthorizationException:
                raise TranslationError(f"{self.engine} refused the API key: check {KEY_VARIABLES.get(self.engine)}") \
                    from None
            except NoAnswer as err:
                raise TranslationError(f"{self.engine} gave {err}: try again later, or check --url; what was "
                                       "already translated is saved") from None
            except ReplyTooLarge as err:
                raise TranslationError(f"{self.engine} sent {err}, which is not a translation: check --url") from None
            except requests.exceptions.TooManyRedirects:
                raise TranslationError(f"{self.engine} kept redirecting the request: check --url") from None
            except requests.exceptions.ConnectionError:
                raise TranslationError(f"cannot reach {self.engine}: check the internet connection (or --url); "
                                       "what was already translated is saved") from None
            except (requests.exceptions.RequestException, ValueError, KeyError, IndexError, TypeError,
                    AttributeError):
                # an HTML page, garbage, or JSON without the translation: not the service it should be
                raise TranslationError(f"{self.engine} answered with something that is not a translation: check "
                                       "--url, or try again later") from None
            if attempt == ATTEMPTS:
                if problem.startswith("too many requests"):
                    raise TranslationError(f"{self.engine} says too many requests, after {ATTEMPTS} tries: try later "
                                           "(in about an hour); "
                                           "what was already translated is saved")
                raise TranslationError(f"{self.engine} kept failing ({problem}) after {ATTEMPTS} tries: run "
                                       "again later; what was already translated is saved")
            self.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")


def unencrypted_warning(url: str) -> str | None:
    """A warning for a plain http:// address that is not this computer: the text (and a key) go unencrypted."""
    parsed = urlparse(url)
    if parsed.scheme != "http":
        return None
    host = (parsed.hostname or "").lower()
    try:
        local = ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = host == "localhost"
    if local:
        return None
    return (f"warning: {parsed.scheme}://{host} is not encrypted: the course text and any API key travel in "
            "the clear; use https:// unless the server is on your own network")


def _describe(err: Exception) -> str:
    status = getattr(err, "status_code", None)
    words = str(err.args[0]) if err.args else ""
    if type(err).__name__ == "TooManyRequests" or status == 429 or words == "ERR_TOO_MANY_REQUESTS":
        return "too many requests, HTTP 429"
    return f"{type(err).__name__}{f' {status}' if status else ''}{f' {words}' if words.startswith('ERR_') else ''}"


def split_for_limit(text: str, limit: int) -> list[str]:
    """Pieces under `limit` characters, split between sentences (then words), never inside a tag."""
    if len(text) <= limit:
        return [text]
    sentences = re.split(r"(?<=[.!?。؟])\s+(?![^<]*>)", text)
    pieces, current = [], ""
    for sentence in sentences:
        while len(sentence) > limit:  # one very long sentence: split at a space
            cut = sentence.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:cut])
            sentence = sentence[cut:].lstrip()
        if current and len(current) + 1 + len(sentence) > limit:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        pieces.append(current)
    return pieces
