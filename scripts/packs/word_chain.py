"""A word-level n-gram text model: the machine writer of the bot-or-not pack.

Trained on whole fortunes (words as written, punctuation attached), it continues the last `order - 1` words with
a word that followed them somewhere in the corpus. With three words of context most steps copy a fortune, so
the grammar holds; where a context was seen in two fortunes the text crosses from one into the other, and the
meaning drifts the way a language model's does. Only texts that exist nowhere in the corpus are kept.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict

END = "\x00"


class WordChain:
    def __init__(self, texts: list[str], order: int) -> None:
        self.order = order
        self.openings = [text.split(" ")[: order - 1] for text in texts if len(text.split(" ")) >= order]
        self.next_words: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for text in texts:
            words = [*text.split(" "), END]
            for i in range(order - 1, len(words)):
                self.next_words[tuple(words[i - order + 1 : i])].append(words[i])
        # Every text joined, to tell a copy (or a piece of one) from a new text.
        self.corpus = "\n".join(texts)

    def write(self, rng: random.Random, max_words: int = 45) -> str | None:
        """One new text, or None when the walk copied a fortune, ran too long or came out malformed."""
        words = list(rng.choice(self.openings))
        while len(words) < max_words:
            word = rng.choice(self.next_words[tuple(words[-(self.order - 1) :])])
            if word == END:
                text = " ".join(words)
                return text if text not in self.corpus and well_formed(text) else None
            words.append(word)
        return None


def well_formed(text: str) -> bool:
    """Quotes and brackets paired, a real ending, and no phrase said twice: the slips a reader spots at a glance
    rather than by reading, which would make the task a matter of punctuation."""
    if text.count('"') % 2 or any(text.count(a) != text.count(b) for a, b in ("()", "[]")):
        return False
    if not re.search(r"[.!?]\"?$", text):
        return False
    words = text.lower().split(" ")
    fours = [tuple(words[i : i + 4]) for i in range(len(words) - 3)]
    return len(fours) == len(set(fours))
