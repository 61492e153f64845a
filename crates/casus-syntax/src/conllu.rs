//! CoNLL-U, the format of Universal Dependencies: reading treebanks (for
//! training and scoring) and writing parses.
//!
//! Only the basic tree is read: multiword-token lines ("1-2") and empty
//! nodes ("8.1") are skipped, so a sentence is its syntactic words.

use crate::upos::Upos;
use crate::Error;
use std::fmt::Write as _;

/// One sentence of a treebank: its words with their gold analysis.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TreeSentence {
    /// The `# sent_id` comment, if any.
    pub id: String,
    /// The `# text` comment, if any.
    pub text: String,
    /// The word forms.
    pub words: Vec<String>,
    /// Each word's universal tag.
    pub upos: Vec<Upos>,
    /// Each word's language-specific tag (Penn Treebank's for English).
    pub xpos: Vec<String>,
    /// Each word's head: 0 for the root, else a 1-based word index.
    pub heads: Vec<u32>,
    /// Each word's relation to its head ("nsubj", "obl:tmod").
    pub deprels: Vec<String>,
}

/// Reads every sentence of a CoNLL-U text.
///
/// # Errors
/// [`Error::Conllu`] naming the 1-based line of a word line with fewer than
/// ten columns, an unknown tag or a head that is no number.
pub fn read(text: &str) -> Result<Vec<TreeSentence>, Error> {
    let mut out = Vec::new();
    let mut cur = TreeSentence::default();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur.id.clear();
            cur.text.clear();
            continue;
        }
        if let Some(id) = line.strip_prefix("# sent_id = ") {
            cur.id = id.trim().to_string();
            continue;
        }
        if let Some(t) = line.strip_prefix("# text = ") {
            cur.text = t.to_string();
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        read_word(line, n + 1, &mut cur)?;
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Adds one word line to `cur`, skipping multiword tokens and empty nodes.
fn read_word(line: &str, lineno: usize, cur: &mut TreeSentence) -> Result<(), Error> {
    let cols: Vec<&str> = line.split('\t').collect();
    let bad = |why: &str| Error::Conllu {
        line: lineno,
        why: why.to_string(),
    };
    if cols.len() < 10 {
        return Err(bad("a word line has ten tab-separated columns"));
    }
    let id = cols[0];
    if id.contains('-') || id.contains('.') {
        return Ok(());
    }
    let upos = Upos::parse(cols[3]).ok_or_else(|| bad("unknown UPOS tag"))?;
    let head = cols[6]
        .parse::<u32>()
        .map_err(|_| bad("the head is no number"))?;
    cur.words.push(cols[1].to_string());
    cur.upos.push(upos);
    cur.xpos.push(cols[4].to_string());
    cur.heads.push(head);
    cur.deprels.push(cols[7].to_string());
    Ok(())
}

/// Writes one analysed sentence as CoNLL-U (with its blank line after).
/// `text`, if given, becomes the `# text` comment.
pub fn write(out: &mut String, id: &str, text: Option<&str>, parse: &crate::Analysis<'_>) {
    if !id.is_empty() {
        let _ = writeln!(out, "# sent_id = {id}");
    }
    if let Some(t) = text {
        let _ = writeln!(out, "# text = {}", t.replace('\n', " "));
    }
    for (i, w) in parse.words.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}\t{}\t_\t{}\t{}\t_\t{}\t{}\t_\t_",
            i + 1,
            w,
            parse.upos[i].as_str(),
            parse.xpos(i),
            parse.heads[i],
            parse.deprel(i)
        );
    }
    out.push('\n');
}
