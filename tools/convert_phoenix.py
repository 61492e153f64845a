#!/usr/bin/env python3
"""Convert the Phoenix actor and agent dictionaries of PETRARCH2 into
casus's tables, keeping each actor's dated roles.

The dictionaries are openeventdata/petrarch2 (MIT, (c) 2014 Open Event
Data Alliance), pinned at commit 676801cd9cb2924bbbad09f86d15c9323e7097bf.
Bring the repository with the search tool's fetch, then:

    python3 tools/convert_phoenix.py GITDIR data/actors

where GITDIR is the git directory fetch printed. The script reads the
files with `git show COMMIT:PATH` and writes:

    phoenix_actors.tsv  name, aliases, kind, roles, dictionary
        One row per actor entry of Phoenix.Countries.actors.txt,
        Phoenix.International.actors.txt and Phoenix.MilNonState.actors.txt
        that is a person or a group. roles is a "|" list of CAMEO codes,
        each with the dates it holds ("AZEGOV 1996-07-20..2003-08-04",
        "AFGGOV 2001-12-22..", "AFGELI" for any date). kind is person or
        group. Entries that name a country (code = a bare ISO3 code) are
        left out: casus's countries.tsv names the countries. So are the
        4,000 companies (code MNC...) of the international file: casus
        codes political events, and a company's name in business news
        would only give sides to events that are not there.
    phoenix_agents.tsv  phrase, sector, code
        Phoenix.agents.txt: common nouns for kinds of actor, with their
        "{plural}" and "!PERSON!"-style macros expanded, and the first
        CAMEO sector of the code that casus knows.

Names are written in the case casus matches them in: each word with a
capital first letter, the rest lower case (matched in any case), but for
name particles ("al", "bin", "de"), kept lower case, and for acronyms
(a word without vowels, in parentheses or with dots), kept upper case. A
group's one-word name is kept only as an acronym: single words such as
"Total" or "Shell" are common English words too. A person's one-word
alias ("Karzai") is left out: casus joins a surname to the full name the
article gave before.

Two-digit years are 19yy from 30 on and 20yy below (the dictionaries are
of 2014). A date that cannot be read (a typo in the source, such as
"2004017") leaves that end of the role open, and a code whose length is
not a multiple of three ("NGOEEURENV") is left out; the script counts
both.
"""

import re
import subprocess
import sys
from pathlib import Path

COMMIT = "676801cd9cb2924bbbad09f86d15c9323e7097bf"
DICTS = "petrarch2/data/dictionaries/"
ACTOR_FILES = {
    "Phoenix.Countries.actors.txt": "countries",
    "Phoenix.International.actors.txt": "international",
    "Phoenix.MilNonState.actors.txt": "milnonstate",
}
AGENT_FILE = "Phoenix.agents.txt"

# CAMEO sector codes casus knows (crates/casus-core/src/actors.rs SECTORS).
SECTORS = set(
    "GOV MIL REB CVL POL BUS MED IGO NGO COP JUD EDU REF LAB AGR OPP PTY LEG "
    "SPY ACT HLH ELI CRM UAF REL MNC".split()
)
# Phoenix codes for armed non-state groups, written as casus's REB.
ARMED = {"IMG", "INS", "SEP"}
PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "de", "del", "da", "di",
             "van", "von", "der", "den", "la", "le", "du", "dos", "das", "y",
             # English function words inside a name ("Minister of State")
             "of", "the", "to", "and", "for", "in", "on", "at", "with"}
# Words of a group's name in the countries file, whose other entries are
# people.
GROUP_WORDS = set(
    "PARTY MOVEMENT FRONT FORCES FORCE ARMY MINISTRY COUNCIL COMMITTEE "
    "UNION GOVERNMENT POLICE BRIGADE BRIGADES ORGANIZATION ORGANISATION "
    "ASSEMBLY PARLIAMENT COURT CONGRESS SENATE LEAGUE ALLIANCE COMMISSION "
    "AGENCY SERVICE SERVICES GUARD GUARDS MILITIA MILITIAS POLITBURO "
    "CABINET BUREAU OFFICE DEPARTMENT BANK CORPORATION COMPANY AUTHORITY "
    "INSTITUTE ASSOCIATION FEDERATION CONFEDERATION GROUP COALITION "
    "NAVY COMMAND REGIME MISSION TRIBUNAL JUNTA".split()
)


def git_show(gitdir, path):
    out = subprocess.run(
        ["git", "--git-dir", gitdir, "show", f"{COMMIT}:{DICTS}{path}"],
        check=True, capture_output=True,
    ).stdout
    return out.decode("utf-8", errors="replace").splitlines()


def countries(data_dir):
    codes = set()
    for line in open(Path(data_dir) / "countries.tsv", encoding="utf-8"):
        if line.startswith("#") or line.startswith("iso3\t"):
            continue
        codes.add(line.split("\t", 1)[0])
    return codes


def word_case(w):
    """One word of a name in the case casus matches it in."""
    if not w:
        return w
    if "." in w or (w.startswith("(") and w.endswith(")")):
        return w
    letters = re.sub(r"[^A-Z]", "", w)
    if letters and not re.search(r"[AEIOUY]", letters):
        return w
    # Only the first letter is kept upper case: "Ki-moon" and "Ki-Moon"
    # are both written in news.
    low = w.lower()
    if low.split("-")[0] in PARTICLES:
        return low
    return low[:1].upper() + low[1:]


def name(raw):
    """A dictionary phrase ("HAMID_KARZAI_") as casus text ("Hamid Karzai")."""
    words = raw.replace("_", " ").split()
    cased = [word_case(w) for w in words]
    # A particle is lower case inside a name, capitalised as its first word
    # only when the whole name is that particle and more ("Abu Nidal").
    if cased and cased[0] in PARTICLES:
        cased[0] = cased[0][:1].upper() + cased[0][1:]
    return " ".join(cased)


class Dates:
    """Reads Phoenix dates, counting those that cannot be read."""

    def __init__(self):
        self.bad = 0
        self.bad_codes = 0

    def one(self, s):
        if not s:
            return ""
        if re.fullmatch(r"\d{6}", s):
            yy, mm, dd = int(s[:2]), int(s[2:4]), int(s[4:])
            year = 1900 + yy if yy >= 30 else 2000 + yy
        elif re.fullmatch(r"\d{8}", s):
            year, mm, dd = int(s[:4]), int(s[4:6]), int(s[6:])
        else:
            self.bad += 1
            return ""
        if not (1 <= mm <= 12):
            mm = 1 if mm == 0 else None
        if mm is None or not (0 <= dd <= 31):
            self.bad += 1
            return ""
        days = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
                31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mm - 1]
        return f"{year:04d}-{mm:02d}-{max(1, min(dd, days)):02d}"

    def span(self, s):
        """"750101-000101" / ">011222" / "<990101" / "" as "FROM..TO"."""
        s = s.strip()
        if not s:
            return ""
        if s.startswith(">"):
            return f"{self.one(s[1:])}.."
        if s.startswith("<"):
            return f"..{self.one(s[1:])}"
        if "-" in s:
            a, b = s.split("-", 1)
            return f"{self.one(a)}..{self.one(b)}"
        d = self.one(s)
        return f"{d}..{d}" if d else ""


def codes_in(text, dates):
    """The "[CODE DATES]" groups of a line, as "CODE FROM..TO" roles."""
    roles = []
    for m in re.finditer(r"\[([^\]]*)\]", text):
        parts = m.group(1).split(None, 1)
        if not parts or not re.fullmatch(r"(?:[A-Z]{3})+", parts[0]):
            dates.bad_codes += int(bool(parts))
            continue
        span = dates.span(parts[1]) if len(parts) > 1 else ""
        roles.append(f"{parts[0]} {span}".strip() if span not in ("", "..") else parts[0])
    return roles


def entries(lines, dates):
    """(base phrase, aliases, roles, comment) per entry of an actor file."""
    cur = None
    for line in lines:
        body, _, comment = line.partition("#")
        if not body.strip():
            if cur and comment.strip() and not cur[3]:
                cur[3] = comment.strip()
            continue
        stripped = body.strip()
        if stripped.startswith("["):
            if cur:
                cur[2].extend(codes_in(stripped, dates))
        elif stripped.startswith("+"):
            if cur:
                cur[1].append(stripped[1:].split("[")[0].strip())
                cur[2].extend(codes_in(stripped, dates))
        else:
            if cur:
                yield cur
            phrase = stripped.split("[")[0].strip()
            cur = [phrase, [], codes_in(stripped, dates), comment.strip()]
    if cur:
        yield cur


def kind_of(phrase, roles, comment, known):
    """person, group, or country (left out)."""
    chunks = [re.findall("...", r.split()[0]) for r in roles]
    if all(len(c) == 1 and c[0] in known for c in chunks):
        return "country"
    words = set(re.split(r"[_\s]+", phrase.upper()))
    if words & GROUP_WORDS:
        return "group"
    if "countryinfo" in comment.lower():
        return "person"
    return "person" if any(" " in r for r in roles) else "group"


def convert_actors(gitdir, known):
    dates = Dates()
    seen = set()
    rows, left = [], {"country": 0, "no code": 0, "one-word group": 0, "one-word person": 0, "company": 0}
    for file, dictionary in ACTOR_FILES.items():
        for phrase, aliases, roles, comment in entries(git_show(gitdir, file), dates):
            if not roles:
                left["no code"] += 1
                continue
            if all(r.startswith("MNC") for r in roles):
                left["company"] += 1
                continue
            kind = kind_of(phrase, roles, comment, known)
            if dictionary != "countries" and kind == "person" and not any(" " in r for r in roles):
                kind = "group"
            if kind == "country":
                left["country"] += 1
                continue
            names = []
            for p in [phrase] + aliases:
                n = name(p)
                if not n or n in names:
                    continue
                if " " not in n and (kind == "person" or not n.isupper()):
                    left[f"one-word {kind}"] += 1
                    continue
                names.append(n)
            if not names:
                continue
            uniq = list(dict.fromkeys(roles))
            if (names[0], kind, tuple(uniq)) in seen:
                continue
            seen.add((names[0], kind, tuple(uniq)))
            rows.append((names[0], "|".join(names[1:]), kind, "|".join(uniq), dictionary))
    left["unreadable code"] = dates.bad_codes
    return rows, left, dates.bad


def expand(phrase, macros):
    """Every form of an agent phrase, its "!PERSON!"-style macros replaced
    by each of their values; a macro inside a word (a typo) gives none."""
    forms = [phrase]
    for key, values in macros.items():
        if re.search(r"[A-Z]" + re.escape(key) + "|" + re.escape(key) + "[A-Z]", phrase):
            return []
        forms = [f.replace(key, v) for f in forms for v in values] if key in phrase else forms
    return forms


def convert_agents(gitdir):
    macros, rows, seen = {}, [], set()
    for line in git_show(gitdir, AGENT_FILE):
        body = line.split("#")[0].strip()
        if not body or body.startswith("<!"):
            continue
        m = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.*)", body)
        if m:
            macros[m.group(1)] = [v.strip() for v in m.group(2).split(",")]
            continue
        m = re.fullmatch(r"(.*?)\s*(\{[^}]*\})?\s*\[~([A-Z]+)\]", body)
        if not m:
            continue
        code = m.group(3)
        sector = next((c for c in re.findall("...", code) if c in SECTORS), None)
        if sector is None:
            continue
        plural = (m.group(2) or "{}")[1:-1].strip()
        for raw in [m.group(1)] + ([plural] if plural else []):
            for form in expand(raw, macros):
                p = " ".join(form.replace("_", " ").split()).lower()
                if p and "!" not in p and p not in seen:
                    seen.add(p)
                    rows.append((p, sector, code))
    return rows


HEADER_ACTORS = """\
# People and groups of the Phoenix actor dictionaries of PETRARCH2
# (openeventdata/petrarch2 @ {commit}, MIT, (c) 2014 Open Event Data
# Alliance), converted by tools/convert_phoenix.py: do not edit by hand.
# roles: CAMEO codes, each with the dates it holds (FROM..TO, either end
# open) or none (any date); casus takes the role held at the article's
# date. Names in actors/people.tsv and organizations.tsv take precedence.
name\taliases\tkind\troles\tdictionary
"""

HEADER_AGENTS = """\
# Agents of Phoenix.agents.txt (openeventdata/petrarch2 @ {commit}, MIT,
# (c) 2014 Open Event Data Alliance), converted by tools/convert_phoenix.py:
# do not edit by hand. sector is the first CAMEO sector of code that casus
# knows; phrases of actors/agents.tsv take precedence.
phrase\tsector\tcode
"""


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    gitdir, out = sys.argv[1], Path(sys.argv[2])
    known = countries(out)
    rows, left, bad = convert_actors(gitdir, known)
    with open(out / "phoenix_actors.tsv", "w", encoding="utf-8") as f:
        f.write(HEADER_ACTORS.format(commit=COMMIT))
        for r in rows:
            f.write("\t".join(r) + "\n")
    agents = convert_agents(gitdir)
    with open(out / "phoenix_agents.tsv", "w", encoding="utf-8") as f:
        f.write(HEADER_AGENTS.format(commit=COMMIT))
        for r in agents:
            f.write("\t".join(r) + "\n")
    people = sum(r[2] == "person" for r in rows)
    print(f"{len(rows)} actors ({people} people, {len(rows) - people} groups), "
          f"{len(agents)} agent phrases; left out {left}; {bad} unreadable dates")


if __name__ == "__main__":
    main()
