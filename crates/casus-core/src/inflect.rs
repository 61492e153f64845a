//! English inflection: the forms a text uses of a lemma in the trigger
//! lexicon ("attack" → "attacked", "attacking"; "air strike" → "air
//! strikes"), with the irregular verbs of `lexicon/irregular_verbs.tsv`.

use rustc_hash::FxHashMap as HashMap;

/// English irregular verb forms, read from `lexicon/irregular_verbs.tsv`,
/// and the verbs of more than one syllable that double their final
/// consonant (the lexicon's `doubling_verbs`).
#[derive(Default)]
pub(crate) struct Irregulars {
    forms: HashMap<String, (Vec<String>, Vec<String>)>,
    doubling: Vec<String>,
}

impl Irregulars {
    /// Adds a verb that doubles its final consonant ("commit").
    pub(crate) fn add_doubling(&mut self, verb: &str) {
        self.doubling.push(verb.to_string());
    }

    /// Adds a verb's past and past participle forms.
    pub(crate) fn insert(&mut self, base: &str, past: Vec<String>, participle: Vec<String>) {
        self.forms.insert(base.to_string(), (past, participle));
    }
}

fn doubles(verb: &str, irregular: &Irregulars) -> bool {
    if irregular.doubling.iter().any(|d| d == verb) {
        return true;
    }
    let b = verb.as_bytes();
    let vowel = |c: u8| b"aeiou".contains(&c);
    let n = b.len();
    if n < 3 {
        return false;
    }
    let vowel_groups = b
        .iter()
        .enumerate()
        .filter(|&(i, &c)| (vowel(c) || (c == b'y' && i > 0)) && (i == 0 || !vowel(b[i - 1])))
        .count();
    vowel_groups == 1
        && !vowel(b[n - 1])
        && !b"wxy".contains(&b[n - 1])
        && vowel(b[n - 2])
        && !vowel(b[n - 3])
}

/// The forms of a verb: base, third person singular, past, past
/// participle and present participle (duplicates removed).
pub(crate) fn verb_forms(base: &str, irregular: &Irregulars) -> Vec<String> {
    let b = base.as_bytes();
    let last = b.last().copied().unwrap_or(b'x');
    let before = if b.len() >= 2 { b[b.len() - 2] } else { b'x' };
    let consonant_y = last == b'y' && !b"aeiou".contains(&before);
    let third = if base.ends_with('s')
        || base.ends_with('x')
        || base.ends_with('z')
        || base.ends_with("ch")
        || base.ends_with("sh")
        || base.ends_with('o')
    {
        format!("{base}es")
    } else if consonant_y {
        format!("{}ies", &base[..base.len() - 1])
    } else {
        format!("{base}s")
    };
    let stem_double = doubles(base, irregular).then(|| format!("{base}{}", last as char));
    let regular_past = if last == b'e' {
        format!("{base}d")
    } else if consonant_y {
        format!("{}ied", &base[..base.len() - 1])
    } else if let Some(d) = &stem_double {
        format!("{d}ed")
    } else {
        format!("{base}ed")
    };
    let ing = if let Some(stem) = base.strip_suffix("ie") {
        format!("{stem}ying")
    } else if last == b'e'
        && !base.ends_with("ee")
        && !base.ends_with("ye")
        && !base.ends_with("oe")
    {
        format!("{}ing", &base[..base.len() - 1])
    } else if let Some(d) = &stem_double {
        format!("{d}ing")
    } else {
        format!("{base}ing")
    };
    let mut forms = vec![base.to_string(), third, ing];
    // British spelling doubles a final l after one vowel: "cancelled",
    // "travelling", "labelled".
    if last == b'l'
        && b"aeiou".contains(&before)
        && !b"aeiou".contains(&b.get(b.len().wrapping_sub(3)).copied().unwrap_or(b'a'))
    {
        forms.push(format!("{base}led"));
        forms.push(format!("{base}ling"));
    }
    match irregular.forms.get(base) {
        Some((past, part)) => {
            forms.extend(past.iter().cloned());
            forms.extend(part.iter().cloned());
        }
        None => forms.push(regular_past),
    }
    forms.sort();
    forms.dedup();
    forms
}

/// The plural of a noun (regular rules; a word ending in "s" is kept).
pub(crate) fn plural(noun: &str) -> String {
    let b = noun.as_bytes();
    let last = b.last().copied().unwrap_or(b'x');
    let before = if b.len() >= 2 { b[b.len() - 2] } else { b'x' };
    if noun.ends_with('s') {
        noun.to_string()
    } else if noun.ends_with('x')
        || noun.ends_with('z')
        || noun.ends_with("ch")
        || noun.ends_with("sh")
    {
        format!("{noun}es")
    } else if last == b'y' && !b"aeiou".contains(&before) {
        format!("{}ies", &noun[..noun.len() - 1])
    } else {
        format!("{noun}s")
    }
}

/// Inflects the first word of a multi-word verb phrase ("carry out" →
/// "carried out") or the last word of a noun phrase ("air strike" → "air
/// strikes").
pub(crate) fn phrase_forms(phrase: &str, verb: bool, irregular: &Irregulars) -> Vec<String> {
    if verb {
        // "sexually abuse": the adverb stays, the verb after it inflects.
        let skip = match phrase.split_once(' ') {
            Some((adv, _)) if adv.ends_with("ly") => adv.len() + 1,
            _ => 0,
        };
        let (lead, rest) = phrase.split_at(skip);
        let (head, tail) = rest.split_at(rest.find(' ').unwrap_or(rest.len()));
        verb_forms(head, irregular)
            .into_iter()
            .map(|f| format!("{lead}{f}{tail}"))
            .collect()
    } else {
        let (init, last) = match phrase.rfind(' ') {
            Some(i) => phrase.split_at(i + 1),
            None => ("", phrase),
        };
        let mut v = vec![phrase.to_string(), format!("{init}{}", plural(last))];
        v.dedup();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn irr() -> Irregulars {
        let mut i = Irregulars::default();
        i.add_doubling("kidnap");
        i.insert(
            "strike",
            vec!["struck".into()],
            vec!["struck".into(), "stricken".into()],
        );
        i
    }

    #[test]
    fn verb_inflection() {
        let i = irr();
        assert_eq!(
            verb_forms("attack", &i),
            ["attack", "attacked", "attacking", "attacks"]
        );
        assert_eq!(
            verb_forms("strike", &i),
            ["stricken", "strike", "strikes", "striking", "struck"]
        );
        assert!(verb_forms("ban", &i).contains(&"banned".to_string()));
        assert!(verb_forms("agree", &i).contains(&"agreeing".to_string()));
        assert!(verb_forms("occupy", &i).contains(&"occupied".to_string()));
        assert!(verb_forms("veto", &i).contains(&"vetoes".to_string()));
        assert!(verb_forms("kidnap", &i).contains(&"kidnapped".to_string()));
        assert!(verb_forms("threaten", &i).contains(&"threatened".to_string()));
        assert!(verb_forms("cancel", &i).contains(&"cancelled".to_string()));
        assert!(verb_forms("cancel", &i).contains(&"canceled".to_string()));
        assert!(!verb_forms("appeal", &i).contains(&"appealled".to_string()));
        assert!(phrase_forms("sexually abuse", true, &i).contains(&"sexually abused".to_string()));
        assert!(phrase_forms("carry out", true, &i).contains(&"carried out".to_string()));
        assert_eq!(
            phrase_forms("air strike", false, &i),
            ["air strike", "air strikes"]
        );
    }
}
