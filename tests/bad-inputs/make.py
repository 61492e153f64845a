#!/usr/bin/env python3
"""Writes the bad inputs of this folder (run from it: python3 make.py).

Each file is an article or batch the way scrapers and broken pipelines hand
them over; expected.tsv says what `casus extract` must do with each.
The texts are our own.
"""
import json

good = "KHARTOUM, May 4 (casus) - Paramilitary fighters shelled a market in Omdurman on Saturday, killing at least 12 civilians, witnesses said."
good2 = "Police arrested 40 protesters in Nairobi on Tuesday after a march against new taxes turned violent, officials said."


def w(name, data):
    with open(name, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


w("invalid-utf8.txt", b"date 2024-05-04\n\nParamilitary fighters \xff\xfe shelled a market in Omdurman on Saturday, killing at least 12 civilians.\n")
w("nul-bytes.txt", ("date 2024-05-04\n\n" + good.replace(" a market", "\0a market") + "\n").encode())
w("bom-crlf.txt", b"\xef\xbb\xbfdate 2024-05-04\r\n\r\n" + good.encode() + b"\r\n\r\n" + good2.encode() + b"\r\n")
lines = [
    json.dumps({"id": "ok-1", "date": "2024-05-04", "text": good}),
    '{"id": "cut", "date": "2024-05-04", "text": "Police arrest',
    json.dumps({"id": "num", "text": 5}),
    "",
    json.dumps({"id": "bad-date", "date": "2024-13-45", "text": good2}),
    json.dumps({"id": "ok-2", "date": "2024-05-07", "text": good2}),
]
w("broken-lines.jsonl", "\n".join(lines) + "\n")
w("truncated.jsonl", json.dumps({"id": "t1", "date": "2024-05-04", "text": good}) + "\n" + '{"id": "t2", "text": "Soldiers opened fire on')
w("empty.jsonl", b"")
w("whitespace-only.txt", " \n\t\r\n   \n")
w("wrong-types.jsonl", "\n".join([
    json.dumps({"id": {"a": 1}, "text": good}),
    json.dumps({"date": 20240504, "text": good}),
    json.dumps({"outlet": ["x"], "text": good}),
    json.dumps(["not", "an", "object"]),
    json.dumps({"id": "fine", "date": "2024-05-04", "text": good}),
]) + "\n")
w("deep.jsonl", '{"id": "deep", "text": "Police arrested ten protesters.", "x": ' + "[" * 5000 + "]" * 5000 + "}\n" + json.dumps({"id": "after", "date": "2024-05-07", "text": good2}) + "\n")
w("utf16.txt", ("\ufeff" + good).encode("utf-16-le"))
w("html-scrape.txt", "<!DOCTYPE html><html><head><script>var x = '<p>';</script><style>p{}</style></head><body><nav>Home | World</nav><article><h1>Market shelled</h1><p>" + good + "</p><p>" + good2 + "</p></article><footer>&copy; 2024</footer></body></html>\n")
w("rtl-cjk-emoji.txt", "date 2024-05-04\n\n\u0642\u0627\u0644 \u0645\u0633\u0624\u0648\u0644\u0648\u0646 \u0625\u0646 \u0627\u0644\u0642\u0635\u0641 \u0627\u0633\u062a\u0647\u062f\u0641 \u0633\u0648\u0642\u0627. \u5317\u4eac\u65f6\u95f4\u5468\u516d\uff0c\u8b66\u65b9\u902e\u6355\u4e8640\u4eba\u3002 \U0001F642\U0001F642 " + good + " \u202eevil\u202c\n")
w("no-sentence-end.txt", ("troops shelled the city and police said " * 800).strip() + "\n")
w("binary.txt", bytes((i * 37 + 11) % 256 for i in range(4096)))
