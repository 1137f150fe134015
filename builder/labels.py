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
    "session": "Session {number}",
    "lesson": "Lesson {number}",
    "unit": "Unit {number}",
    "picture": "Picture",
    "check_box": "check box",
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
    "code": "Code",
    "end_code": "End of code",
    "example": "Example",
    "end_example": "End of example",
    "notes": "Notes",
    "note_ref": "note {number}",
    "note_back": "Back to the text",
    "trainer_edition": "{title}: trainer's edition",
    "plan_start": "Start",
    "plan_item": "Section or activity",
    "plan_minutes": "Minutes",
    "plan_total": "End: total time",
    "plan_disagrees": "The module says it takes {stated} minutes, but the times in it add up to {planned} minutes.",
    "book_start": "Start of the course",
    "easy_read_edition": "{title}: Easy Read",
    "symbols_credit": "Symbols: {credit}",
    "book_summary": "This book has a contents list, headings for every module and section, and a description in "
                    "words of every picture. You can change the text size, font and colours in your reading app.",
    "book_read_along": "You can listen to every module, with the words highlighted as they are read.",
    "picture_part": "Part {number} of {total} of the picture above",
    "plan_note": "Minutes in brackets are part of the section above, not added to it.",
    "table": "Table",
}

POLISH = {
    "contents": "Spis treści",
    "skip": "Przejdź do treści kursu",
    "module": "Moduł {number}",
    "session": "Spotkanie {number}",
    "lesson": "Lekcja {number}",
    "unit": "Część {number}",
    "picture": "Obraz",
    "check_box": "pole wyboru",
    "duration": "Czas",
    "made_by": "Przygotowane przez: {organisation}",
    "large_print": "Duży druk, czcionka {size} pkt",
    "word_version": "Wersja Word, czcionka {size} pkt",
    "braille_note": "Braille, {code}",
    "page_word": "strona",
    "months": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "quote": "Cytat",
    "end_quote": "Koniec cytatu",
    "machine_notice": "To tłumaczenie zostało wykonane maszynowo i nie zostało jeszcze sprawdzone.",
    "untranslated_notice": "Niektóre części nie zostały jeszcze przetłumaczone i są w języku oryginału.",
    "code": "Kod",
    "end_code": "Koniec kodu",
    "example": "Przykład",
    "end_example": "Koniec przykładu",
    "notes": "Przypisy",
    "note_ref": "przypis {number}",
    "note_back": "Powrót do tekstu",
    "trainer_edition": "{title}: wydanie dla prowadzących",
    "plan_start": "Początek",
    "plan_item": "Część lub zadanie",
    "plan_minutes": "Minuty",
    "plan_total": "Koniec: łączny czas",
    "plan_disagrees": "Moduł ma trwać {stated} minut, ale czasy jego części dają razem {planned} minut.",
    "book_start": "Początek kursu",
    "easy_read_edition": "{title}: wersja łatwa do czytania",
    "symbols_credit": "Symbole: {credit}",
    "book_summary": "Ta książka ma spis treści, nagłówki każdego modułu i każdej części oraz słowny opis każdego "
                    "obrazka. Rozmiar tekstu, czcionkę i kolory można zmienić w aplikacji do czytania.",
    "book_read_along": "Każdego modułu można posłuchać, a czytane słowa są podświetlane.",
    "picture_part": "Część {number} z {total} obrazu powyżej",
    "plan_note": "Minuty w nawiasach wliczają się do czasu części powyżej: nie dodawaj ich osobno.",
    "table": "Tabela",
}

PORTUGUESE = {
    "contents": "Índice",
    "skip": "Ir para o texto do curso",
    "module": "Módulo {number}",
    "session": "Sessão {number}",
    "lesson": "Lição {number}",
    "unit": "Unidade {number}",
    "picture": "Imagem",
    "check_box": "caixa de seleção",
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
    "code": "Código",
    "end_code": "Fim do código",
    "example": "Exemplo",
    "end_example": "Fim do exemplo",
    "notes": "Notas",
    "note_ref": "nota {number}",
    "note_back": "Voltar ao texto",
    "trainer_edition": "{title}: edição do formador",
    "plan_start": "Início",
    "plan_item": "Parte ou atividade",
    "plan_minutes": "Minutos",
    "plan_total": "Fim: tempo total",
    "plan_disagrees": "O módulo indica {stated} minutos, mas os tempos das suas partes somam {planned} minutos.",
    "book_start": "Início do curso",
    "easy_read_edition": "{title}: versão de leitura fácil",
    "symbols_credit": "Símbolos: {credit}",
    "book_summary": "Este livro tem um índice, títulos em cada módulo e secção e uma descrição em palavras de cada "
                    "imagem. Pode alterar o tamanho do texto, o tipo de letra e as cores na sua aplicação de leitura.",
    "book_read_along": "Pode ouvir cada módulo, com as palavras destacadas à medida que são lidas.",
    "picture_part": "Parte {number} de {total} da imagem acima",
    "plan_note": "Os minutos entre parênteses já contam no tempo da parte acima: não os some à parte.",
    "table": "Tabela",
}

URDU = {
    "contents": "فہرست",
    "skip": "کورس کے متن پر جائیں",
    "module": "ماڈیول {number}",
    "session": "نشست {number}",
    "lesson": "سبق {number}",
    "unit": "اکائی {number}",
    "picture": "تصویر",
    "check_box": "چیک باکس",
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
    "code": "کوڈ",
    "end_code": "کوڈ ختم",
    "example": "مثال",
    "end_example": "مثال ختم",
    "notes": "نوٹس",
    "note_ref": "نوٹ {number}",
    "note_back": "متن پر واپس جائیں",
    "trainer_edition": "{title}: تربیت کار کا ایڈیشن",
    "plan_start": "آغاز",
    "plan_item": "حصہ یا سرگرمی",
    "plan_minutes": "منٹ",
    "plan_total": "اختتام: کل وقت",
    "plan_disagrees": "ماڈیول کا وقت {stated} منٹ لکھا ہے، لیکن اس کے حصوں کا وقت مل کر {planned} منٹ بنتا ہے۔",
    "book_start": "کورس کا آغاز",
    "easy_read_edition": "{title}: آسان زبان میں",
    "symbols_credit": "علامتیں: {credit}",
    "book_summary": "اس کتاب میں فہرستِ مضامین، ہر ماڈیول اور ہر حصے کے عنوانات، اور ہر تصویر کی تحریری وضاحت موجود "
                    "ہے۔ آپ اپنی پڑھنے والی ایپ میں متن کا سائز، فونٹ اور رنگ بدل سکتے ہیں۔",
    "book_read_along": "ہر ماڈیول کو سنا جا سکتا ہے، اور پڑھے جانے والے الفاظ ساتھ ساتھ نمایاں ہوتے ہیں۔",
    "picture_part": "اوپر والی تصویر کا حصہ {number} (کل {total})",
    "plan_note": "قوسین میں لکھے منٹ اوپر والے حصے کے وقت میں شامل ہیں، الگ سے نہیں جوڑے جاتے۔",
    "table": "جدول",
}

LABELS: dict[str, dict[str, str]] = {
    "en": ENGLISH,
    "pl": POLISH,
    "pt": PORTUGUESE,
    "ur": URDU,
}


# Each kind of box (builder.boxes): the label it starts with, and the words that say it has ended
# (said in audio, written in braille). "box" is any other box, which shows its own title.
BOX_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "plan": ("Session plan", "End of session plan"), "materials": ("Materials", "End of materials"),
        "note": ("Note", "End of note"), "tip": ("Tip", "End of tip"), "warning": ("Warning", "End of warning"),
        "important": ("Important", "End of important note"), "exercise": ("Exercise", "End of exercise"),
        "activity": ("Activity", "End of activity"), "answer": ("Answer", "End of answer"),
        "discussion": ("Discussion", "End of discussion"), "objectives": ("What you will learn", "End of list"),
        "questions": ("Questions", "End of questions"), "keypoints": ("Key points", "End of key points"),
        "checklist": ("Checklist", "End of checklist"), "testimonial": ("In their own words", "End of story"),
        "trainer": ("Trainer note", "End of trainer note"), "box": ("", "End of box"),
    },
    "pl": {
        "plan": ("Plan spotkania", "Koniec planu spotkania"), "materials": ("Materiały", "Koniec listy materiałów"),
        "note": ("Uwaga", "Koniec uwagi"), "tip": ("Wskazówka", "Koniec wskazówki"),
        "warning": ("Ostrzeżenie", "Koniec ostrzeżenia"), "important": ("Ważne", "Koniec ważnej informacji"),
        "exercise": ("Ćwiczenie", "Koniec ćwiczenia"), "activity": ("Zadanie", "Koniec zadania"),
        "answer": ("Odpowiedź", "Koniec odpowiedzi"), "discussion": ("Dyskusja", "Koniec dyskusji"),
        "objectives": ("Czego się nauczysz", "Koniec listy"), "questions": ("Pytania", "Koniec pytań"),
        "keypoints": ("Najważniejsze punkty", "Koniec najważniejszych punktów"),
        "checklist": ("Lista kontrolna", "Koniec listy kontrolnej"),
        "testimonial": ("Historia z życia", "Koniec historii"),
        "trainer": ("Uwaga dla prowadzącego", "Koniec uwagi dla prowadzącego"), "box": ("", "Koniec ramki"),
    },
    "pt": {
        "plan": ("Plano da sessão", "Fim do plano da sessão"), "materials": ("Materiais", "Fim da lista de materiais"),
        "note": ("Nota", "Fim da nota"), "tip": ("Dica", "Fim da dica"), "warning": ("Aviso", "Fim do aviso"),
        "important": ("Importante", "Fim da nota importante"), "exercise": ("Exercício", "Fim do exercício"),
        "activity": ("Atividade", "Fim da atividade"), "answer": ("Resposta", "Fim da resposta"),
        "discussion": ("Discussão", "Fim da discussão"), "objectives": ("O que vai aprender", "Fim da lista"),
        "questions": ("Perguntas", "Fim das perguntas"), "keypoints": ("Pontos principais", "Fim dos pontos principais"),
        "checklist": ("Lista de verificação", "Fim da lista de verificação"),
        "testimonial": ("Uma história pessoal", "Fim da história"),
        "trainer": ("Nota para o formador", "Fim da nota para o formador"), "box": ("", "Fim da caixa"),
    },
    "ur": {
        "plan": ("سیشن کا منصوبہ", "سیشن کا منصوبہ ختم"), "materials": ("سامان", "سامان کی فہرست ختم"),
        "note": ("نوٹ", "نوٹ ختم"), "tip": ("مشورہ", "مشورہ ختم"), "warning": ("انتباہ", "انتباہ ختم"),
        "important": ("اہم", "اہم بات ختم"), "exercise": ("مشق", "مشق ختم"), "activity": ("سرگرمی", "سرگرمی ختم"),
        "answer": ("جواب", "جواب ختم"), "discussion": ("گفتگو", "گفتگو ختم"),
        "objectives": ("آپ کیا سیکھیں گے", "فہرست ختم"), "questions": ("سوالات", "سوالات ختم"),
        "keypoints": ("اہم نکات", "اہم نکات ختم"), "checklist": ("چیک لسٹ", "چیک لسٹ ختم"),
        "testimonial": ("ان کی اپنی زبانی", "کہانی ختم"), "trainer": ("تربیت کار کے لیے نوٹ", "تربیت کار کا نوٹ ختم"),
        "box": ("", "باکس ختم"),
    },
}


def labels_for(lang: str) -> dict[str, str]:
    """The labels in `lang`, with English for any the language does not have yet."""
    language = lookup(lang)
    own = LABELS.get(language.code, {}) if language else {}
    return {**ENGLISH, **own}


def box_labels(kind: str, lang: str) -> tuple[str, str]:
    """A box's label and its closing words in `lang` (English where the language has none yet)."""
    language = lookup(lang)
    own = BOX_LABELS.get(language.code, {}) if language else {}
    return own.get(kind) or BOX_LABELS["en"].get(kind) or BOX_LABELS["en"]["box"]


def format_date(date: datetime.date, lang: str) -> str:
    """A date written out, e.g. "26 November 2026", with the month in the output language."""
    labels = labels_for(lang)
    return labels["date"].format(day=date.day, month=labels["months"].split()[date.month - 1], year=date.year)


def publication_date(config: CourseConfig) -> datetime.date:
    """The date shown on covers: course.toml's date, else SOURCE_DATE_EPOCH (reproducible builds), else today."""
    if config.date:
        return datetime.date.fromisoformat(config.date)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit() and int(epoch) < 253_402_300_800:  # out of range is reported by the config
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
