"""Words the builder itself adds to outputs ("Contents", "Picture"), in each output language."""

from __future__ import annotations

import datetime
import os

from builder.config import CourseConfig
from builder.languages import lookup

ENGLISH = {
    "contents": "Contents",
    "skip": "Skip to the course text",
    "module": "Module {number}",
    "picture": "Picture",
    "duration": "Time",
    "made_by": "Made by {organisation}",
    "large_print": "Large print, {size} point",
    "word_version": "Word version, {size} point text",
    "braille_note": "Braille, {code}",
    "quote": "Quote",
    "end_quote": "End of quote",
    "page_word": "page",
    "months": "January February March April May June July August September October November December",
    "date": "{day} {month} {year}",
    "machine_notice": "This translation was made by machine and has not yet been checked.",
    "untranslated_notice": "Some parts are not translated yet and are shown in the original language.",
}

POLISH = {
    "contents": "Spis treści",
    "skip": "Przejdź do treści kursu",
    "module": "Moduł {number}",
    "picture": "Obraz",
    "duration": "Czas",
    "made_by": "Przygotowane przez: {organisation}",
    "large_print": "Duży druk, {size} punktów",
    "word_version": "Wersja Word, tekst {size} punktów",
    "braille_note": "Braille, {code}",
    "page_word": "strona",
    "months": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "quote": "Cytat",
    "end_quote": "Koniec cytatu",
    "machine_notice": "To tłumaczenie zostało wykonane maszynowo i nie zostało jeszcze sprawdzone.",
    "untranslated_notice": "Niektóre części nie zostały jeszcze przetłumaczone i są w języku oryginału.",
}

PORTUGUESE = {
    "contents": "Índice",
    "skip": "Saltar para o texto do curso",
    "module": "Módulo {number}",
    "picture": "Imagem",
    "duration": "Duração",
    "made_by": "Feito por {organisation}",
    "large_print": "Letra grande, {size} pontos",
    "word_version": "Versão Word, texto de {size} pontos",
    "braille_note": "Braille, {code}",
    "page_word": "página",
    "months": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "date": "{day} de {month} de {year}",
    "quote": "Citação",
    "end_quote": "Fim da citação",
    "machine_notice": "Esta tradução foi feita por máquina e ainda não foi revista.",
    "untranslated_notice": "Algumas partes ainda não foram traduzidas e aparecem na língua original.",
}

URDU = {
    "contents": "فہرست",
    "skip": "کورس کے متن پر جائیں",
    "module": "ماڈیول {number}",
    "picture": "تصویر",
    "duration": "دورانیہ",
    "made_by": "تیار کردہ: {organisation}",
    "large_print": "بڑا پرنٹ، {size} پوائنٹ",
    "word_version": "ورڈ ورژن، {size} پوائنٹ متن",
    "braille_note": "بریل، {code}",
    "page_word": "صفحہ",
    "months": "جنوری فروری مارچ اپریل مئی جون جولائی اگست ستمبر اکتوبر نومبر دسمبر",
    "quote": "اقتباس",
    "end_quote": "اقتباس ختم",
    "machine_notice": "یہ ترجمہ مشین سے کیا گیا ہے اور ابھی اس کی جانچ نہیں ہوئی۔",
    "untranslated_notice": "کچھ حصوں کا ابھی ترجمہ نہیں ہوا اور وہ اصل زبان میں دکھائے گئے ہیں۔",
}

LABELS: dict[str, dict[str, str]] = {
    "en": ENGLISH,
    "pl": POLISH,
    "pt": PORTUGUESE,
    "ur": URDU,
}


def labels_for(lang: str) -> dict[str, str]:
    """The labels in `lang`, with English for any the language does not have yet."""
    language = lookup(lang)
    own = LABELS.get(language.code, {}) if language else {}
    return {**ENGLISH, **own}


def format_date(date: datetime.date, lang: str) -> str:
    """A date written out, e.g. "26 November 2026", with the month in the output language."""
    labels = labels_for(lang)
    return labels["date"].format(day=date.day, month=labels["months"].split()[date.month - 1], year=date.year)


def publication_date(config: CourseConfig) -> datetime.date:
    """The date shown on covers: course.toml's date, else SOURCE_DATE_EPOCH (reproducible builds), else today."""
    if config.date:
        return datetime.date.fromisoformat(config.date)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


def notices(lang: str, machine_translated: bool, untranslated: int) -> list[tuple[str, str]]:
    """What a translated version must say at its start, as (language, text): in the version's language
    and in English, so both the reader and the person handing it over understand it."""
    own, english = labels_for(lang), ENGLISH
    found: list[tuple[str, str]] = []
    for key, applies in (("machine_notice", machine_translated), ("untranslated_notice", untranslated > 0)):
        if applies:
            found.append((lang, own[key]))
            if own[key] != english[key]:
                found.append(("en", english[key]))
    return found
