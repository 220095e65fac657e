"""The learner's language. Every sentence the lab shows a learner exists in English and Korean."""

from __future__ import annotations

import os

LANGUAGES = ("en", "ko")
_current = {"lang": None}


def current() -> str:
    lang = _current["lang"] or os.environ.get("LABS_LANG", "").strip().lower()
    return lang if lang in LANGUAGES else "en"


def from_terminal() -> str:
    """The language of the `labs` command: LABS_LANG when set, else the locale as `make lab` reads it (the
    first of LC_ALL, LC_MESSAGES and LANG that is set; ko_KR.UTF-8 and the like are Korean)."""
    chosen = os.environ.get("LABS_LANG", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "").strip()
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


def set_current(lang: str | None) -> None:
    _current["lang"] = lang


def pick(text, lang: str | None = None) -> str:
    """The text in the learner's language; plain strings are returned as they are."""
    if isinstance(text, dict):
        return text.get(lang or current()) or text["en"]
    return text


def both(en: str, ko: str) -> dict:
    return {"en": en, "ko": ko}
