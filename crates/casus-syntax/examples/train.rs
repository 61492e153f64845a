//! Trains the syntax model: `cargo run --release -p casus-syntax --example
//! train -- TRAIN.conllu DEV.conllu OUT.model "NOTE"` (tools/train_syntax
//! runs it on UD English EWT). Prints the dev scores and the features kept.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [train, dev, out, note] = args.as_slice() else {
        return Err("usage: train TRAIN.conllu DEV.conllu OUT.model NOTE".into());
    };
    let read =
        |p: &str| -> Result<Vec<casus_syntax::conllu::TreeSentence>, Box<dyn std::error::Error>> {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"))?;
            Ok(casus_syntax::conllu::read(&text).map_err(|e| format!("{p}: {e}"))?)
        };
    let (train_set, dev_set) = (read(train)?, read(dev)?);
    let mut opts = casus_syntax::TrainOptions {
        note: note.clone(),
        ..Default::default()
    };
    // Settings for experiments; the defaults are what tools/train_syntax uses.
    setting("PARSER_EPOCHS", &mut opts.parser_epochs)?;
    setting("TAGGER_EPOCHS", &mut opts.tagger_epochs)?;
    setting("SEEDS", &mut opts.seeds)?;
    setting("SEED", &mut opts.seed)?;
    setting("FLOOR", &mut opts.floor)?;
    setting("JACKKNIFE", &mut opts.jackknife)?;
    let t0 = Instant::now();
    let model = casus_syntax::train(&train_set, &opts);
    eprintln!(
        "trained on {} sentences in {:.1?}",
        train_set.len(),
        t0.elapsed()
    );
    let s = casus_syntax::score(&model, &dev_set);
    eprintln!(
        "dev: {} words, UPOS {:.4}, UAS {:.4}, LAS {:.4}; features {:?}",
        s.words,
        s.upos,
        s.uas,
        s.las,
        model.sizes()
    );
    let (mut n, mut uas) = (0usize, 0usize);
    for sent in &dev_set {
        let a = model.parse_gold_tags(sent);
        n += sent.words.len();
        uas += a
            .heads
            .iter()
            .zip(&sent.heads)
            .filter(|(a, b)| a == b)
            .count();
    }
    eprintln!("dev with gold tags: UAS {:.4}", uas as f64 / n as f64);
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).map_err(|e| format!("{out}: {e}"))?;
    eprintln!("wrote {out}: {} bytes", bytes.len());
    Ok(())
}

/// Sets `value` from environment variable `name` when it is set.
fn setting<T: std::str::FromStr>(name: &str, value: &mut T) -> Result<(), String> {
    if let Ok(v) = std::env::var(name) {
        *value = v
            .parse()
            .map_err(|_| format!("{name}={v}: not a value for it"))?;
    }
    Ok(())
}
