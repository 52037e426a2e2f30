"""A Russian play typed as text (lib.ru's, RusLit's Вишнёвый сад): its cast list and the stage
directions standing alone between its speeches.

The speeches open with their speakers' names run in (run_in_speeches.py); the rest were set as
prose: the cast, one person a paragraph, indented, its first line in small capitals; and
"Входят Дуняша со свечой и Лопахин с книгой в руке.", "Пауза.", "Фирс кладет ей под ноги
подушечку." as the speeches' words, though a speech too may run on after a pause ("Любовь
Андреевна прожила за границей пять лет, не знаю…"). A direction tells what is done, in the third
person: it opens with a word that says so ("Входит", "Пауза", "Занавес"), or names a speaker and
has nothing of speech in it (no "я", "вы", no "!", "?" or "…" outside quotation marks); and the
scene under an act's heading, before its first speech, is one.
"""

from __future__ import annotations

import re

_OPENING = re.compile(
    r"(?:Входит|Входят|Вбегает|Вбегают|Выходит|Выходят|Уходит|Уходят|Убегает|Убегают|Идут|Проходит|Проходят|"
    r"Показывается|Показываются|Пауза|Занавес|Молчание|Тишина|Слышно|Слышен|Слышна|Слышны|Смех|Стук|Стучат|"
    r"Звонок|Музыка|Голос|Голоса|Остаются|Остается|Остаётся|Те же|Та же|Тот же|Все \w+(?:ют|ят|ются|ятся)|"
    r"Enter|Enters|Exit|Exeunt|Re-enter|Curtain|Pause)\b")
_QUOTED = re.compile(r"«[^«»]*»|„[^„“]*“|\"[^\"]*\"|\([^()]*\)")
_SPOKEN = re.compile(r"[!?…]|\.\.|(?<!\w)(?:я|мы|вы|ты|меня|мне|мной|нас|нам|вас|вам|тебя|тебе|тобой|мой|моя|мое|моё|"
                     r"мои|наш|наша|наши|ваш|ваша|ваши|твой|твоя|твои|i|me|my|we|us|our|you|your)(?!\w)",
                     re.IGNORECASE)
CAST_HEADING = re.compile(r"(?:действующие лица|лица|dramatis personae|persons represented|characters)\.?:?",
                          re.IGNORECASE)
# The line under a cast that tells where the play is set, not one of its persons.
_SETTING = re.compile(r"(?:Действие происходит|Место действия|Сцена|The scene|Scene)\b")


def is_stage_direction(text: str, speakers: frozenset[str], opens_scene: bool) -> bool:
    """Whether a paragraph of a play, no speech by a speaker, is a stage direction: `opens_scene`
    when it stands under an act's heading before its first speech."""
    if opens_scene or _OPENING.match(text):
        return True
    said = _QUOTED.sub("", text)
    return not _SPOKEN.search(said) and any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", said) for name in speakers)


def is_cast_heading(text: str) -> bool:
    return bool(CAST_HEADING.fullmatch(" ".join(text.split())))


def is_setting(text: str) -> bool:
    """"Действие происходит в имении Л. А. Раневской.": the cast list's last line, no person."""
    return bool(_SETTING.match(text))
