"""The BibTeX export: golden file, keys, authors, and two third-party parsers reading it back."""

from __future__ import annotations

import random
from types import SimpleNamespace

import bibtexparser
import pytest
from export_fixtures import NOW, check_golden, fixed_view, hostile_catalog, hostile_progress, one_line
from pybtex.database import parse_string as pybtex_parse

from studyguide.export.bibtex import base_key, bibtex_authors, cite_keys, latex, parse_authors, render_bibtex
from studyguide.valueclass import replace


def _latex_to_text(value: str) -> str:
    """Decode our LaTeX with pylatexenc (bibtexparser's own decoder), knowing the text-mode
    commands we use for characters that cannot appear raw in a BibTeX field."""
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()
    db.add_context_category("studyguide-test", prepend=True, macros=[
        MacroTextSpec(name, text) for name, text in [
            ("textbraceleft", "{"), ("textbraceright", "}"), ("textless", "<"), ("textgreater", ">"),
            ("textbar", "|"), ("textasciicircum", "^"), ("textasciitilde", "~"), ("textbackslash", "\\"),
            ("textasciigrave", "`")]])
    return LatexNodes2Text(latex_context=db).latex_to_text(value)


def _check_balanced(text: str) -> None:
    """BibTeX counts every brace, even after a backslash: depth never below 0, 0 at each entry end."""
    depth = 0
    for line_no, line in enumerate(text.splitlines(), 1):
        for ch in line:
            depth += {"{": 1, "}": -1}.get(ch, 0)
            assert depth >= 0, f"line {line_no}: closing brace without an opening one"
        if line == "}":
            assert depth == 0, f"line {line_no}: entry ends with unbalanced braces"
    assert depth == 0


def test_bibtex_golden(mini_catalog):
    check_golden("mini.bib", render_bibtex(fixed_view(mini_catalog), NOW))


def test_parsers_read_one_entry_per_plan_item(mini_catalog):
    view = fixed_view(mini_catalog)
    text = render_bibtex(view, NOW)
    _check_balanced(text)
    lib = bibtexparser.parse_string(text)
    assert lib.failed_blocks == []
    items = view.items()
    assert len(lib.entries) == len(items)
    by_url = {e.fields_dict["url"].value: e for e in lib.entries}
    for item in items:
        entry = by_url[item.url]
        assert entry.fields_dict["title"].value == "{" + item.title + "}"
        expected_type = "book" if item.kind == "book" else "misc"
        assert entry.entry_type == expected_type
        if item.arxiv:
            assert entry.fields_dict["eprint"].value == item.arxiv
            assert entry.fields_dict["archivePrefix"].value == "arXiv"
        else:
            assert "eprint" not in entry.fields_dict
        if item.notes:
            assert entry.fields_dict["annote"].value == " / ".join(
                f"{n.day.isoformat() if n.day else 'undated'}: {n.text}" for n in item.notes)
        if item.kind not in ("book",) and not item.arxiv:
            assert entry.fields_dict["howpublished"].value
    assert len({e.key for e in lib.entries}) == len(items)
    db = pybtex_parse(text, "bibtex")
    assert len(db.entries) == len(items)


def test_real_author_strings_become_bibtex_names():
    cases = {
        "Ashish Vaswani, Noam Shazeer, Łukasz Kaiser": (["Vaswani", "Shazeer", "Kaiser"], False),
        "Hugo Touvron, Louis Martin, Kevin Stone, et al. (Meta)": (["Touvron", "Martin", "Stone"], True),
        "Jordan Hoffmann et al. (DeepMind)": (["Hoffmann"], True),
        "Lambert, Castricato, von Werra, Havrilla (Hugging Face blog)":
            (["Lambert", "Castricato", "Werra", "Havrilla"], False),
        "EleutherAI (Leo Gao, Jonathan Tow, et al.)": (["Gao", "Tow"], True),
        "Neel Nanda; maintained by TransformerLensOrg": (["Nanda"], False),
    }
    for text, (lasts, others) in cases.items():
        field = bibtex_authors(text)
        db = pybtex_parse(f"@misc{{k, author = {{{field}}}}}\n", "bibtex")
        persons = db.entries["k"].persons["author"]
        names = [str(p) for p in persons]
        assert ("others" in names) == others, text
        real = [p for p in persons if str(p) != "others"]
        assert [_latex_to_text(" ".join(p.last_names)) for p in real] == lasts, text
        assert "(" not in field, text      # the organisation in parentheses is dropped


@pytest.mark.parametrize("text, org", [
    ("Hugging Face", "Hugging Face"), ("Google", "Google"), ("Mistral AI", "Mistral AI"),
    ("Stanford CRFM (Center for Research on Foundation Models)", "Stanford CRFM"),
    ("MIT HAN Lab", "MIT HAN Lab"), ("PyTorch project", "PyTorch project"),
])
def test_an_organisation_alone_is_one_braced_name(text, org):
    assert bibtex_authors(text) == "{" + org + "}"
    db = pybtex_parse(f"@misc{{k, author = {{{bibtex_authors(text)}}}}}\n", "bibtex")
    assert len(db.entries["k"].persons["author"]) == 1


def test_book_publisher_comes_from_the_parenthesis():
    assert parse_authors("Ian Goodfellow, Yoshua Bengio, Aaron Courville (MIT Press)")[3] == "MIT Press"


def _item(rid, title, authors, year=None):
    return SimpleNamespace(id=rid, title=title, authors=authors, year=year)


def test_keys_follow_surname_year_title_word():
    assert base_key(_item("a", "Attention Is All You Need", "Ashish Vaswani, Noam Shazeer", 2017)) \
        == "vaswani2017attention"
    assert base_key(_item("b", "The Illustrated Transformer", "Jay Alammar")) == "alammarillustrated"
    assert base_key(_item("c", "Über Ärger", "Christopher Ré, Łukasz Kaiser", 2020)) == "re2020uber"
    assert base_key(_item("d", "A Gemma report", "Google", 2024)) == "google2024gemma"
    assert base_key(_item("e", "日本語", "日本", None)) == "anonuntitled"


def test_clashing_keys_get_suffixes_in_id_order_whatever_the_plan_order():
    items = [_item(rid, "Scaling Laws", "Jared Kaplan", 2020) for rid in ("zeta", "alpha", "mid")]
    items.append(_item("other", "Chinchilla", "Jordan Hoffmann", 2022))
    expected = {"alpha": "kaplan2020scalinga", "mid": "kaplan2020scalingb", "zeta": "kaplan2020scalingc",
                "other": "hoffmann2022chinchilla"}
    for _ in range(5):
        random.shuffle(items)
        assert cite_keys(items) == expected


def test_a_suffixed_key_never_takes_another_entrys_key():
    items = [_item("x1", "Llama", "Ann Smith", 2020), _item("x2", "Llama", "Ann Smith", 2020),
             _item("x3", "Llamaa", "Ann Smith", 2020)]    # its own key is smith2020llamaa
    keys = cite_keys(items)
    assert len(set(keys.values())) == 3 and keys["x3"] == "smith2020llamaa"


def test_hostile_titles_authors_and_notes_keep_the_file_valid(mini_catalog):
    catalog = hostile_catalog(mini_catalog)
    view = fixed_view(catalog, hostile_progress(catalog))
    text = render_bibtex(view, NOW)
    _check_balanced(text)
    lib = bibtexparser.parse_string(text)
    assert lib.failed_blocks == []
    assert len(lib.entries) == len(view.items())
    db = pybtex_parse(text, "bibtex")
    assert len(db.entries) == len(view.items())
    by_key = {e.key: e for e in lib.entries}
    keys = cite_keys(view.items())
    for item in view.items():
        entry = by_key[keys[item.id]]
        assert keys[item.id].isascii() and keys[item.id].isalnum()
        # The escaped text decodes back to the original, on one line.
        assert _latex_to_text(entry.fields_dict["title"].value) == one_line(item.title)
        (note,) = item.notes
        assert _latex_to_text(entry.fields_dict["annote"].value) == f"{note.day.isoformat()}: {one_line(note.text)}"


def test_latex_escaping_round_trips():
    raw = ("a & b % c $ d # e _ f { g } h ~ i ^ j \\ k <x> | Łukasz Ré naïve “q” – 日本 🙂 @misc{ }{"
           " -- --- ``x'' `y' ?` !`")
    assert _latex_to_text(latex(raw)) == raw
    assert latex("x\ny\x00z") == "x y z"


# ---------------------------------------------------------------- authors typed by the learner

def _names_both_parsers_read(field: str) -> list[tuple[str, str]]:
    """(given names, last name) as plain text for each author, after checking that
    bibtexparser v2 (with its name middlewares) and pybtex read the same names."""
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

    text = f"@misc{{k,\n  author = {{{field}}}\n}}\n"
    _check_balanced(text)
    lib = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    assert lib.failed_blocks == [] and len(lib.entries) == 1
    theirs = [(" ".join(n.first), " ".join(n.von + n.last)) for n in lib.entries[0].fields_dict["author"].value]
    persons = pybtex_parse(text, "bibtex").entries["k"].persons["author"]
    ours = [(" ".join(p.first_names + p.middle_names), " ".join(p.prelast_names + p.last_names)) for p in persons]
    assert theirs == ours, field
    # Corporate names are braced once more; decode to compare with what was typed.
    return [(_latex_to_text(first), _latex_to_text(last)) for first, last in ours]


@pytest.mark.parametrize("typed, names", [
    # The audit's cases: people kept, the organisation in parentheses left out and never split on "&".
    ("Ünal O'Brien, {Evil} \\LaTeX, et al. (Org & Co)",
     [("Ünal", "O'Brien"), ("", "{Evil} \\LaTeX"), ("", "others")]),
    ("A. Vaswani; N. Shazeer", [("A.", "Vaswani"), ("N.", "Shazeer")]),
    ("Smith, John", [("John", "Smith")]),                    # one person, "Surname, Given"
    ("Vaswani, A. and Shazeer, N.", [("A.", "Vaswani"), ("N.", "Shazeer")]),
    ("von Werra, Leandro", [("Leandro", "von Werra")]),
    ("Albert Gu, Tri Dao", [("Albert", "Gu"), ("Tri", "Dao")]),
    ("Brian Kernighan & Dennis Ritchie", [("Brian", "Kernighan"), ("Dennis", "Ritchie")]),
    ("Kernighan and Ritchie", [("", "Kernighan"), ("", "Ritchie")]),
    ("Org & Co", [("", "Org & Co")]),
    ("(Org & Co)", [("", "Org & Co")]),
    ("Procter and Gamble & Sons", [("", "Procter and Gamble & Sons")]),
    ("Tri Dao, Org & Co", [("Tri", "Dao"), ("", "Org & Co")]),
    ("Jane Doe, 50% {lab}_x, et al.", [("Jane", "Doe"), ("", "50% {lab}_x"), ("", "others")]),
])
def test_learner_typed_authors_become_the_names_they_mean(typed, names):
    assert _names_both_parsers_read(bibtex_authors(typed)) == names


def test_learner_typed_authors_keep_a_whole_file_valid(mini_catalog):
    """As after `studyguide add URL --authors "..."`: every entry parses, with its people."""
    typed = ["Ünal O'Brien, {Evil} \\LaTeX, et al. (Org & Co)", "A. Vaswani; N. Shazeer", "Smith, John",
             "}{ & Co, et al.", "Jane Doe; Org & Co (Lab & Friends)"]
    resources = {rid: replace(r, authors=typed[n % len(typed)])
                 for n, (rid, r) in enumerate(sorted(mini_catalog.resources.items()))}
    catalog = replace(mini_catalog, resources=resources)
    view = fixed_view(catalog)
    text = render_bibtex(view, NOW)
    _check_balanced(text)
    lib = bibtexparser.parse_string(text)
    assert lib.failed_blocks == [] and len(lib.entries) == len(view.items())
    db = pybtex_parse(text, "bibtex")
    keys = cite_keys(view.items())
    for item in view.items():
        persons = db.entries[keys[item.id]].persons["author"]
        lasts = [_latex_to_text(" ".join(p.prelast_names + p.last_names)) for p in persons]
        assert not {"Org", "Co", "Lab", "Friends"} & set(lasts), (item.authors, lasts)
        if item.authors.startswith("Smith"):
            assert lasts == ["Smith"] and keys[item.id].startswith("smith")
        if item.authors.startswith("A. Vaswani"):
            assert lasts == ["Vaswani", "Shazeer"]
        if item.authors.startswith("Ünal"):
            assert lasts[0] == "O'Brien" and lasts[-1] == "others"
        if item.authors.startswith("Jane"):
            assert lasts == ["Doe"]     # the clause after ";" is not a person: the first clause's people
