"""Speaker names: one matching key per spelling, and the claimants that are not a person.

One speaker reaches a ledger under many spellings: "Muhammadu Buhari", "President
Muhammadu Buhari " and "President of Nigeria Muhammadu Buhari" are one man.
:func:`speaker_key` gives every spelling the key a ledger groups and matches
speakers by: titles and honorifics dropped (President, Sen., Dr., Presidente,
Président, Präsident, श्री, ...), whitespace, invisible characters and
punctuation ignored, case folded and the accents of Latin and Greek letters
removed. :func:`clean_name` only tidies the spelling for display (whitespace and
invisible characters): the name as written is never changed in a record.

:func:`is_generic` tells the claimants that are not a person: "social media
users", "viral posts", "multiple sources", "Varias fuentes", "unknown", in the
languages the importers meet.

The rules are deterministic and small on purpose: a key never depends on the
other names of a ledger. Grouping spellings that need judgement (a typo, a
surname alone) is :mod:`claimtrack.ledger.speakers`' business: aliases, shared
``same_as`` links, and suggestions that are never merged silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from urllib.parse import unquote, urlsplit

import attrs

__all__ = ["ParsedName", "clean_name", "is_generic", "is_generic_key", "parse_name", "same_as_key", "speaker_key"]

_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SPACE = re.compile(r"\s+")

_LETTERS = {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ŀ": "l"}
"""Latin letters without a decomposition, spelled without their mark."""

_APOSTROPHES = frozenset("'’ʼ`´")


def _foldable(char: str) -> bool:
    """Latin and Greek letters lose their accents; other scripts keep their marks (they are letters there)."""
    code = ord(char)
    return code < 0x0250 or 0x0370 <= code < 0x0400 or 0x1E00 <= code < 0x2000


def _optional_mark(code: int) -> bool:
    """Arabic harakat and Hebrew points: optional vowel marks, dropped like accents."""
    return 0x0591 <= code <= 0x05C7 or 0x0610 <= code <= 0x061A or 0x064B <= code <= 0x065F or code == 0x0670


def clean_name(name: str) -> str:
    """The name as written, tidied for display: NFC, invisible characters removed, whitespace collapsed."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", name))
    return _SPACE.sub(" ", text).strip()


def _tokens(name: str) -> tuple[list[str], list[bool]]:
    """The folded words of ``name``, and whether each was written in capitals (an acronym: US, BJP)."""
    words: list[str] = []
    upper: list[bool] = []
    for raw in _split(clean_name(name)):
        folded = _fold(raw)
        if folded:
            words.append(folded)
            upper.append(raw.isupper())
    return words, upper


def _split(text: str) -> list[str]:
    """Words: runs of letters, marks and digits (and a leading ``@``); apostrophes join, the rest splits."""
    out: list[str] = []
    word: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LMN" or (char == "@" and not word) or char == "_":
            word.append(char)
        elif char in _APOSTROPHES:
            continue
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


def _fold(word: str) -> str:
    text = unicodedata.normalize("NFKD", word.casefold())
    out: list[str] = []
    base_foldable = False
    for char in text:
        if unicodedata.combining(char):
            if base_foldable or _optional_mark(ord(char)):
                continue
            out.append(char)
            continue
        if char == "\u0640":  # Arabic tatweel: stretches a word, means nothing
            continue
        base_foldable = _foldable(char)
        out.append(_LETTERS.get(char, char))
    return unicodedata.normalize("NFC", "".join(out)).replace("ё", "е")


def _words(text: str) -> frozenset[str]:
    """The folded words of a whitespace-separated list."""
    return frozenset(_fold(word) for word in text.split())


# -- titles -----------------------------------------------------------------------------------

_TITLES_TEXT = """
president|vice president|vicepresident|prime minister|deputy prime minister|chief minister|first minister
chancellor|senator|sen|rep|representative|congressman|congresswoman|congressmember|governor|gov
lieutenant governor|lt governor|lt gov|mayor|minister|foreign minister|finance minister|health minister
secretary|secretary of state|attorney general|speaker of the house|house speaker|majority leader
minority leader|senate majority leader|senate minority leader|mp|mep|mla|mlc|dr|prof|professor|mr|mrs|ms
mx|miss|sir|dame|hon|honourable|honorable|the honourable|rt hon|right honourable|judge|pastor|rev|reverend
bishop|imam|rabbi|sheikh|shaikh|gen|col|colonel|capt|captain|lt|sgt|adm|admiral|ayatollah|shri|shree|smt
shrimati|kumari|presidente|presidenta|vicepresidenta|expresidente|expresidenta|senador|senadora|diputado
diputada|gobernador|gobernadora|alcalde|alcaldesa|ministro|ministra|canciller|sr|sra|srta|dra|lic|ing
deputado|deputada|governador|governadora|prefeito|prefeita|vereador|vereadora|premier ministre|senateur
senatrice|depute|deputee|ministre|maire|mme|mlle|pr|prasident|prasidentin|bundeskanzler|bundeskanzlerin
kanzler|kanzlerin|ministerin|burgermeister|burgermeisterin|herr|frau|senatore|deputato|deputata|sindaco
onorevole|sig|sigra|dott|dottor|dottore|dottoressa|presiden|wakil presiden|bapak|ibu|menteri|gubernur
cumhurbaskani|basbakan|bakan|sayin|prezydent|posel|poslanka|президент|премьер министр
министр|депутат|губернатор|мэр|президентка|міністр|прем єр міністр|राष्ट्रपति|प्रधानमंत्री|मुख्यमंत्री|श्री
श्रीमती|डॉ|रئيس|الرئيس|رئيس الوزراء|الوزير|الشيخ|الدكتور|د
"""
_TITLES: frozenset[tuple[str, ...]] = frozenset(
    tuple(_fold(word) for word in phrase.split())
    for line in _TITLES_TEXT.split("\n")
    for phrase in line.split("|")
    if phrase.strip()
)
"""Titles and honorifics before a name (folded: accents gone), in the languages the importers meet.

Words that also start organisations' or people's names are left out on purpose: general, major,
premier, chief, justice, doctor, officer, king, lady, don, sri, pan, on, m."""
_LONGEST = max(len(t) for t in _TITLES)

_QUALIFIERS = _words(
    "the former ex then late acting deputy interim outgoing incoming current sitting state federal national "
    "us uk eu un el la le der die"
)
"""Words that may stand before a title ("Former President", "US Rep.", "Edo State governor")."""

_POST_NOMINALS = _words("phd md nmd dphil mba esq qc kc obe mbe cbe kbe frs rn dds jd mp mla mep")
"""Letters after a name that name a degree, an honour or a seat, not the person."""

_GENERATIONS = {"jr": "jr", "jnr": "jr", "junior": "jr", "sr": "sr", "snr": "sr", "senior": "sr"}
_ORDINALS = _words("ii iii iv v")

_CJK_SUFFIXES = (
    "総理大臣",
    "国家主席",
    "國家主席",
    "大統領",
    "総理",
    "首相",
    "大臣",
    "主席",
    "总统",
    "總統",
    "总理",
    "總理",
    "議員",
    "议员",
    "先生",
    "女士",
    "대통령",
    "장관",
    "의원",
)
"""Titles written after a name without a space (Chinese, Japanese, Korean)."""


def _title_at(words: Sequence[str], start: int) -> int:
    """The end of the title phrase starting at ``start`` (longest first), or ``start`` when there is none."""
    for length in range(min(_LONGEST, len(words) - start), 0, -1):
        if tuple(words[start : start + length]) in _TITLES:
            return start + length
    return start


def _of_place(words: Sequence[str], end: int) -> int:
    """After a title, "of Nigeria" / "of the Philippines" belongs to it (one place word)."""
    if end < len(words) and words[end] in ("of", "de", "do", "da", "du", "des", "von"):
        place = end + 2 if end + 1 < len(words) and words[end + 1] in ("the", "la", "el", "le") else end + 1
        if place + 1 < len(words):  # a name must follow
            return place + 1
    return end


def _title_end(words: Sequence[str], upper: Sequence[bool]) -> int:
    """How many leading words are qualifiers and a title (0: none), when a name follows them.

    Up to three qualifiers may stand before the title: known ones ("Former", "US", "the") and
    acronyms (BJP), and one other word ("French President") when a name of two words follows.
    """
    unknown = 0
    for qualifiers in range(4):
        if qualifiers >= len(words):
            break
        if qualifiers:
            word, capitals = words[qualifiers - 1], upper[qualifiers - 1]
            if not (word in _QUALIFIERS or (capitals and len(word) <= 5)):
                unknown += 1
                if unknown > 1:
                    break
        end = _title_at(words, qualifiers)
        if end == qualifiers:
            continue
        end = _of_place(words, end)
        names = [w for w in words[end:] if w not in _POST_NOMINALS and w not in _GENERATIONS and w not in _ORDINALS]
        return end if len(names) >= (2 if unknown else 1) else 0
    return 0


def _ends_with_title(words: Sequence[str]) -> bool:
    return any(tuple(words[len(words) - n :]) in _TITLES for n in range(1, min(_LONGEST, len(words)) + 1))


@attrs.frozen(kw_only=True)
class ParsedName:
    """A spelling taken apart: its display form, its matching key and what the key left out."""

    clean: str
    """The spelling tidied for display (:func:`clean_name`)."""
    key: str
    """The matching key (:func:`speaker_key`)."""
    titled: bool
    """A title, an apposition or a handle was dropped ("President Buhari", "X, a writer", "Y @y")."""

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.key.split())


def _comma_part(name: str) -> str:
    """Of "Title, Name" the name; of "Name, a description" the name; otherwise the whole."""
    if "," not in name:
        return name
    head, tail = name.split(",", 1)
    head_words, _ = _tokens(head)
    tail_words, _ = _tokens(tail)
    if not head_words or not tail_words:
        return name
    if _ends_with_title(head_words):
        return tail
    if tail_words[0] in ("a", "an", "the", "un", "una", "uma", "une", "ein", "eine") or _title_at(tail_words, 0):
        return head
    return name


_PLATFORM_WORDS = _words("twitter x facebook instagram tiktok youtube telegram user account handle page")


def parse_name(name: str) -> ParsedName:
    """``name`` taken apart (see :func:`speaker_key`)."""
    clean = clean_name(name)
    part = _comma_part(clean)
    words, upper = _tokens(part)
    titled = part != clean
    handles = [w for w in words if w.startswith("@") and len(w) > 1]
    others = [w for w in words if not w.startswith("@")]
    if handles and others:
        keep = [i for i, w in enumerate(words) if not w.startswith("@")]
        if all(w in _PLATFORM_WORDS for w in others):  # "Twitter user @RealThackeray": the handle is the name
            keep = [i for i, w in enumerate(words) if w.startswith("@")][:1]
        words, upper = [words[i] for i in keep], [upper[i] for i in keep]
        titled = True
    while True:  # "Vice president of Brazil Gen. Hamilton Mourao": titles one after another
        end = _title_end(words, upper)
        if not end:
            break
        words, upper = words[end:], upper[end:]
        titled = True
    while len(words) > 2 and words[-1] in _POST_NOMINALS:
        words, upper = words[:-1], upper[:-1]
        titled = True
    words = [_GENERATIONS.get(w, w) for w in words]
    if len(words) == 1 and not words[0].startswith("@"):
        for suffix in _CJK_SUFFIXES:
            if words[0].endswith(suffix) and len(words[0]) > len(suffix):
                words = [words[0][: -len(suffix)]]
                titled = True
                break
    key = " ".join(words)
    if not key:  # a title alone ("President"), or nothing but punctuation: the whole, folded
        key = " ".join(_fold(w) for w in _split(clean)) or clean.casefold()
        titled = False
    return ParsedName(clean=clean, key=key, titled=titled)


def speaker_key(name: str) -> str:
    """The key every spelling of one speaker shares, for grouping and matching.

    Titles, honorifics and post-nominal letters are dropped when a name follows them
    ("President of Nigeria Muhammadu Buhari", "US Rep. Chris Jacobs", "Dr.Sean Dooley",
    "Colleen Huber NMD", "Edo State governor, Godwin Obaseki"), and so are an apposition
    ("Becket Adams, a commentary writer") and a handle beside a name ("Meena Harris
    @meenaharris"). Invisible characters, punctuation and extra whitespace are ignored,
    case is folded and Latin and Greek letters lose their accents ("Étienne" ~ "etienne");
    other scripts keep their marks, which are letters there. "Jr." and "Jnr" are one
    suffix and stay: a father and a son are two people.

    Example:
        >>> speaker_key("President Muhammadu Buhari ")
        'muhammadu buhari'
        >>> speaker_key("US Rep. Chris Jacobs") == speaker_key("chris jacobs")
        True
    """
    return parse_name(name).key


# -- claimants that are not a person -----------------------------------------------------------

_GENERIC_TEXT = """
unknown anonymous anon unnamed unidentified unattributed unverified various multiple several many numerous
some other others sources source viral users user posts post netizens netizen bloggers blogs blog websites
website sites site pages accounts messages message videos video images image photos photo memes meme tweets
claims claim forwards forward chain rumours rumors rumour rumor people social media internet online web
sns whatsapp
desconocido desconocida anonimo anonima varias varios diversas diversos fuentes fuente usuarios usuario
internautas publicaciones publicacion mensajes mensaje cadena cadenas virales redes sociales multiples
paginas cuentas imagenes
desconhecido desconhecida fontes fonte usuarios internautas publicacoes postagens postagem mensagens
mensagem corrente sociais perfis
inconnu inconnue anonyme internautes utilisateurs utilisateur reseaux publications virale plusieurs
diverses comptes chaine
unbekannt anonym nutzer nutzerinnen soziale sozialen medien netzwerken netzwerke beitrage beitrag mehrere
quellen verschiedene viraler virale internetnutzer kettenbrief
sconosciuto anonimo utenti fonti varie vari diverse virale catena
warganet pengguna sosial unggahan berbagai sumber akun pesan berantai
sosyal medya kullanicilari kullanicilar bilinmiyor cesitli kaynaklar paylasimlar
uzytkownicy spolecznosciowe spolecznosciowych mediach internauci nieznany rozne zrodla wpisy posty
пользователи пользователей пользователь соцсети соцсетей соцсетях социальные социальных сетях сети сетей
неизвестно неизвестный источники различные несколько посты публикации
користувачі користувачів соцмережі соцмереж соцмережах соціальні соціальних мережі мереж невідомо джерела
مستخدمو مستخدمون مستخدمي مواقع التواصل الاجتماعي مجهول مصادر متعددة منشورات رواد صفحات
सोशल मीडिया यूजर्स उपयोगकर्ता अज्ञात वायरल पोस्ट कई स्रोत
সামাজিক যোগাযোগ মাধ্যম অজ্ঞাত ভাইরাল ব্যবহারকারী
"""
_GENERIC = _words(_GENERIC_TEXT)
"""Words that name no one in particular (folded), in the importers' languages."""

_PLATFORMS = _words(
    "facebook twitter x instagram tiktok youtube telegram reddit weibo wechat line vk kakaotalk threads"
)
_FILLERS = _words(
    "the a an on in of and or from via shared circulating de en el la las los del y o e em na nas no nos do da "
    "das dos sur des les le du et auf im den der die und von su sul sui dei delle di il di dan yang w na i "
    "в на и على في पर और ও"
)
_GENERIC_PHRASES = frozenset(
    (
        "网友",
        "網友",
        "网民",
        "網民",
        "网传",
        "網傳",
        "社交媒体",
        "社群媒體",
        "未知",
        "不明",
        "多个来源",
        "多個來源",
        "ネットユーザー",
        "ネット上",
        "複数の情報源",
        "누리꾼",
        "네티즌",
        "알 수 없음",
        "여러 출처",
        "n a",
        "na",
        "none",
        "no speaker",
        "not known",
    )
)


def is_generic(name: str) -> bool:
    """Whether ``name`` names no one in particular: a generic claimant, not a person.

    "social media users", "Facebook posts", "viral image", "multiple sources",
    "unknown", "Varias fuentes", "usuários nas redes sociais", "internautes", "网友": every
    word is one of those, a platform or a small word, and at least one is not a platform
    or a small word (so "Facebook" alone, a company, is not generic). An organisation
    with a name ("Zimbabwe Social Media News") is not generic.

    Example:
        >>> is_generic("Social media users"), is_generic("Varias fuentes"), is_generic("Sam Altman")
        (True, True, False)
    """
    return is_generic_key(speaker_key(name))


def is_generic_key(key: str) -> bool:
    """:func:`is_generic` of a name already turned into its :func:`speaker_key`."""
    if not key or key in _GENERIC_PHRASES:
        return True
    words = key.split()
    if not all(w in _GENERIC or w in _PLATFORMS or w in _FILLERS for w in words):
        return False
    return any(w in _GENERIC for w in words)


# -- same_as links ------------------------------------------------------------------------------

_WIKIDATA = re.compile(r"(?:^|\.)wikidata\.org$")
_ENTITY = re.compile(r"/(?:wiki/|entity/|wiki/Special:EntityPage/)(Q\d+)$")
_WIKIPEDIA = re.compile(r"^(?P<lang>[a-z][a-z0-9-]*)\.(?:m\.)?wikipedia\.org$")


def same_as_key(url: str) -> str:
    """One key per entity a ``same_as`` URL names: Wikidata and Wikipedia links in any of their spellings.

    Example:
        >>> same_as_key("http://www.wikidata.org/entity/Q6279") == same_as_key("https://www.wikidata.org/wiki/Q6279")
        True
        >>> same_as_key("https://en.m.wikipedia.org/wiki/Joe_Biden#Career")
        'wikipedia:en:Joe Biden'
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    host = host.removeprefix("www.")
    path = parts.path.rstrip("/")
    if _WIKIDATA.search(host):
        entity = _ENTITY.search(path)
        if entity:
            return f"wikidata:{entity.group(1)}"
    wiki = _WIKIPEDIA.match(host)
    if wiki and path.startswith("/wiki/") and len(path) > len("/wiki/"):
        title = unquote(path[len("/wiki/") :]).replace("_", " ").strip()
        return f"wikipedia:{wiki.group('lang')}:{title[:1].upper()}{title[1:]}"
    query = f"?{parts.query}" if parts.query else ""
    return f"url:{host}{path}{query}"
