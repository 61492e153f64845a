//! `casus parse`: the tags and dependency trees of sentences as CoNLL-U,
//! over casus's own sentences and tokens or over the words of a CoNLL-U
//! file (`--conllu`, for measuring on a treebank's own words).

use anyhow::{Context, Result};
use casus_core::{ParsedSentence, Pipeline};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// An article's sentences as CoNLL-U: a `newdoc` line, then per sentence
/// its id (`ARTICLE-N`, from 1) and text, and per word its tags, head and
/// relation, with its bytes in the article (`TokenRange=START:END`) and
/// `SpaceAfter=No` where the next word follows with no space.
pub fn conllu(article_id: &str, sentences: &[ParsedSentence]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# newdoc id = {article_id}");
    for (n, s) in sentences.iter().enumerate() {
        let _ = writeln!(out, "# sent_id = {article_id}-{}", n + 1);
        let _ = writeln!(out, "# text = {}", one_line(&s.text));
        for (i, w) in s.words.iter().enumerate() {
            let glued = s.words.get(i + 1).is_some_and(|next| next.start == w.end);
            let _ = writeln!(
                out,
                "{}\t{}\t_\t{}\t{}\t_\t{}\t{}\t_\t{}TokenRange={}:{}",
                i + 1,
                w.text,
                w.upos,
                w.xpos,
                w.head,
                w.deprel,
                if glued { "SpaceAfter=No|" } else { "" },
                w.start,
                w.end
            );
        }
        out.push('\n');
    }
    out
}

/// Text on one line: line breaks and tabs become spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses the words of every sentence of a CoNLL-U file, keeping its
/// sentence ids and texts; returns the exit code.
pub fn run_conllu(p: &Pipeline, file: &Path, output: Option<&Path>) -> Result<i32> {
    let model = p.syntax_model().context("loading the syntax model")?;
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let sents =
        casus_syntax::conllu::read(&text).with_context(|| format!("reading {}", file.display()))?;
    let mut out = String::new();
    for s in &sents {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let text = (!s.text.is_empty()).then_some(s.text.as_str());
        casus_syntax::conllu::write(&mut out, &s.id, text, &model.analyse(&words));
    }
    match output {
        Some(path) => {
            std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))?
        }
        None => std::io::stdout()
            .lock()
            .write_all(out.as_bytes())
            .context("writing to standard output")?,
    }
    Ok(0)
}
