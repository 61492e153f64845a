//! Lists a model's most frequent tag confusions on a CoNLL-U file:
//! `confusions MODEL FILE.conllu`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model, file] = args.as_slice() else {
        return Err("usage: confusions MODEL FILE.conllu".into());
    };
    let model = casus_syntax::Model::from_bytes(&std::fs::read(model)?)?;
    let sents = casus_syntax::conllu::read(&std::fs::read_to_string(file)?)?;
    let mut counts = std::collections::HashMap::new();
    let mut words = std::collections::HashMap::new();
    for s in &sents {
        let w: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let tags = model.tag(&w);
        for i in 0..w.len() {
            if tags[i] != s.upos[i] {
                *counts
                    .entry((s.upos[i].as_str(), tags[i].as_str()))
                    .or_insert(0) += 1;
                *words
                    .entry(format!(
                        "{} {}>{}",
                        w[i],
                        s.upos[i].as_str(),
                        tags[i].as_str()
                    ))
                    .or_insert(0) += 1;
            }
        }
    }
    let mut c: Vec<_> = counts.into_iter().collect();
    c.sort_by_key(|e| std::cmp::Reverse(e.1));
    for ((g, p), n) in c.iter().take(20) {
        println!("{n}\t{g} -> {p}");
    }
    let mut w: Vec<_> = words.into_iter().collect();
    w.sort_by_key(|e| std::cmp::Reverse(e.1));
    for (k, n) in w.iter().take(40) {
        println!("{n}\t{k}");
    }
    Ok(())
}
