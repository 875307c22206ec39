"""The plan's reading list as BibTeX, for Zotero, JabRef, BibDesk, LaTeX (BibTeX or biber).

Pure: PlanView + the export time -> text. Choices:
- Every item in the plan gets an entry, in plan order (done and skipped too: it is
  the reading list). arXiv papers are `@misc` with `eprint`/`archivePrefix`, the
  form arXiv itself exports; other papers are `@misc` too (the catalog has no
  journal, and `@article` without one is a BibTeX warning); books are `@book`
  (a publisher in the authors' parentheses becomes `publisher`); the rest are
  `@misc` with `howpublished` naming the kind.
- Keys: ASCII-folded surname of the first author (or the organisation's first
  word) + year + first significant title word: `vaswani2017attention`. Keys that
  clash all get a suffix a, b, ... in resource-id order, so they are the same on
  every run for the same plan.
- Text is escaped for LaTeX without ever emitting an unbalanced brace (BibTeX
  counts braces even after a backslash, so `{` becomes \\textbraceleft{}).
  Accented Latin letters become LaTeX accent macros, which both BibTeX and biber
  read; other non-ASCII text (CJK, emoji) stays UTF-8, which biber handles.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from studyguide.plan.view import ItemView, PlanView, note_date
from studyguide.text import printable

# ---------------------------------------------------------------- text

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
}
# Combining marks -> LaTeX accent commands (after NFD decomposition).
_ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
    "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0327": "c",
    "\u0328": "k",
}
_LETTERS = {
    "ł": r"{\l}", "Ł": r"{\L}", "ø": r"{\o}", "Ø": r"{\O}", "ß": r"{\ss}", "æ": r"{\ae}",
    "Æ": r"{\AE}", "œ": r"{\oe}", "Œ": r"{\OE}", "ı": r"{\i}", "đ": r"{\dj}", "Đ": r"{\DJ}",
    "–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "\u00a0": "~",
    "…": r"\ldots{}",
}
_FOLD = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe",
         "Œ": "OE", "ı": "i", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th"}


def _one_line(text: str) -> str:
    # Control characters become spaces (tab, newline) or U+FFFD; runs of space collapse.
    text = printable(text)
    return re.sub(r"\s+", " ", text).strip()


def latex(text: str | None) -> str:
    """Any text -> LaTeX-safe, brace-balanced field content."""
    if not text:
        return ""
    out = []
    text = unicodedata.normalize("NFC", _one_line(text))
    for n, ch in enumerate(text):
        following = text[n + 1:n + 2]
        if ch in "-'" and following == ch:
            out.append(ch + "{}")   # "--" and "''" would print as a dash and a closing quote
        elif ch == "`":
            out.append(r"\textasciigrave{}")   # "``" would print as an opening quote
        elif ch in _LATEX_SPECIAL:
            out.append(_LATEX_SPECIAL[ch])
        elif ch in _LETTERS:
            out.append(_LETTERS[ch])
        elif ord(ch) < 128:
            out.append(ch)
        else:
            base, *marks = list(unicodedata.normalize("NFD", ch))
            if marks and len(marks) == 1 and marks[0] in _ACCENTS and ord(base) < 128 and base.isalpha():
                accent = _ACCENTS[marks[0]]
                base = r"\i" if base == "i" else base  # dotless i under an accent
                sep = " " if accent.isalpha() else ""
                out.append("{\\" + accent + sep + base + "}")
            else:
                out.append(ch)  # kept as UTF-8
    return "".join(out)


def ascii_fold(text: str) -> str:
    text = "".join(_FOLD.get(c, c) for c in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if ord(c) < 128)


def safe_url(url: str) -> str:
    """A URL that cannot unbalance braces or break a line (percent-encoded where needed)."""
    from urllib.parse import quote

    return quote(_one_line(url), safe="/:?#[]@!$&'()*+,;=%-._~")


# ---------------------------------------------------------------- authors

_PARTICLES = {"von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le",
              "ter", "ten", "bin", "ibn", "al", "dos", "das", "zu"}
_ORG_WORDS = {
    "ai", "lab", "labs", "laboratory", "institute", "university", "inc", "inc.", "ltd", "llc",
    "project", "team", "staff", "maintainers", "contributors", "developers", "research",
    "face", "press", "media", "publications", "publishing", "books", "club", "foundation",
    "center", "centre", "group", "company", "corp", "corporation", "blog", "community",
    "school", "college", "academy", "society", "google", "meta", "microsoft", "nvidia",
    "openai", "anthropic", "deepmind", "deepseek", "mistral", "eleutherai", "pytorch",
    "stanford", "harvard", "berkeley", "mit", "nlp", "crfm", "hosted",
}
_ET_AL = re.compile(r",?\s*\bet\s+al\.?", re.IGNORECASE)


def _strip_parens(text: str) -> tuple[str, list[str]]:
    """Remove (possibly nested) parenthetical groups; return the rest and the groups."""
    rest, groups, depth, current = [], [], 0, []
    for ch in text:
        if ch == "(":
            if depth:
                current.append(ch)
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth:
                current.append(ch)
            else:
                groups.append("".join(current).strip())
                current = []
        elif depth:
            current.append(ch)
        else:
            rest.append(ch)
    return re.sub(r"\s+([,;])", r"\1", re.sub(r"\s+", " ", "".join(rest))).strip(" ,;"), groups


def _is_person(name: str, bare_surname_ok: bool) -> bool:
    words = name.split()
    if not words or len(words) > 5:
        return False
    if len(words) == 1 and not bare_surname_ok:
        return False
    for w in words:
        if w.lower() in _ORG_WORDS:
            return False
        if w.lower() in _PARTICLES:
            continue
        if re.fullmatch(r"(?:[^\W\d_]\.)+(?:-[^\W\d_]\.)?", w):
            continue  # initials: A. or J.R.
        if not (w[0].isupper() and any(c.islower() for c in w)):
            return False  # an acronym or a lowercase word: not a name
        if not all(c.isalpha() or c in "-'’." for c in w):
            return False
    return True


def _surname_given(chunk: str) -> bool:
    """Is `chunk` one person written "Surname, Given" ("Smith, John", "von Werra, L.")?

    Our reading: one comma between a surname (particles allowed) and one to three
    given names or initials is BibTeX's own "Surname, Given" form, the way reference
    managers and library records write an author, so "Smith, John" is one person and
    never two bare surnames. Two authors are written "Smith and Jones" or with full
    names ("Albert Gu, Tri Dao"), which this never matches.
    """
    if chunk.count(",") != 1:
        return False
    surname, given = (part.split() for part in chunk.split(","))
    if not surname or not all(w.lower() in _PARTICLES for w in surname[:-1]):
        return False
    return (_is_person(surname[-1], True) and 1 <= len(given) <= 3
            and all(_is_person(w, True) for w in given))


Names = list[tuple[str, bool]]   # (name, is a person); not a person = a braced corporate name


def _split_people(text: str) -> tuple[Names, bool]:
    """'A, B and C et al.' -> ([(name, is_person), ...], et al.).

    Commas and semicolons always separate. " and " separates only when every piece is
    a person ("Kernighan and Ritchie"), and " & " only between full names ("Brian
    Kernighan & Dennis Ritchie"): "&" is as common in company names as between
    surnames, so "Org & Co" or "Procter & Gamble" is never split. Otherwise a
    single-word surname counts as a person only in a comma list or before "et al.".
    """
    others = bool(_ET_AL.search(text))
    text = _ET_AL.sub("", text).strip(" ,;")
    chunks = [c.strip() for c in re.split(r";|\s+(?:and|&)\s+", text) if c.strip()]
    if chunks and all(_surname_given(c) for c in chunks):   # "Vaswani, A. and Shazeer, N."
        return [(re.sub(r"\s*,\s*", ", ", c), True) for c in chunks], others
    parts = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    bare_ok = others or len(parts) > 1
    names: Names = []
    for part in parts:
        pieces = [p.strip() for p in re.split(r"\s+(?:and|&)\s+", part) if p.strip()]
        bare = not re.search(r"\s&\s", part)
        if len(pieces) > 1 and all(_is_person(p, bare) for p in pieces):
            names += [(p, True) for p in pieces]
        else:
            names.append((part, _is_person(part, bare_ok)))
    return names, others


def _people(text: str, strict: bool) -> tuple[Names, bool] | None:
    """The names when `text` lists authors: every name a person, or (not strict) at
    least one person or an "et al." (which only follows people), the other names (a
    lab, a handle, an odd spelling) staying corporate names."""
    names, others = _split_people(text)
    persons = [is_person for _, is_person in names]
    if persons and (all(persons) or (not strict and (others or any(persons)))):
        return names, others
    return None


def _parse(text: str) -> tuple[Names, bool, str | None, str | None]:
    """The catalog's free-text authors -> (names, et al., organisation, parenthetical).

    People win when any are listed: a parenthetical after them ("(Meta)", "(MIT
    Press)") is kept out of the list (a book's becomes its publisher); otherwise the
    text outside parentheses, or else the parenthetical, is one organisation.
    """
    main, groups = _strip_parens(text)
    paren = "; ".join(g for g in groups if g) or None
    found = _people(main, strict=True) if main else None    # "A. Vaswani; N. Shazeer"
    if not found:
        # The first clause only: "Neel Nanda; maintained by TransformerLensOrg".
        head = main.split(";")[0].strip()
        if ":" in head:
            head = head.split(":", 1)[1].strip()   # "Harvard NLP: Alexander Rush" -> the people
        found = _people(head, strict=False) if head else None
    if found:
        return found[0], found[1], None, paren
    for group in groups:   # "EleutherAI (Leo Gao, Stella Biderman, et al.)"
        found = _people(group, strict=True)
        if found:
            return found[0], found[1], None, None
    org = main.split(";")[0].strip() or paren or _one_line(text)
    return [], False, org, paren


def parse_authors(text: str) -> tuple[list[str], bool, str | None, str | None]:
    """The catalog's free-text authors -> (names, et al., organisation, parenthetical)."""
    names, others, org, paren = _parse(text)
    return [name for name, _ in names], others, org, paren


def bibtex_authors(text: str) -> str:
    """A BibTeX name list: people as they are, any other name braced so that BibTeX
    reads it as one corporate name and never splits it on its own "and"."""
    names, others, org, _ = _parse(text)
    if names:
        return " and ".join([latex(n) if is_person else "{" + latex(n) + "}" for n, is_person in names]
                            + (["others"] if others else []))
    return "{" + latex(org) + "}"


# ---------------------------------------------------------------- keys

_STOPWORDS = {"a", "an", "the", "on", "of", "in", "for", "and", "to", "with", "at", "by", "from",
              "is", "are", "via", "what", "how", "why", "do", "does", "towards", "toward", "into",
              "your", "you", "my", "our", "we", "it", "its", "i", "be", "all"}


def _key_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", ascii_fold(text).lower())


def base_key(item: ItemView) -> str:
    names, _, org, _ = _parse(item.authors)
    if names and names[0][1]:
        # A person's surname: the last word, or what comes before "Surname, Given"'s comma.
        words = _key_words(names[0][0].split(",")[0])
        who = words[-1] if words else ""
    else:
        words = _key_words(names[0][0] if names else org or "")
        who = words[0] if words else ""
    title = next((w for w in _key_words(item.title) if w not in _STOPWORDS and not w.isdigit()), "")
    return (who or "anon") + (str(item.year) if item.year else "") + (title or "untitled")


def cite_keys(items: list[ItemView]) -> dict[str, str]:
    """Resource id -> a unique ASCII key, the same on every run for the same items."""
    groups: dict[str, list[str]] = {}
    for item in items:
        groups.setdefault(base_key(item), []).append(item.id)
    keys: dict[str, str] = {}
    taken = {k for k, ids in groups.items() if len(ids) == 1}
    for base, ids in sorted(groups.items()):
        if len(ids) == 1:
            keys[ids[0]] = base
            continue
        n = 0
        for rid in sorted(ids):
            while True:
                key = base + _suffix(n)
                n += 1
                if key not in taken:
                    break
            taken.add(key)
            keys[rid] = key
    return keys


def _suffix(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa, ..."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out


# ---------------------------------------------------------------- entries

HOWPUBLISHED = {"course": "Online course", "lecture": "Lecture", "video": "Video",
                "docs": "Documentation", "tutorial": "Tutorial", "website": "Website",
                "code": "Source code", "benchmark": "Benchmark", "leaderboard": "Leaderboard",
                "paper": "Paper"}


def entry(item: ItemView, key: str) -> str:
    people, _, _, paren = parse_authors(item.authors)
    fields: list[tuple[str, str]] = [("author", bibtex_authors(item.authors)),
                                     ("title", "{" + latex(item.title) + "}")]
    if item.year:
        fields.append(("year", str(item.year)))
    if item.kind == "book":
        kind = "book"
        if people and paren:
            fields.append(("publisher", latex(paren)))
    elif item.kind == "paper" and item.arxiv:
        kind = "misc"
        fields += [("eprint", latex(item.arxiv)), ("archivePrefix", "arXiv")]
    else:
        kind = "misc"
        fields.append(("howpublished", HOWPUBLISHED.get(item.kind, latex(item.kind.capitalize()))))
    fields.append(("url", safe_url(item.url)))
    if item.notes:
        fields.append(("annote", latex(" / ".join(f"{note_date(n)}: {n.text}" for n in item.notes))))
    fields.append(("keywords", "studyguide, " + latex(item.section)))
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name:<{width}} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def render_bibtex(view: PlanView, generated: datetime) -> str:
    from studyguide.plan.view import per_resource

    items = per_resource(view.items())   # one entry per resource, not per chapter
    keys = cite_keys(items)
    # Text outside entries is ignored by BibTeX and biber; no `@` may appear in it.
    head = re.sub(r"[^A-Za-z0-9 ,.:()-]", "", ascii_fold(_one_line(view.title)))
    out = [f"% studyguide reading list: {head}",
           f"% exported {generated.date().isoformat()}, {len(items)} entries, in plan order",
           ""]
    for item in items:
        out.append(entry(item, keys[item.id]))
    return "\n".join(out)
