//! Toponyms: the gazetteer names of an article that stand for places here.
//!
//! Tens of thousands of towns share their names with words and people
//! ("Police", "Jackson", "Split"), so a name counts as a place when it is
//! a major one (a city of 100,000 people or more, a continent, a
//! hand-kept place, a first-level division of half a million people named by
//! more than one word or standing alone among lower-case words), or when
//! the words around it make it one: a locative preposition ("in Huwara",
//! "outside Kherson"), a place noun ("the town of Huwara"), a division
//! word after it ("Anbar province", which also makes it the division and
//! not the city of the same name), a place before it and a comma
//! ("Atlanta, Georgia"), a place before it and "and" ("in Hawaii and
//! California"), or its people, parts or office around it ("residents of
//! Gede", "Kurunegala's mayor", "Makueni Governor"). A county or district
//! is named with its word ("Orange County"; "Orange" alone is a town), or
//! by its own name when that carries one ("Khyber Agency"), except in
//! countries whose counties go bare ("in Kent"). A name that begins an organisation's ("Cumhuriyet
//! University") or heads a longer name ("the Line of Control") is no place.

use crate::geo::names::{canonical, NameMatch};
use crate::geo::{without_division_word, Gazetteer, Precision};
use crate::lexicon::{Lexicon, Words};
use crate::span::Span;
use crate::text::{Doc, TokenKind};
use std::ops::Range;

/// A place name of the text with the places it may be.
#[derive(Clone, Debug)]
pub(super) struct Toponym {
    /// Tokens, including a division word after the name.
    pub toks: Range<usize>,
    /// Where in the text.
    pub span: Span,
    /// Candidate places (indices into the gazetteer).
    pub places: Vec<u32>,
    /// The words around it make it a place (not only its size).
    pub in_context: bool,
}

/// People below which a town needs context to count as a place.
const MAJOR: u64 = 100_000;

/// People below which a town that "said" something is a person or a club
/// of its name, not the town's government ("Paterson said").
const SPEAKING_CITY: u64 = 1_000_000;

/// People below which a first-level division needs context.
const MAJOR_DIVISION: u64 = 500_000;

/// The toponyms of `doc`, in text order; overlapping ones are all kept
/// (the longest phrase of the article wins later).
pub(super) fn find(g: &Gazetteer, lex: &Lexicon, text: &str, doc: &Doc) -> Vec<Toponym> {
    let mut pool = Vec::new();
    let low = |i: usize| doc.low(i);
    let is = |i: usize, w: &Words| doc.is(i, w);
    let mut out = Vec::new();
    // A toponym spans at most this many tokens (a name and its division
    // word): how far back a look for the name before one goes.
    let reach = g.names.max_tokens() + 1;
    let names = g
        .names
        .find(&lex.name_leaders, text, doc, 0..doc.tokens.len(), &mut pool);
    for m in &names {
        let (start, end) = (m.toks.start, m.toks.end);
        // The preposition, over "the" and one adjective ("in the
        // northern city of", "near the town").
        let mut k = start;
        if k > 0 && low(k - 1) == "the" {
            k -= 1;
        }
        let prep = k.checked_sub(1);
        let locative = prep
            .is_some_and(|j| is(j, &lex.locative_prepositions) || is(j, &lex.toward_prepositions));
        let of_place = start >= 2
            && low(start - 1) == "of"
            && (is(start - 2, &lex.place_nouns)
                || is(start - 2, &lex.inhabitant_nouns)
                || start >= 3 && is(start - 3, &lex.place_nouns) && low(start - 2) == "'s");
        let cands = &pool[m.places.clone()];
        // A county word after the name admits second-level divisions
        // too ("Kurram district"), any other first-level ones only
        // ("Montenegro province" is no Brazilian municipality).
        let county_word = is(end, &lex.county_words);
        let divisions: Vec<u32> = cands
            .iter()
            .copied()
            .filter(|&c| match g.places[c as usize].precision {
                Precision::Admin1 => true,
                Precision::Admin2 => county_word,
                _ => false,
            })
            .collect();
        // "Anbar province": the division, when there is one of that name.
        let division = is(end, &lex.division_words) && !divisions.is_empty();
        // "Atlanta, Georgia": a place after a place and a comma; "Hawaii
        // and California": a place after a place and "and".
        let after_place = start >= 2
            && matches!(low(start - 1), "," | "and" | "or")
            && out
                .iter()
                .rev()
                .take_while(|t: &&Toponym| t.toks.start + reach >= start)
                .any(|t| t.toks.end == start - 1);
        // "in Yi Ngor district, Narathiwat": a place after a division
        // or place word and a comma holds the unknown one before it.
        let after_division = start >= 2
            && low(start - 1) == ","
            && (is(start - 2, &lex.division_words) || is(start - 2, &lex.settlement_words));
        let apposition = start >= 2
            && low(start - 1) == ","
            && names_from(&names, start.saturating_sub(reach + 1))
                .take_while(|n| n.toks.start < start)
                .any(|n| n.toks.end == start - 1);
        // A name among lower-case words, not part of a longer name
        // ("Vladimir" of "Vladimir Putin").
        let capital_at = |i: usize| {
            doc.tokens
                .get(i)
                .is_some_and(|t| t.span.slice(text).starts_with(char::is_uppercase))
        };
        // "Kurunegala's mayor", "Makueni Governor": a part, the people or
        // an office of the place.
        let part_after = matches!(low(end), "'s" | "\u{2019}s")
            && is(end + 1, &lex.place_part_nouns)
            || capital_at(end) && is(end, &lex.place_part_nouns);
        let alone = (start == 0 || !capital_at(start - 1)) && !capital_at(end);
        // "Mamnoonur Rashid", "in Tam Son Commune": a name inside a longer
        // one the gazetteer does not know is a minor place's only by its
        // size (a major one's name still points at it: "Dubai Police").
        let longer = inside_longer_name(lex, text, doc, start, end);
        // "east London" is the east of London, not East London (South
        // Africa): a lower-case compass word leads only hand-kept names
        // ("south Lebanon").
        let compass_led = !capital_at(start) && is(start, &lex.compass_words);
        // A month is a date, not the town of that name ("in March").
        if !division && crate::time::month_at(lex, text, doc, start).is_some() {
            continue;
        }
        // "Cumhuriyet University", "California State University": part
        // of an organisation's name.
        let institution = |i: usize| capital_at(i) && is(i, &lex.institution_words);
        if institution(end) || capital_at(end) && institution(end + 1) {
            continue;
        }
        // "Paterson said": a speaker named like a town is a person or a
        // club; a great city or a division that speaks ("Beijing said",
        // "Tamil Nadu said") is its government, read as the place it
        // stands for. "The News & Observer of Raleigh reported" is a place.
        let speaker = !locative && low(start.wrapping_sub(1)) != "of" && is(end, &lex.speech_verbs);
        // "the Line of Control", "Bank of England": the head of a longer
        // name, not the town it spells.
        let head_of_name = low(end) == "of" && capital_at(end + 1);
        // "Paris, Missouri", "Churchill, Man.": a place before a comma and
        // a division or country (which then holds it, see places.rs).
        let contained = low(end) == ","
            && names_from(&names, end + 1)
                .take_while(|n| n.toks.start == end + 1)
                .any(|n| {
                    pool[n.places.clone()].iter().any(|&c| {
                        matches!(
                            g.places[c as usize].precision,
                            Precision::Admin1 | Precision::Country
                        )
                    })
                });
        // "Homa Bay town", "Rayagada district", "Jumla districts".
        let place_word = is(end, &lex.settlement_words);
        let in_context = locative
            || of_place
            || part_after
            || division
            || apposition
            || after_place
            || after_division
            || place_word
            || contained;
        // "Orange County": the county's own name, word and all.
        let named_with_word = is(end - 1, &lex.division_words);
        // "Glasgow, Ky.", "Austin, TX": a division's short form is one
        // only written short after a place and a comma,
        // and then it is nothing else ("Man." is no Ivorian town there).
        let short: Vec<u32> = match m.short {
            true => cands
                .iter()
                .copied()
                .filter(|&c| g.places[c as usize].precision == Precision::Admin1)
                .collect(),
            false => Vec::new(),
        };
        // "Yi Ngor district, Narathiwat": the province, not its town;
        // not a compass word that begins a longer name ("village, North
        // Pokot").
        let compass_word = is(start, &lex.compass_words) && m.toks.len() == 1;
        let holder: Vec<u32> = match after_division && !(longer && compass_word) {
            true => divisions
                .iter()
                .copied()
                .filter(|&c| g.places[c as usize].precision == Precision::Admin1)
                .collect(),
            false => Vec::new(),
        };
        let places: Vec<u32> = if division {
            divisions
        } else if !holder.is_empty() {
            holder
        } else if apposition && !short.is_empty() && short_form(m.span.slice(text)) {
            short
        } else {
            let cues = Cues {
                words: m.span.slice(text),
                compass_word,
                compass_led,
                longer,
                named_alone: m.toks.len() > 1 || alone,
                speaker,
                head_of_name,
                named_with_word,
                in_context,
            };
            cands
                .iter()
                .filter(|c| !short.contains(c))
                .copied()
                .filter(|&c| cues.admit(g, lex, c))
                .collect()
        };
        if places.is_empty() {
            continue;
        }
        let end_tok = if division { end + 1 } else { end };
        out.push(Toponym {
            toks: start..end_tok,
            span: m.span.cover(doc.tokens[end_tok - 1].span),
            places,
            in_context,
        });
    }
    out
}

/// What the words around a name say, for [`Cues::admit`].
struct Cues<'t> {
    /// The name as written.
    words: &'t str,
    /// The name is one compass word ("Western").
    compass_word: bool,
    /// A lower-case compass word leads it ("east London").
    compass_led: bool,
    /// It is part of a longer capitalised name.
    longer: bool,
    /// It is more than one word, or stands among lower-case words.
    named_alone: bool,
    /// A speech verb follows it ("Paterson said").
    speaker: bool,
    /// "of" and a capitalised word follow it ("the Line of Control").
    head_of_name: bool,
    /// It ends in a division word ("Orange County").
    named_with_word: bool,
    /// The words around it make it a place.
    in_context: bool,
}

impl Cues<'_> {
    /// Whether the name stands for place `c` here: a major place by its
    /// size, any other where the words make it a place.
    fn admit(&self, g: &Gazetteer, lex: &Lexicon, c: u32) -> bool {
        let p = &g.places[c as usize];
        // A division named by a compass word ("Western") is one only with
        // its division word.
        let compass = p.precision == Precision::Admin1 && self.compass_word;
        // Inside a longer name, only a place's own name points at it:
        // "Imran Rashid" is no Rosetta.
        let alias_in_name = self.longer && !own_name(self.words, &p.name);
        let major = !alias_in_name
            && match p.precision {
                _ if p.hand_kept => true,
                Precision::City => p.population >= MAJOR,
                Precision::Region => true,
                Precision::Admin1 => p.population >= MAJOR_DIVISION && self.named_alone,
                _ => false,
            };
        // "Orange County" needs its word; "Kent" in Britain does not; nor
        // does a division's own name that carries its word ("Khyber
        // Agency", "Amphoe Sikao").
        let county = p.precision == Precision::Admin2
            && !p
                .country
                .is_some_and(|c| lex.bare_county_countries.contains(c.as_str()))
            && !(own_name(self.words, &p.name) && without_division_word(lex, &p.name).is_some());
        let small_speaker =
            self.speaker && p.precision == Precision::City && p.population < SPEAKING_CITY;
        let town = matches!(p.precision, Precision::City | Precision::Admin2);
        let head = self.head_of_name && !p.hand_kept;
        !compass
            && !small_speaker
            && (!self.compass_led || p.hand_kept)
            && !head
            && (!county || self.named_with_word)
            && (self.in_context && !(self.longer && town) || major)
    }
}

/// True if the name at tokens `start..end` is part of a longer capitalised
/// name: a capitalised word runs on into it from before (not a sentence's
/// first word, nor a word that may lead a place name such as "Northern"),
/// or after it (not a division or place word, a weekday, a month or a
/// possessive).
fn inside_longer_name(lex: &Lexicon, text: &str, doc: &Doc, start: usize, end: usize) -> bool {
    let capital_word = |i: usize| {
        doc.tokens.get(i).is_some_and(|t| {
            t.kind == TokenKind::Word && t.span.slice(text).starts_with(char::is_uppercase)
        })
    };
    let sentence_start = |i: usize| {
        doc.sentences
            .binary_search_by_key(&i, |s| s.tokens.start)
            .is_ok()
    };
    let before = start > 0
        && capital_word(start - 1)
        && !sentence_start(start - 1)
        && !doc.is(start - 1, &lex.name_leaders)
        && !doc.is(start - 1, &lex.compass_words);
    let after = capital_word(end)
        && !sentence_start(end)
        && !doc.is(end, &lex.division_words)
        && !doc.is(end, &lex.settlement_words)
        && !doc.is(end, &lex.place_part_nouns)
        && doc.value(end, &lex.weekdays).is_none()
        && doc.value(end, &lex.months).is_none();
    before || after
}

/// True if `words` spell `name` (the same canonical form), not an alias.
fn own_name(words: &str, name: &str) -> bool {
    let (mut a, mut b) = (String::new(), String::new());
    canonical(words, &mut a);
    canonical(name, &mut b);
    a == b
}

/// True if `words` are written as an abbreviation: with a period ("Ky.",
/// "B.C.") or as two or three capitals ("TX", "NSW").
fn short_form(words: &str) -> bool {
    words.contains('.')
        || (2..=3).contains(&words.len()) && words.bytes().all(|b| b.is_ascii_uppercase())
}

/// The names (in text order) from the first that starts at token `i` or
/// later: found by halving, so a look at a name's neighbours does not
/// walk the whole article.
fn names_from(names: &[NameMatch], i: usize) -> impl Iterator<Item = &NameMatch> {
    names[names.partition_point(|n| n.toks.start < i)..].iter()
}
