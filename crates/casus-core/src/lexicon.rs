//! The lexicon: the word lists the rules of casus test tokens against
//! ("said", "would", "the", "earthquake"), read from `data/lexicon/*.tsv`.
//! The rules themselves (which word stands where) are code; which words
//! fill each list is knowledge, and is data.
//!
//! Every lexicon file has the columns `set`, `word` and `value`: one row
//! per word of a named list. The lists, their kinds and what each is for
//! are declared once below ([`Lexicon`]); a row naming an unknown list, a
//! word a list cannot hold, or a list with no words stops loading with
//! `FILE:LINE`. Four kinds of list:
//!
//! - [`Words`]: single tokens in lower case, tested against a token's
//!   lower-cased text by a hash computed once per token, so a test
//!   compares integers and confirms only a match on the bytes;
//! - [`Valued`]: words with a number (months, cardinals);
//! - [`Phrases`]: runs of tokens ("in retaliation for");
//! - [`List`]: strings matched as written (suffixes, trigger lemmas,
//!   capitalised words).

use crate::data::{DataError, DataFiles};
use rustc_hash::FxHashMap as HashMap;

/// A set of lower-case words with their hashes.
#[derive(Debug, Default)]
pub(crate) struct Words {
    /// The words, lower case.
    words: Vec<Box<str>>,
    /// [`word_hash`] of each word, in the same order.
    hashes: Vec<u64>,
    /// A 1024-bit filter: bit `hash >> 54` is set for each word's hash,
    /// so most words outside the set are ruled out by one bit test.
    filter: [u64; 16],
}

impl Words {
    /// The set of `words` (lower case).
    pub(crate) fn new<S: Into<Box<str>>>(words: impl IntoIterator<Item = S>) -> Words {
        let mut set = Words::default();
        for w in words {
            let w: Box<str> = w.into();
            let h = word_hash(w.as_bytes());
            let bit = (h >> 54) as usize;
            set.filter[bit >> 6] |= 1 << (bit & 63);
            set.hashes.push(h);
            set.words.push(w);
        }
        set
    }

    /// True if `word` (lower case) with hash `hash` is in the set.
    #[inline(always)]
    pub(crate) fn has(&self, hash: u64, word: &str) -> bool {
        self.may_have(hash) && self.confirm(hash, word.as_bytes())
    }

    /// True if `word`, lower-cased, is in the set (for words that are not
    /// tokens of a segmented text, which carry no hash).
    pub(crate) fn contains(&self, word: &str) -> bool {
        // Lower-cased on the stack: no word of a list is long.
        let mut buf = [0u8; MAX_WORD];
        let Some(low) = buf.get_mut(..word.len()) else {
            return false;
        };
        low.copy_from_slice(word.as_bytes());
        low.make_ascii_lowercase();
        self.has_bytes(low)
    }

    /// True if these bytes are a word of the set.
    #[inline]
    fn has_bytes(&self, word: &[u8]) -> bool {
        let h = word_hash(word);
        self.may_have(h) && self.confirm(h, word)
    }

    /// False when no word of the set has this hash (one bit test); true
    /// means "perhaps", to be settled by [`Words::confirm`].
    #[inline(always)]
    pub(crate) fn may_have(&self, hash: u64) -> bool {
        let bit = (hash >> 54) as usize;
        self.filter[bit >> 6] >> (bit & 63) & 1 == 1
    }

    /// The exact test behind the filter: a word of the set has this hash
    /// and these bytes (lower case).
    #[inline(always)]
    pub(crate) fn confirm(&self, hash: u64, word: &[u8]) -> bool {
        self.position(hash, word).is_some()
    }

    /// Which word of the set has this hash and these bytes (lower case).
    #[inline(always)]
    pub(crate) fn position(&self, hash: u64, word: &[u8]) -> Option<usize> {
        self.hashes.iter().position(|&h| h == hash).filter(|&k| {
            // Cue words are short: compared inline, not by a call.
            let a = self.words[k].as_bytes();
            a.len() == word.len() && a.iter().zip(word).all(|(x, y)| x == y)
        })
    }

    /// The words, in the order of their rows.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|w| &**w)
    }
}

/// Words with a number each (a month's, a cardinal's value).
#[derive(Debug, Default)]
pub(crate) struct Valued {
    /// The words, as a set to test tokens against.
    pub words: Words,
    values: Vec<u32>,
}

impl Valued {
    /// The number of `word` (any ASCII case), if it is one of the words.
    pub(crate) fn value(&self, word: &str) -> Option<u32> {
        // Lower-cased on the stack: no word of a list is long.
        let mut buf = [0u8; MAX_WORD];
        let low = buf.get_mut(..word.len())?;
        low.copy_from_slice(word.as_bytes());
        low.make_ascii_lowercase();
        let h = word_hash(low);
        if !self.words.may_have(h) {
            return None;
        }
        let k = self.words.position(h, low)?;
        self.values.get(k).copied()
    }

    /// The number of the `k`th word.
    #[inline(always)]
    pub(crate) fn nth_value(&self, k: usize) -> Option<u32> {
        self.values.get(k).copied()
    }
}

/// Runs of lower-case tokens ("in retaliation for").
#[derive(Debug, Default)]
pub(crate) struct Phrases {
    phrases: Vec<Vec<Box<str>>>,
    /// The first word of each phrase: most tokens start none.
    firsts: Words,
}

impl Phrases {
    /// The phrases, each as its tokens, in the order of their rows.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[Box<str>]> {
        self.phrases.iter().map(Vec::as_slice)
    }

    /// The first word of each phrase, as a set.
    pub(crate) fn firsts(&self) -> &Words {
        &self.firsts
    }
}

/// Strings matched as written.
#[derive(Debug, Default)]
pub(crate) struct List {
    items: Vec<Box<str>>,
}

impl List {
    /// True when `s` is one of the strings, exactly.
    pub(crate) fn contains(&self, s: &str) -> bool {
        self.items.iter().any(|i| **i == *s)
    }

    /// The strings, in the order of their rows.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|i| &**i)
    }
}

/// One row of a lexicon file, as read.
struct Entry<'a> {
    file: &'a str,
    line: usize,
    word: &'a str,
    value: &'a str,
}

impl Entry<'_> {
    fn error(&self, message: impl Into<String>) -> DataError {
        DataError {
            file: self.file.into(),
            line: self.line,
            message: message.into(),
        }
    }
}

/// A kind of list, built from its rows.
trait Kind: Sized {
    /// The list of these rows, or the first row's error.
    fn build(rows: &[Entry]) -> Result<Self, DataError>;
}

/// A lower-case word without spaces, and no number.
fn plain_word(e: &Entry) -> Result<(), DataError> {
    if e.word.contains(char::is_whitespace) {
        return Err(e.error(format!("{:?}: one word only in this list", e.word)));
    }
    if e.word.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(e.error(format!("{:?}: lower case only in this list", e.word)));
    }
    if e.word.len() > MAX_WORD {
        return Err(e.error(format!("{:?}: longer than {MAX_WORD} bytes", e.word)));
    }
    if !e.value.is_empty() {
        return Err(e.error("this list takes no value"));
    }
    Ok(())
}

/// The longest word a list of words may hold, in bytes: words tested
/// outside a text are lower-cased in a buffer of this size.
const MAX_WORD: usize = 24;

impl Kind for Words {
    fn build(rows: &[Entry]) -> Result<Words, DataError> {
        rows.iter().try_for_each(plain_word)?;
        Ok(Words::new(rows.iter().map(|e| e.word)))
    }
}

impl Kind for Valued {
    fn build(rows: &[Entry]) -> Result<Valued, DataError> {
        let mut values = Vec::with_capacity(rows.len());
        for e in rows {
            plain_word(&Entry { value: "", ..*e })?;
            let v = e
                .value
                .parse()
                .map_err(|_| e.error(format!("value {:?} is not a whole number", e.value)))?;
            values.push(v);
        }
        Ok(Valued {
            words: Words::new(rows.iter().map(|e| e.word)),
            values,
        })
    }
}

impl Kind for Phrases {
    fn build(rows: &[Entry]) -> Result<Phrases, DataError> {
        let mut phrases = Vec::with_capacity(rows.len());
        for e in rows {
            plain_word(&Entry { word: "", ..*e })?;
            if e.word.bytes().any(|b| b.is_ascii_uppercase()) {
                return Err(e.error(format!("{:?}: lower case only in this list", e.word)));
            }
            phrases.push(e.word.split_whitespace().map(Box::from).collect::<Vec<_>>());
        }
        let mut firsts: Vec<&str> = phrases
            .iter()
            .filter_map(|p| p.first().map(|w| &**w))
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        let firsts = Words::new(firsts);
        Ok(Phrases { phrases, firsts })
    }
}

impl Kind for List {
    fn build(rows: &[Entry]) -> Result<List, DataError> {
        for e in rows {
            if !e.value.is_empty() {
                return Err(e.error("this list takes no value"));
            }
        }
        Ok(List {
            items: rows.iter().map(|e| Box::from(e.word)).collect(),
        })
    }
}

/// Declares the lists of the lexicon, each with its kind and the file it
/// belongs in: the struct, and its loader that checks every row.
macro_rules! lexicon {
    ($($(#[$doc:meta])* $name:ident: $kind:ident in $file:literal,)*) => {
        /// Every word list of `data/lexicon/`, by name.
        #[derive(Debug)]
        pub(crate) struct Lexicon {
            $($(#[$doc])* pub $name: $kind,)*
        }

        impl Lexicon {
            /// Builds each list from its rows (gathered by [`Lexicon::load`]).
            fn from_rows(rows: &HashMap<&str, Vec<Entry>>) -> Result<Lexicon, DataError> {
                Ok(Lexicon {
                    $($name: {
                        let mine = rows.get(stringify!($name)).filter(|r| !r.is_empty()).ok_or_else(|| DataError {
                            file: concat!("lexicon/", $file, ".tsv").into(),
                            line: 0,
                            message: format!("no words for the list {}", stringify!($name)),
                        })?;
                        $kind::build(mine)?
                    },)*
                })
            }

            /// Each list's name and the file it belongs in.
            const LISTS: &[(&str, &str)] = &[$((stringify!($name), concat!("lexicon/", $file, ".tsv"))),*];
        }
    };
}

lexicon! {
    /// Words right before a trigger that make it a noun ("the", "its",
    /// "deadly", "fresh", "two"): determiners, numbers of events and the
    /// adjectives news puts before a deed.
    noun_markers: Words in "function_words",
    /// Words after which a trigger can only be a noun: articles, possessives
    /// and prepositions.
    noun_only_markers: Words in "function_words",
    /// Determiners of a definite description ("the attack", "these strikes")
    /// that may refer back.
    definite_determiners: Words in "function_words",
    /// Articles and possessives before a noun phrase ("to the", "to its").
    determiners: Words in "function_words",
    /// Words that negate the deed after them ("not", "never", "without").
    negators: Words in "function_words",
    /// Forms of "be" and "get" before a participle: a passive.
    be_forms: Words in "function_words",
    /// Forms of "be" between a count and a harm word ("three soldiers were
    /// killed").
    passive_be: Words in "function_words",
    /// Verbs that link a description to what it was ("the barrage was", "the
    /// strikes came").
    copulas: Words in "function_words",
    /// Pronouns that stand for a subject named before.
    subject_pronouns: Words in "function_words",
    /// Pronouns that stand for an object named before ("demanded his
    /// release", "freed them").
    object_pronouns: Words in "function_words",
    /// Possessives that make a noun the subject's own ("its troops", "their
    /// attacks").
    own_possessives: Words in "function_words",
    /// Words that open a description of a deed told before ("the", "this",
    /// "it").
    anaphors: Words in "function_words",
    /// Prepositions: an actor after one is not a subject.
    prepositions: Words in "function_words",
    /// Prepositions that place what follows ("in", "near", "across").
    locative_prepositions: Words in "function_words",
    /// Prepositions that make a name a place besides the locative ones
    /// ("from", "toward", "via").
    toward_prepositions: Words in "function_words",
    /// Prepositions after a nominal trigger that introduce its target
    /// ("attack on", "talks with").
    target_prepositions: Words in "function_words",
    /// Prepositions that aim a deed at a place, which is then its target
    /// ("fired at", "struck into").
    aimed_prepositions: Words in "function_words",
    /// Prepositions past the object of a nominal trigger that say where, not
    /// whom ("an attack on a base in").
    location_prepositions: Words in "function_words",
    /// Words that open a statement's complement, which tells what was said,
    /// not where ("to", "that", "about").
    complement_openers: Words in "function_words",
    /// Conjunctions of time or cause that make the deed after them background
    /// ("after", "since").
    subordinators: Words in "function_words",
    /// Conjunctions that open a clause of occasion, its subject right after
    /// them: the deed a toll came of ("two were killed when gunmen stormed
    /// the post").
    occasion_words: Words in "function_words",
    /// Prepositions before a request or support named as the circumstance
    /// of another deed ("in support of", "at the request of").
    circumstance_prepositions: Words in "function_words",
    /// Auxiliaries and adverbs between a subject and its verb ("Pakistan, a
    /// U.S. ally, has refused").
    auxiliaries: Words in "function_words",
    /// Prepositions after the forces a deployment moves that say where
    /// they go ("deployed troops to the border").
    destination_prepositions: Words in "function_words",
    /// Words and marks that start a new main clause (";", "but", "although").
    clause_breaks: Words in "function_words",
    /// Conjunctions that start a new main clause after a comma (", and", ",
    /// but").
    clause_joiners: Words in "function_words",
    /// Words that open a relative or subordinate clause, whose date is not
    /// the main event's.
    relative_openers: Words in "function_words",
    /// Relative words about a place or person whose clause is background
    /// ("where 28 people have been killed").
    background_relatives: Words in "function_words",
    /// Words before a participle that make it a verb, not a reduced relative
    /// ("who seized", "had seized").
    not_before_participle: Words in "function_words",
    /// Words after a participle that make it a reduced relative ("weapons
    /// seized last year from").
    reduced_relative_followers: Words in "function_words",
    /// Lower-case words that are not adjectives between a determiner and a
    /// trigger: function words and prepositions.
    not_adjectives: Words in "function_words",
    /// Words after an actor-modified trigger that make it a noun ("Israeli
    /// strikes on", "U.S. strikes that").
    nominal_followers: Words in "function_words",
    /// Words between a modifier and a trigger that end the search for the
    /// modifier ("and", "the").
    modifier_breaks: Words in "function_words",
    /// Words before a speaker ("according to", "citing", "by").
    speaker_markers: Words in "function_words",
    /// Words between a speech verb and the actor before it that show the
    /// actor is not the speaker.
    speaker_left_stops: Words in "function_words",
    /// Words that end the search for a verb's object ("by", "because",
    /// "said").
    object_stops: Words in "function_words",
    /// Words and marks that end the search for the object of a nominal
    /// trigger's preposition.
    prep_object_stops: Words in "function_words",
    /// Words and marks that end the search for the victims after a count.
    victim_stops: Words in "function_words",
    /// Words after a comma or "and" in a list of places ("in Syria and in
    /// Iraq").
    place_list_skips: Words in "function_words",
    /// Function words that do not make a country adjective a modifier of a
    /// noun ("Israeli and", "Iranian said").
    not_nouns: Words in "function_words",
    /// Words between a speech verb and a date that date the telling ("said on
    /// Tuesday", "said late Monday").
    telling_date_words: Words in "function_words",
    /// Words after an agent noun that show it names an actor, not a modifier
    /// ("police said", "army chief"; matched as written).
    actor_followers: Words in "function_words",
    /// Verbs and phrases of saying and reporting: not events themselves;
    /// their subject is a speaker.
    speech_verbs: Words in "verbs",
    /// Speech words whose speaker comes after them ("according to X", "citing
    /// X").
    speaker_follows: Words in "verbs",
    /// Words after which the clause of what was said begins ("said", "that").
    speech_openers: Words in "verbs",
    /// Verbs before "would" that make it a reported future ("confirmed it
    /// would").
    reporting_verbs: Words in "verbs",
    /// Verbs whose date is that of the telling, not of the deed ("officials
    /// said on Tuesday").
    telling_verbs: Words in "verbs",
    /// Words before "X must" whose subject asks it ("Britain said Libya
    /// must").
    must_tellers: Words in "verbs",
    /// Verbs whose subject does the deed a noun after them names ("launched
    /// an attack", "held talks").
    light_verbs: Words in "verbs",
    /// Verbs of responsibility before "by": "planned by X" gives the deed's
    /// source.
    responsibility_verbs: Words in "verbs",
    /// Words before a definite deed that make the sentence a claim of it
    /// ("claimed the attack").
    claim_words: Words in "verbs",
    /// Verbs by which a deed noun lands on a place ("strikes hit Kharkiv",
    /// "shelling pounded the town").
    impact_verbs: Words in "verbs",
    /// Participles that are passive right before "of" ("accused of").
    of_passives: Words in "verbs",
    /// Verbs before "to" that negate the deed after ("failed to", "refused
    /// to").
    failure_verbs: Words in "verbs",
    /// Past participles not ending in -ed or -en, for the passive ("was
    /// shot").
    irregular_participles: Words in "verbs",
    /// Verbs of more than one syllable that double their last consonant
    /// ("committed", "patrolled").
    doubling_verbs: Words in "verbs",
    /// Words that end a run of lower-case words before a phrase: auxiliaries
    /// and "said" (matched as written).
    verbish: Words in "verbs",
    /// Words before a trigger that make it hypothetical ("would", "may",
    /// "plans", "fears", "urged").
    modal_cues: Words in "cues",
    /// Modals that, with "if" or "unless" after, make a measure conditional:
    /// a threat.
    conditional_modals: Words in "cues",
    /// Words before a trigger that put it in the future ("will", "'ll",
    /// "going").
    future_markers: Words in "cues",
    /// Words after "be" that make a deed expected, not done ("talks are
    /// due").
    expectation_words: Words in "cues",
    /// Prepositions that make a noun a point of reference ("after the
    /// attack").
    reference_prepositions: Words in "cues",
    /// Nouns before "of" that make what follows a point of reference ("in the
    /// wake of").
    reference_nouns: Words in "cues",
    /// Words that make a deed an answer, not a point of reference ("in
    /// response to").
    response_nouns: Words in "cues",
    /// Phrases before a deed that the event of the sentence answers ("in
    /// retaliation for").
    response_cues: Phrases in "cues",
    /// Words that make a span of time approximate ("nearly a week after").
    approximators: Words in "cues",
    /// Words of killing and death, for casualty counts.
    killed_words: Words in "harm",
    /// Words of injury, for casualty counts.
    injured_words: Words in "harm",
    /// Causes of death that are not actors.
    disasters: Words in "harm",
    /// Weapons and deeds after "the" that make a verb a claim of a deed told
    /// before ("fired the missile").
    deed_nouns: Words in "harm",
    /// Harm words a count may stand right before without "be" ("12 dead", "40
    /// injuries").
    bare_harm_words: Words in "harm",
    /// Harm words after which a number is never their count ("dead",
    /// "deaths").
    no_count_after: Words in "harm",
    /// Words between "toll" and its number ("the death toll rose to 25").
    toll_links: Words in "harm",
    /// Words after a second count that make it no second group of victims
    /// ("and 13 others", "and 40 injured").
    not_victim_nouns: Words in "harm",
    /// Words that may stand between a victim and the harm word of its
    /// count ("a man was shot and killed").
    harm_chain_words: Words in "harm",
    /// Words before a person noun that make it one victim ("a", "one").
    one_victim_words: Words in "harm",
    /// Object pronouns after a harm verb that make one victim ("killing
    /// him").
    harm_pronouns: Words in "harm",
    /// Harm words that take their victim as object ("killed a farmer").
    harm_verbs: Words in "harm",
    /// Nouns after "no" that say no one died ("no casualties").
    zero_killed_nouns: Words in "harm",
    /// Nouns after "no" that say no one was hurt ("no injuries").
    zero_injured_nouns: Words in "harm",
    /// Words for no one before a harm word ("nobody was hurt").
    nobody_words: Words in "harm",
    /// Words that begin a clause or join one after a participle, which
    /// then has no object ("injured when", "killed and"): a passive.
    clause_links: Words in "harm",
    /// Weapons of the hand, which a "charge" with is force ("charged
    /// them with batons").
    hand_weapons: Words in "harm",
    /// Nouns of quantity and groups: "hundreds of people" is the subject, not
    /// an object of "of".
    group_nouns: Words in "nouns",
    /// Nouns for one person, which after "a" make a count of one ("a
    /// soldier was killed").
    person_nouns: Words in "nouns",
    /// Nouns for a crowd, which a "charge" at is force ("charged the
    /// protesters").
    crowd_nouns: Words in "nouns",
    /// Nouns of what someone said or proposed, whose "by X" names its
    /// author: the one a rejection or accusation answers ("rejected calls
    /// by Belarus").
    said_nouns: Words in "nouns",
    /// Objects that make a verb of force, meeting or release name no deed:
    /// figures, forecasts and publications ("beat expectations", "struck
    /// a ten-month high", "released a list").
    figure_objects: Words in "nouns",
    /// What an "attack" in words is aimed at: after "attacked" they make
    /// it criticism ("attacked the impeachment inquiry").
    opinion_nouns: Words in "nouns",
    /// Nouns that make "of X" a place ("the town of Huwara").
    place_nouns: Words in "nouns",
    /// Nouns for the people of a place, which make "of X" a place
    /// ("residents of Gede").
    inhabitant_nouns: Words in "nouns",
    /// Nouns for a part, the people or an office of a place, which after
    /// "X's" make X a place ("Kurunegala's mayor"), and capitalised right
    /// after it ("Makueni Governor").
    place_part_nouns: Words in "nouns",
    /// Compass directions that make "of X" a place ("southwest of Gaza
    /// City").
    direction_words: Words in "nouns",
    /// Words for a first-level division after its name ("Anbar province").
    division_words: Words in "nouns",
    /// Place nouns that, after a name, make it a place ("Homa Bay town",
    /// "Rayagada district", "Mugu and Jumla districts").
    settlement_words: Words in "nouns",
    /// Nouns that, capitalised after a place name, make it part of an
    /// organisation's name ("Cumhuriyet University"): no place of its own.
    institution_words: Words in "nouns",
    /// Division words that also name a second-level division ("Kurram
    /// district", "Orange County"; in Kenya a county is first-level).
    county_words: Words in "nouns",
    /// Words that name divisions in some countries but are mostly adjectives
    /// or common nouns ("Western", "Centre").
    compass_words: Words in "nouns",
    /// Agent nouns that, alone before a lower-case noun, modify it and name
    /// no actor ("a military offensive").
    attributive_agents: Words in "nouns",
    /// Nouns of buildings, vehicles, weapons, media and movements that the
    /// Phoenix agent dictionary lists as actors but that never act.
    not_agents: Words in "nouns",
    /// Common given names, to read "Michael Jordan" as a person.
    given_names: Words in "names",
    /// Capitalised words that do not continue a personal name (matched as
    /// written).
    not_names: List in "names",
    /// Words that may stand before a place name without being part of it
    /// ("the", "northern").
    name_leaders: Words in "names",
    /// Words after which a period does not end a sentence ("Gen.", "Jan.").
    abbreviations: Words in "names",
    /// Suffixes that make a country adjective a sponsor, not a nationality
    /// ("Iranian-backed").
    sponsor_suffixes: List in "names",
    /// Words before a division's name in GeoNames that English news leaves
    /// out ("Muhafazat Kirkuk").
    division_prefixes: List in "names",
    /// Words after a division's name in GeoNames that English news leaves out
    /// ("Basra Governorate").
    division_suffixes: List in "names",
    /// Countries whose second-level divisions English news names without
    /// a county word ("police in Kent", "Hampshire, England").
    bare_county_countries: List in "names",
    /// Numbers written as words.
    cardinals: Valued in "numbers",
    /// Words that multiply a number before them ("three hundred").
    multipliers: Valued in "numbers",
    /// Vague counts and the lower bound casus reads them as ("dozens": 24).
    vague_counts: Valued in "numbers",
    /// Words before a number that make it a bound ("over", "nearly").
    count_bounds: Words in "numbers",
    /// Two words before a number that make it a bound ("at least", "more
    /// than").
    count_bound_pairs: Phrases in "numbers",
    /// Words that begin a date relative to the article's ("yesterday",
    /// "last").
    date_cues: Words in "calendar",
    /// Month names and abbreviations with their numbers.
    months: Valued in "calendar",
    /// Days of the week, Monday 0 to Sunday 6.
    weekdays: Valued in "calendar",
    /// Adjectives and demonyms of continents, valued by the continent's
    /// GeoNames id ("European", "Africans").
    continent_demonyms: Valued in "names",
    /// Trigger lemmas that tell a harm done in an attack ("kill"): joined to
    /// the attack, not events of their own.
    harm_triggers: List in "triggers",
    /// Trigger lemmas of promising: a promised measure is a threat.
    promise_triggers: List in "triggers",
    /// Trigger lemmas of deeds done by both sides at once ("clash"): "X and Y
    /// clashed" is one event.
    mutual_triggers: List in "triggers",
}

impl Lexicon {
    /// Reads the files the lists are declared in: rows of `set`, `word`
    /// and `value`.
    pub(crate) fn load(files: &DataFiles) -> Result<Lexicon, DataError> {
        // The files are those the lists are declared in.
        let mut names: Vec<&str> = Vec::new();
        for (_, file) in Lexicon::LISTS {
            if !names.contains(file) {
                names.push(file);
            }
        }
        let tables = names
            .iter()
            .map(|name| files.table(name))
            .collect::<Result<Vec<_>, _>>()?;
        let mut rows: HashMap<&str, Vec<Entry>> = HashMap::default();
        for t in &tables {
            let (c_set, c_word) = (t.col("set")?, t.col("word")?);
            let c_value = t.col("value").ok();
            for r in &t.rows {
                let set = r.get(c_set);
                let entry = Entry {
                    file: t.name,
                    line: r.line,
                    word: r.get(c_word),
                    value: c_value.map_or("", |c| r.get(c)),
                };
                let Some(&(_, home)) = Lexicon::LISTS.iter().find(|(name, _)| *name == set) else {
                    return Err(entry.error(format!(
                        "no word list is called {set:?} (data/README.md lists them)"
                    )));
                };
                if home != t.name {
                    return Err(entry.error(format!("the list {set} belongs in {home}")));
                }
                if entry.word.is_empty() {
                    return Err(entry.error("no word"));
                }
                let list = rows.entry(set).or_default();
                if list.iter().any(|e| e.word == entry.word) {
                    return Err(entry.error(format!("{:?} is in the list {set} twice", entry.word)));
                }
                list.push(entry);
            }
        }
        Lexicon::from_rows(&rows)
    }
}

/// The built-in lexicon, loaded once, for unit tests of the stages.
#[cfg(test)]
pub(crate) fn builtin() -> &'static Lexicon {
    static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::load(&DataFiles::builtin()).unwrap_or_else(|e| panic!("{e}")))
}

/// A 64-bit hash of `bytes`, eight bytes at a time (a word of up to eight
/// letters takes one multiplication); a `const fn` so that sets of words
/// are hashed at compile time.
pub(crate) const fn word_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h: u64 = bytes.len() as u64;
    let mut i = 0;
    while i < bytes.len() {
        let mut chunk: u64 = 0;
        let mut k = 0;
        while k < 8 && i + k < bytes.len() {
            chunk |= (bytes[i + k] as u64) << (8 * k);
            k += 1;
        }
        h = (h ^ chunk).wrapping_mul(K).rotate_left(29);
        i += 8;
    }
    h ^ (h >> 32)
}

/// [`word_hash`] of `buf[start..end]`, reading eight bytes at a time
/// from `buf` where it can (past `end` if the buffer goes on, the extra
/// bytes masked off): the same value, with fewer steps per byte.
#[inline]
pub(crate) fn word_hash_at(buf: &[u8], start: usize, end: usize) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let Some(bytes) = buf.get(start..end) else {
        return word_hash(&[]);
    };
    let mut h: u64 = bytes.len() as u64;
    let mut i = start;
    while i < end {
        let n = (end - i).min(8);
        let chunk = match buf.get(i..i + 8) {
            Some(b) => {
                let mut a = [0u8; 8];
                a.copy_from_slice(b);
                let v = u64::from_le_bytes(a);
                if n == 8 {
                    v
                } else {
                    v & ((1u64 << (8 * n)) - 1)
                }
            }
            None => {
                let mut a = [0u8; 8];
                a[..n].copy_from_slice(&buf[i..i + n]);
                u64::from_le_bytes(a)
            }
        };
        h = (h ^ chunk).wrapping_mul(K).rotate_left(29);
        i += 8;
    }
    h ^ (h >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_holds_its_words_and_nothing_else() {
        let set = Words::new(["said", "told", "to"]);
        for w in ["said", "told", "to"] {
            assert!(set.has(word_hash(w.as_bytes()), w));
        }
        for w in ["say", "", "Said", "tol"] {
            assert!(!set.has(word_hash(w.as_bytes()), w));
        }
        // The fast form agrees with the plain one, at every length and
        // with or without bytes after the word.
        let text = b"a bc def ghijklmnopqrstuvwxyz0123456789";
        for start in 0..text.len() {
            for end in start..=text.len() {
                assert_eq!(word_hash_at(text, start, end), word_hash(&text[start..end]));
            }
        }
        // A forged hash is confirmed against the text.
        assert!(!set.has(word_hash(b"said"), "sand"));
    }

    #[test]
    fn the_built_in_lexicon_loads_every_list() {
        let lex = builtin();
        assert!(lex.speech_verbs.contains("said"));
        assert_eq!(lex.months.value("Sept"), Some(9));
        assert_eq!(lex.weekdays.value("sunday"), Some(6));
        assert!(lex.not_names.contains("Monday") && !lex.not_names.contains("monday"));
    }

    #[test]
    fn data_readme_lists_every_list_and_file() {
        let readme = include_str!("../../../data/README.md");
        for (name, file) in Lexicon::LISTS {
            assert!(
                readme.contains(&format!("| {name} |")) && readme.contains(file),
                "data/README.md does not list {name} ({file})"
            );
        }
    }

    #[test]
    fn a_bad_row_is_named_by_file_and_line() {
        let files = DataFiles::builtin();
        let bad = |text: &str| {
            let f = files.with("lexicon/verbs.tsv", text);
            Lexicon::load(&f)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        let good = files
            .table("lexicon/verbs.tsv")
            .map(|t| t.rows.len())
            .unwrap_or(0);
        assert!(good > 100);
        let head = "set\tword\tvalue\n";
        assert_eq!(
            bad(&format!("{head}speech_verbs\tsaid\nspeach_verbs\ttold\n")),
            "lexicon/verbs.tsv:3: no word list is called \"speach_verbs\" (data/README.md lists them)"
        );
        assert_eq!(
            bad(&format!("{head}speech_verbs\tSaid\n")),
            "lexicon/verbs.tsv:2: \"Said\": lower case only in this list"
        );
        assert_eq!(
            bad(&format!("{head}speech_verbs\tsaid\nspeech_verbs\tsaid\n")),
            "lexicon/verbs.tsv:3: \"said\" is in the list speech_verbs twice"
        );
        assert_eq!(
            bad(&format!("{head}speech_verbs\tsaid\ngiven_names\tzebulon\n")),
            "lexicon/verbs.tsv:3: the list given_names belongs in lexicon/names.tsv"
        );
        let none = bad(&format!("{head}speech_verbs\tsaid\n"));
        assert!(
            none.starts_with("lexicon/verbs.tsv:0: no words for the list "),
            "{none}"
        );
    }
}
