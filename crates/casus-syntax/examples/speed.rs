//! Tokens per second of tagging alone and of tagging with parsing, on one
//! core: `speed MODEL FILE.conllu [ROUNDS]`.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (model, file) = match args.as_slice() {
        [m, f, ..] => (m, f),
        _ => return Err("usage: speed MODEL FILE.conllu [ROUNDS]".into()),
    };
    let rounds: usize = args.get(2).map_or(Ok(3), |r| r.parse())?;
    let t0 = Instant::now();
    let mut model = casus_syntax::Model::from_bytes(&std::fs::read(model)?)?;
    println!("load {:.1?}", t0.elapsed());
    if let Ok(f) = std::env::var("PRUNE") {
        let f: Vec<f32> = f.split(',').map(str::parse).collect::<Result<_, _>>()?;
        model = model.pruned([f[0], f[1], f[2]]);
        println!("pruned to {:?} features", model.sizes());
    }
    let sents = casus_syntax::conllu::read(&std::fs::read_to_string(file)?)?;
    let words: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.words.iter().map(String::as_str).collect())
        .collect();
    let n: usize = words.iter().map(Vec::len).sum::<usize>() * rounds;
    let t = Instant::now();
    let mut sink = 0usize;
    for _ in 0..rounds {
        for w in &words {
            sink += model.tag(w).len();
        }
    }
    let tag = n as f64 / t.elapsed().as_secs_f64();
    let t = Instant::now();
    for _ in 0..rounds {
        for w in &words {
            sink += model.analyse(w).heads.len();
        }
    }
    let both = n as f64 / t.elapsed().as_secs_f64();
    println!("{n} tokens: tagging {tag:.0}/s, tagging and parsing {both:.0}/s ({sink})");
    Ok(())
}
