//! Scores a model on a CoNLL-U file with gold words: `evaluate MODEL FILE`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model, file] = args.as_slice() else {
        return Err("usage: evaluate MODEL FILE.conllu".into());
    };
    let mut model = casus_syntax::Model::from_bytes(&std::fs::read(model)?)?;
    if let Ok(f) = std::env::var("PRUNE") {
        let f: Vec<f32> = f.split(',').map(str::parse).collect::<Result<_, _>>()?;
        model = model.pruned([f[0], f[1], f[2]]);
        println!(
            "pruned to {:?} features, {} bytes",
            model.sizes(),
            model.to_bytes().len()
        );
    }
    let sents = casus_syntax::conllu::read(&std::fs::read_to_string(file)?)?;
    if let Ok(out) = std::env::var("SAVE") {
        std::fs::write(out, model.to_bytes())?;
    }
    if let Ok(out) = std::env::var("OUT") {
        let mut text = String::new();
        for s in &sents {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            casus_syntax::conllu::write(&mut text, &s.id, None, &model.analyse(&words));
        }
        std::fs::write(out, text)?;
    }
    let s = casus_syntax::score(&model, &sents);
    println!(
        "{} words: UPOS {:.4} UAS {:.4} LAS {:.4}",
        s.words, s.upos, s.uas, s.las
    );
    Ok(())
}
