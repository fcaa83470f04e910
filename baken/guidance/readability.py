"""A plain readability measure for Dutch B1 text: average sentence length and the share of
long words. Pure Python; used by the tests on every Dutch guidance page.

Why these two: common Dutch plain-language advice for level B1 asks for short sentences
(about 15 words or fewer on average) and few long words, and Dutch compounds make long words
a main source of difficulty. LIX is reported alongside because it combines both. Passing the
thresholds is a floor, not proof of B1: a reader panel is.

Flesch-Douma (Douma 1960, the Dutch adaptation of Flesch's Reading Ease) is the published
formula the easy-read texts are scored with: 206.84 - 0.77 x syllables per 100 words - 0.93 x
words per sentence. Higher is easier: 80-90 reads as easy, above 90 as very easy. Syllables
are counted as groups of vowels (Dutch double vowels and diphthongs such as aa, ie, ui, eu and
ij count once; a diaeresis starts a new syllable), which is the usual approximation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

LONG_WORD = 13  # letters: "longer than 12"
MAX_AVERAGE_SENTENCE = 15.0
MAX_LONG_WORD_SHARE = 0.08

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "legend", "label", "dt", "dd", "button", "caption"}
SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n+")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    long_words: int  # 13 letters or more
    words_over_six: int = 0  # for LIX
    syllables: int = 0  # for Flesch-Douma

    @property
    def average_sentence_length(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def long_word_share(self) -> float:
        return self.long_words / self.words if self.words else 0.0

    @property
    def lix(self) -> float:
        """Björnsson's LIX: sentence length + percentage of words longer than six letters."""
        if not self.words:
            return 0.0
        return self.average_sentence_length + 100 * self.words_over_six / self.words

    @property
    def flesch_douma(self) -> float:
        """Douma's Reading Ease for Dutch: 206.84 - 77 x syllables/word - 0.93 x words/sentence."""
        if not self.words:
            return 0.0
        return 206.84 - 77 * self.syllables / self.words - 0.93 * self.average_sentence_length

    def meets_b1(self) -> bool:
        return self.average_sentence_length <= MAX_AVERAGE_SENTENCE and self.long_word_share <= MAX_LONG_WORD_SHARE


def _letters(word: str) -> int:
    return sum(ch.isalpha() for ch in word)


# A vowel group: "ij" counts as a vowel; a vowel with a diaeresis (ë, ï, ü, ö) starts a new group.
_VOWEL_GROUP = re.compile(r"(?:ij|[aeiouyáéíóúàèâêîôû])+|[ëïüö](?:ij|[aeiouyáéíóúàèâêîôû])*", re.IGNORECASE)


def syllables(word: str) -> int:
    """Dutch syllables of one word, approximated by its vowel groups (at least one)."""
    return max(1, len(_VOWEL_GROUP.findall(word)))


def measure(blocks: list[str]) -> Readability:
    """Measure text blocks (a heading, a list item or a paragraph each ends a sentence)."""
    sentences = words = long_words = lix_long = syllable_count = 0
    for block in blocks:
        for sentence in SENTENCE_END.split(block):
            found = WORD.findall(sentence)
            if not found:
                continue
            sentences += 1
            words += len(found)
            long_words += sum(_letters(w) >= LONG_WORD for w in found)
            lix_long += sum(_letters(w) > 6 for w in found)
            syllable_count += sum(syllables(w) for w in found)
    return Readability(
        sentences=sentences, words=words, long_words=long_words, words_over_six=lix_long, syllables=syllable_count
    )


class _TextBlocks(HTMLParser):
    """Collect the text of block elements, skipping anything marked data-readability="skip"
    (texts this app does not write, such as organisation descriptions from the dataset) and
    elements hidden from readers (scripts, styles, hidden inputs)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []  # (block tag, text)
        self._current: list[str] = []
        self._block_tag = ""
        self._skip_depth = 0
        self._stack: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "input", "img", "meta", "link", "hr"}:
            return
        skip = dict(attrs).get("data-readability") == "skip" or tag in {"script", "style", "code"}
        self._stack.append((tag, skip))
        if skip:
            self._skip_depth += 1
        if tag in BLOCKS:
            self._flush()
            self._block_tag = tag

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            open_tag, skip = self._stack.pop()
            if skip:
                self._skip_depth -= 1
            if open_tag == tag:
                break
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self._current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append((self._block_tag, text))
        self._current = []

    def close(self) -> None:
        super().close()
        self._flush()


def blocks_from_html(html: str, *, only: set[str] | None = None) -> list[str]:
    """Text blocks of the HTML; `only={"p"}` keeps running text and drops headings, list
    items and form labels (which are short by nature and flatter the average)."""
    parser = _TextBlocks()
    parser.feed(html)
    parser.close()
    return [text for tag, text in parser.blocks if only is None or tag in only]


def main_html(page: str) -> str:
    """The <main> element of a rendered page (header, footer and menus are shared)."""
    start = page.find("<main")
    end = page.find("</main>", start)
    return page[start : end + len("</main>")] if start != -1 and end != -1 else page
